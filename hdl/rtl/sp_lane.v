/*
 * sp_lane: one value lane of the propagator core (hdl/SPEC.md sections 4 and 6.4).
 *
 * A lane owns one value a of the variable being revised and two registers: acc, the running
 * complement chain of a support (or of a literal weight / clause support), and rev, the running
 * revision product. Every step multiplies one of them by one factor through the lane's single
 * multiplier; complements are exact (ONE - x), so the lane's chains are the spec's fold orders:
 *   OP_LOAD : rev <= i_w; acc <= 0                         (p_x[a], already normalised by the core)
 *   OP_FOLD : acc <= f(i_first ? ONE : acc, i_bit ? i_np : ONE)   (i_np = not(p), from the core)
 *   OP_REVA : rev <= f(rev, ONE - acc); acc <= i_bit ? i_np : ONE
 *             (the last arc's support, and the next arc's first fold step, which needs no product:
 *             mul(ONE, t) = t; after OP_LOAD, acc = 0 makes the first OP_REVA of a group exact)
 *   OP_REVS : rev <= f(rev, i_bit ? ONE : i_s)              (one clause support)
 * f is the Q1.15 product (sp_qmul) in soft mode and the AND in hard mode, where every operand is 0
 * or ONE (the core normalises the weights it loads), so the AND reads ONE's bit alone; on 0 / ONE
 * operands it equals the product.
 * While idle, the multiplier also answers the unit-test port: o_unit = mul(a, b) (i_unit_or = 0)
 * or not(mul(not a, not b)) (i_unit_or = 1), the product and OR units of the spec.
 *
 * Parameters:
 *   OPT_UNIT - 1: connect the unit-test port (the core's lane 0); 0: leave it out (o_unit = 0)
 */
`default_nettype none
`include "spec_constants.vh"

module sp_lane #(
    parameter integer OPT_UNIT = 1      // 1: the unit-test port drives the multiplier while holding
) (
    input  wire        clk,
    // Step control
    input  wire        i_hard,       // hard mode: AND instead of the product
    input  wire [2:0]  i_op,         // OP_* below
    input  wire        i_first,      // OP_FOLD: start a new chain from ONE
    input  wire        i_bit,        // OP_FOLD, OP_REVA: factor is i_np; OP_REVS: factor is ONE
    input  wire [15:0] i_np,         // OP_FOLD, OP_REVA: not(p) of the folded weight (shared by all lanes)
    input  wire [15:0] i_s,          // OP_REVS: clause support
    input  wire [15:0] i_w,          // OP_LOAD: initial revision value
    // Unit-test port (used while i_op = OP_HOLD)
    input  wire        i_unit_or,
    input  wire [15:0] i_unit_a,
    input  wire [15:0] i_unit_b,
    output wire [15:0] o_unit,
    // State
    output wire [15:0] o_acc,
    output wire [15:0] o_rev
);

    `include "sp_lane_ops.vh"
    localparam [15:0] ONE = `SPEC_ONE;

    reg [15:0] acc_reg, acc_next;
    reg [15:0] rev_reg, rev_next;
    reg [15:0] mul_a, mul_b;
    wire [15:0] prod;

    sp_qmul mul (
        .i_a (mul_a),
        .i_b (mul_b),
        .o_y (prod)
    );

    // Hard mode: a value is in (ONE) or out (0); AND of the two, as 0 / ONE.
    wire [15:0] step = i_hard ? ((mul_a[`SPEC_FRAC_BITS] && mul_b[`SPEC_FRAC_BITS]) ? ONE : 16'd0) : prod;

    always @* begin
        case (i_op)
            OP_FOLD: begin
                mul_a = i_first ? ONE : acc_reg;
                mul_b = i_bit ? i_np : ONE;
            end
            OP_REVA: begin
                mul_a = rev_reg;
                mul_b = ONE - acc_reg;
            end
            OP_REVS: begin
                mul_a = rev_reg;
                mul_b = i_bit ? ONE : i_s;
            end
            default: begin
                mul_a = (OPT_UNIT == 0) ? 16'd0 : i_unit_or ? ONE - i_unit_a : i_unit_a;
                mul_b = (OPT_UNIT == 0) ? 16'd0 : i_unit_or ? ONE - i_unit_b : i_unit_b;
            end
        endcase
    end

    always @* begin
        acc_next = acc_reg;
        rev_next = rev_reg;
        case (i_op)
            OP_LOAD: begin
                rev_next = i_w;
                acc_next = 16'd0;
            end
            OP_FOLD: acc_next = step;
            OP_REVA: begin
                rev_next = step;
                acc_next = i_bit ? i_np : ONE;
            end
            OP_REVS: rev_next = step;
            OP_HOLD: ;
            default: ;
        endcase
    end

    always @(posedge clk) begin
        acc_reg <= acc_next;
        rev_reg <= rev_next;
    end

    assign o_unit = (OPT_UNIT == 0) ? 16'd0 : i_unit_or ? ONE - prod : prod;
    assign o_acc = acc_reg;
    assign o_rev = rev_reg;

endmodule

`default_nettype wire
