// Test bench of sp_qmul: corner cases and 200000 seeded random pairs in [0, ONE] against the
// formula of hdl/SPEC.md section 4, written here independently: round(a*b / 2^15), half up.
// (The exhaustive sweep of all pairs is hdl/tb/sp_unit_sweep.cpp.)
`default_nettype none
`timescale 1ns / 1ps

module tb_sp_qmul;
    reg  [15:0] a, b;
    wire [15:0] y;
    integer i, seed;
    `include "tb_report.vh"
    reg [15:0] want, ra, rb;
    reg         p_unused_top;
    reg [13:0]  p_unused_low;
    reg         half;

    sp_qmul dut (.i_a(a), .i_b(b), .o_y(y));

    `include "tb_rand.vh"

    task run(input [15:0] ta, input [15:0] tb);
        begin
            a = ta;
            b = tb;
            #1;
            // Round half up: add one when the dropped fraction is at least one half.
            {p_unused_top, want, half, p_unused_low} = ta * tb;
            want = want + {15'd0, half};
            if (y !== want) begin
                if (errors < 10) $display("FAIL mul(%h, %h) = %h, want %h", ta, tb, y, want);
                errors = errors + 1;
            end
        end
    endtask

    initial begin
        run(16'h8000, 16'h8000);
        run(16'h8000, 16'h1234);
        run(16'h1234, 16'h8000);
        run(16'h0000, 16'h8000);
        run(16'h0001, 16'h4000);   // exactly one half: rounds up to 1
        run(16'h0001, 16'h3fff);   // just below one half: 0
        run(16'h0003, 16'h4000);   // 1.5: rounds up to 2
        run(16'h7fff, 16'h7fff);
        seed = 12345;
        for (i = 0; i < 200000; i = i + 1) begin
            rand_weight(ra);
            rand_weight(rb);
            run(ra, rb);
        end
        // mul(ONE, b) = b exactly for every b.
        for (i = 0; i <= 32768; i = i + 1) begin
            run(16'h8000, i[15:0]);
            if (y !== i[15:0]) begin
                $display("FAIL mul(ONE, %h) = %h", i[15:0], y);
                errors = errors + 1;
            end
        end
        tb_finish("tb_sp_qmul");
    end
endmodule

`default_nettype wire
