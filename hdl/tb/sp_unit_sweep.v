/*
 * sp_unit_sweep: LANES copies of sp_lane's unit-test path side by side (each lane's own a, one
 * shared b), so the Verilated C++ harness sp_unit_sweep.cpp can check the Q1.15 product and OR of
 * every pair a, b in [0, ONE] in well under a minute.
 *
 * Parameters:
 *   LANES - lanes evaluated per call of eval()
 */
`default_nettype none
`include "spec_constants.vh"

module sp_unit_sweep #(
    parameter integer LANES = 128   // lanes evaluated per call of eval()
) (
    input  wire               clk,
    input  wire               i_or,      // 0 = product, 1 = OR
    input  wire [LANES*16-1:0] i_a,
    input  wire [15:0]        i_b,
    output wire [LANES*16-1:0] o_y,
    output wire [15:0]        o_one
);

    genvar j;
    generate
        for (j = 0; j < LANES; j = j + 1) begin : g_lane
            wire [15:0] acc, rev;
            sp_lane lane (
                .clk       (clk),
                .i_hard    (1'b0),
                .i_op      (3'd0),
                .i_first   (1'b0),
                .i_bit     (1'b0),
                .i_np      (16'd0),
                .i_s       (16'd0),
                .i_w       (16'd0),
                .i_unit_or (i_or),
                .i_unit_a  (i_a[j*16 +: 16]),
                .i_unit_b  (i_b),
                .o_unit    (o_y[j*16 +: 16]),
                .o_acc     (acc),
                .o_rev     (rev)
            );
            // The lane's registers hold in OP_HOLD; only the unit path is swept here.
            wire unused_state = &{1'b0, acc, rev};
        end
    endgenerate

    assign o_one = `SPEC_ONE;

endmodule

`default_nettype wire
