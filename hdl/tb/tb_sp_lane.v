// Test bench of sp_lane: random sequences of LOAD / FOLD / REVA / REVS steps in soft and hard mode,
// and the unit-test port, against a model of the lane written here from hdl/SPEC.md section 4.
`default_nettype none
`timescale 1ns / 1ps

module tb_sp_lane;
    localparam [15:0] ONE = 16'h8000;
    `include "sp_lane_ops.vh"

    reg clk = 0;
    always #5 clk <= ~clk;

    reg        hard = 0, first = 0, bit_in = 0, unit_or = 0;
    reg  [2:0] op = OP_HOLD;
    reg  [15:0] p = 0, s = 0, w = 0, ua = 0, ub = 0;
    wire [15:0] unit_y, acc, rev;
    reg  [15:0] macc, mrev;        // model state
    integer i, seed;
    `include "tb_report.vh"
    reg  [31:0] r;

    sp_lane dut (
        .clk(clk), .i_hard(hard), .i_op(op), .i_first(first), .i_bit(bit_in), .i_np(ONE - p), .i_s(s), .i_w(w),
        .i_unit_or(unit_or), .i_unit_a(ua), .i_unit_b(ub), .o_unit(unit_y), .o_acc(acc), .o_rev(rev));

    `include "tb_rand.vh"
    wire unused_r = &{1'b0, r};

    function [15:0] qmul(input [15:0] x, input [15:0] y);
        reg        prod_unused_top, half;
        reg [13:0] prod_unused_low;
        begin
            {prod_unused_top, qmul, half, prod_unused_low} = x * y;
            qmul = qmul + {15'd0, half};   // round half up
        end
    endfunction

    function [15:0] f(input [15:0] x, input [15:0] y);
        f = hard ? ((x != 16'd0 && y != 16'd0) ? ONE : 16'd0) : qmul(x, y);
    endfunction

    // A random weight: 0 / ONE in hard mode, anything in [0, ONE] otherwise.
    task weight(output [15:0] wx);
        begin
            rand_weight(wx);
            if (hard) wx = wx[0] ? ONE : 16'd0;
        end
    endtask

    task step;
        begin
            case (op)
                OP_LOAD: begin
                    mrev = w;
                    macc = 16'd0;
                end
                OP_FOLD: macc = f(first ? ONE : macc, bit_in ? ONE - p : ONE);
                OP_REVA: begin
                    mrev = f(mrev, ONE - macc);
                    macc = bit_in ? ONE - p : ONE;
                end
                OP_REVS: mrev = f(mrev, bit_in ? ONE : s);
                default: ;
            endcase
            @(posedge clk) #1;
            if (acc !== macc || rev !== mrev) begin
                if (errors < 10) $display("FAIL op %0d hard %0d: acc %h/%h rev %h/%h", op, hard, acc, macc, rev, mrev);
                errors = errors + 1;
            end
        end
    endtask

    initial begin
        seed = 7;
        @(negedge clk);
        hard = 0; op = OP_FOLD; first = 1; bit_in = 0; step;   // acc = ONE
        op = OP_LOAD; w = 16'h1234; step;
        for (i = 0; i < 20000; i = i + 1) begin
            @(negedge clk);
            if (i % 1000 == 0) hard = ~hard;
            // Hard mode's lane operands are 0 or ONE (the core normalises what it loads): start
            // from a loaded group.
            if (i % 1000 == 0 && hard) begin
                op = OP_LOAD;
                w = ONE;
                step;
                @(negedge clk);
            end
            rand_bits(r);
            op = 3'd1 + {1'b0, r[1:0]};
            first = r[3:2] == 2'd0;
            bit_in = r[4];
            weight(p);
            weight(s);
            weight(w);
            step;
        end
        // Unit port (soft product and OR) while holding.
        @(negedge clk) op = OP_HOLD; hard = 0;
        for (i = 0; i < 20000; i = i + 1) begin
            rand_bits(r);
            unit_or = r[0];
            rand_weight(ua);
            rand_weight(ub);
            #1;
            if (unit_y !== (unit_or ? ONE - qmul(ONE - ua, ONE - ub) : qmul(ua, ub))) begin
                if (errors < 10) $display("FAIL unit or=%0d a=%h b=%h: %h", unit_or, ua, ub, unit_y);
                errors = errors + 1;
            end
        end
        tb_finish("tb_sp_lane");
    end
endmodule

`default_nettype wire
