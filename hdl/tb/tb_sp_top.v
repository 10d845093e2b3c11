// Test bench of sp_top through its register window, as the host drives it: ID and parameters,
// auto-incrementing bulk writes and reads, the unit-test port, and three small problems laid out
// per hdl/SPEC.md 6.3 (LANES = 4) with results worked out by hand from sections 3-4:
//   A: not-equal chain x0 != x1 != x2 (2 values), x0 = {0}, hard mode: 3 rounds to the fixpoint.
//   B: clause (x0 in {1}) or (x1 in {1}), soft mode, one round: literal weights, clause supports.
//   C: x0 != x1 with single-value domains: wipe-out in round 1.
`default_nettype none
`timescale 1ns / 1ps

module tb_sp_top;
    localparam [31:0] ONE = 32'h8000;
    localparam [5:0] A_ID = 0, A_CTRL = 1, A_MODE = 2, A_MAX_ROUNDS = 3, A_STATUS = 4, A_ROUNDS = 5,
                     A_CYCLES_LO = 6, A_NVARS = 8, A_NCLAUSES = 9, A_NLITS = 10, A_LSHIFT = 11,
                     A_REGION = 12, A_ADDR = 13, A_DATA = 14, A_UNIT_OP = 15, A_UNIT_AB = 16, A_UNIT_R = 17,
                     A_PARAMS = 24;
    reg clk = 0;
    always #5 clk <= ~clk;

    reg         rst = 1, we = 0, re = 0;
    reg  [5:0]  addr = 0;
    reg  [31:0] wdata = 0;
    wire [31:0] rdata;
    wire        busy, done, wipeout;
    reg  [31:0] v;
    integer i;
    `include "tb_report.vh"

    sp_top #(.LANES(4), .MAX_DOM(16), .WDEPTH(16), .VDEPTH(8), .ADEPTH(16), .RDEPTH(16),
             .LDEPTH(16), .CDEPTH(8), .SDEPTH(16)) dut (
        .clk(clk), .rst(rst), .i_reg_addr(addr), .i_reg_we(we), .i_reg_re(re), .i_reg_wdata(wdata),
        .o_reg_rdata(rdata), .o_busy(busy), .o_done(done), .o_wipeout(wipeout));

    task wr(input [5:0] a, input [31:0] d);
        begin
            @(negedge clk) addr = a; wdata = d; we = 1;
            @(negedge clk) we = 0;
        end
    endtask

    task rd(input [5:0] a, output [31:0] d);
        begin
            @(negedge clk) addr = a; re = 1;
            #1 d = rdata;
            @(negedge clk) re = 0;
        end
    endtask

    task expect_reg(input [5:0] a, input [31:0] want);
        begin
            rd(a, v);
            if (v !== want) begin
                $display("FAIL register %h: %h, want %h", a, v, want);
                errors = errors + 1;
            end
        end
    endtask

    task seek(input [3:0] region, input [31:0] offset);
        begin
            wr(A_REGION, {28'd0, region});
            wr(A_ADDR, offset);
        end
    endtask

    task expect_mem(input [3:0] region, input [31:0] offset, input [31:0] want);
        begin
            seek(region, offset);
            rd(A_DATA, v);
            if (v !== want) begin
                $display("FAIL region %0d word %0d: %h, want %h", region, offset, v, want);
                errors = errors + 1;
            end
        end
    endtask

    task run(input mode, input [31:0] rounds);
        begin
            wr(A_MODE, {31'd0, mode});
            wr(A_MAX_ROUNDS, rounds);
            wr(A_CTRL, 1);
            while (busy) @(negedge clk);
            if (!done) begin
                $display("FAIL done pin low after a run");
                errors = errors + 1;
            end
            rd(A_STATUS, v);
            if (wipeout !== v[2]) begin
                $display("FAIL wipe-out pin %b, STATUS %h", wipeout, v);
                errors = errors + 1;
            end
        end
    endtask

    initial begin
        repeat (2) @(negedge clk);
        rst = 0;
        expect_reg(A_ID, 32'h53500001);
        expect_reg(A_PARAMS + 0, 4);
        expect_reg(A_PARAMS + 2, 16);
        expect_reg(A_PARAMS + 9, ONE);
        expect_reg(A_PARAMS + 10, 32'h53500001);
        // Unit port: mul(0x4000, 0x4000) = 0x2000, or(0x4000, 0x4000) = 0x6000.
        wr(A_UNIT_AB, 32'h40004000);
        expect_reg(A_UNIT_R, 32'h2000);
        wr(A_UNIT_OP, 1);
        expect_reg(A_UNIT_R, 32'h6000);
        // Bulk write then read of ROWS with auto-increment.
        seek(6, 3);
        for (i = 0; i < 5; i = i + 1) wr(A_DATA, 32'hA + i);
        expect_reg(A_ADDR, 8);
        seek(6, 3);
        for (i = 0; i < 5; i = i + 1) begin
            rd(A_DATA, v);
            if (v !== 32'hA + i) begin
                $display("FAIL ROWS readback %0d: %h", i, v);
                errors = errors + 1;
            end
        end

        // ---------------- A: not-equal chain, hard mode.
        wr(A_NVARS, 3); wr(A_NCLAUSES, 0); wr(A_NLITS, 0); wr(A_LSHIFT, 0);
        seek(1, 0); wr(A_DATA, 0); wr(A_DATA, 1); wr(A_DATA, 2);           // VARBASE
        seek(2, 0); wr(A_DATA, 2); wr(A_DATA, 2); wr(A_DATA, 2);           // VARDOM
        seek(3, 0); wr(A_DATA, 1); wr(A_DATA, 3); wr(A_DATA, 4);           // ARCEND
        seek(4, 0); wr(A_DATA, 1); wr(A_DATA, 0); wr(A_DATA, 2); wr(A_DATA, 1);  // ARCSRC
        seek(5, 0); for (i = 0; i < 4; i = i + 1) wr(A_DATA, 0);           // ARCROW: one shared block
        seek(6, 0); wr(A_DATA, 2); wr(A_DATA, 1);                          // ROWS: b=0 -> a=1, b=1 -> a=0
        seek(7, 0); for (i = 0; i < 3; i = i + 1) wr(A_DATA, 0);           // OCCEND
        seek(0, 0);
        for (i = 0; i < 12; i = i + 1) wr(A_DATA, (i == 0 || i == 4 || i == 5 || i == 8 || i == 9) ? ONE : 0);
        run(0, 10);
        expect_reg(A_STATUS, 32'b0011);                                     // done, fixpoint
        expect_reg(A_ROUNDS, 3);
        expect_reg(A_CYCLES_LO, 3 * 19);              // 6.5: 5 + 4 + 6 + 4 per round
        expect_mem(0, 0, ONE); expect_mem(0, 1, 0);                        // x0 = {0}
        expect_mem(0, 4, 0); expect_mem(0, 5, ONE);                        // x1 = {1}
        expect_mem(0, 8, ONE); expect_mem(0, 9, 0);                        // x2 = {0}
        // MAX_ROUNDS = 0: done at once, no round.
        run(0, 0);
        expect_reg(A_STATUS, 32'b0001);
        expect_reg(A_ROUNDS, 0);

        // ---------------- B: one clause of two literals, soft mode.
        wr(A_NVARS, 2); wr(A_NCLAUSES, 1); wr(A_NLITS, 2); wr(A_LSHIFT, 0);
        seek(1, 0); wr(A_DATA, 0); wr(A_DATA, 1);                          // VARBASE
        seek(2, 0); wr(A_DATA, 2); wr(A_DATA, 2);                          // VARDOM
        seek(3, 0); wr(A_DATA, 0); wr(A_DATA, 0);                          // ARCEND: no arcs
        seek(7, 0); wr(A_DATA, 1); wr(A_DATA, 2);                          // OCCEND
        seek(8, 0); wr(A_DATA, 0); wr(A_DATA, 1);                          // OCCLIT
        seek(9, 0); wr(A_DATA, 0); wr(A_DATA, 1);                          // LITVAR
        seek(10, 0); wr(A_DATA, 2); wr(A_DATA, 2);                         // LITSET: value 1
        seek(11, 0); wr(A_DATA, 2);                                         // CLAUSEEND
        seek(0, 0);
        wr(A_DATA, ONE); wr(A_DATA, 32'h4000); wr(A_DATA, 0); wr(A_DATA, 0);
        wr(A_DATA, 32'h6000); wr(A_DATA, 32'h2000); wr(A_DATA, 0); wr(A_DATA, 0);
        run(1, 1);
        expect_reg(A_STATUS, 32'b0001);
        expect_reg(A_ROUNDS, 1);
        // w0 = or(p0[1]) = 0x4000, w1 = or(p1[1]) = 0x2000; s0 = w1, s1 = w0.
        expect_mem(12, 0, 32'h4000); expect_mem(12, 1, 32'h2000);
        expect_mem(13, 0, 32'h2000); expect_mem(13, 1, 32'h4000);
        // x0 = [mul(ONE, s0), mul(0x4000, ONE)], x1 = [mul(0x6000, s1), mul(0x2000, ONE)]
        expect_mem(0, 0, 32'h2000); expect_mem(0, 1, 32'h4000);
        expect_mem(0, 4, 32'h3000); expect_mem(0, 5, 32'h2000);

        // ---------------- C: wipe-out.
        wr(A_NVARS, 2); wr(A_NCLAUSES, 0); wr(A_NLITS, 0);
        seek(2, 0); wr(A_DATA, 1); wr(A_DATA, 1);                          // VARDOM
        seek(3, 0); wr(A_DATA, 1); wr(A_DATA, 2);                          // ARCEND
        seek(4, 0); wr(A_DATA, 1); wr(A_DATA, 0);                          // ARCSRC
        seek(5, 0); wr(A_DATA, 0); wr(A_DATA, 0);                          // ARCROW
        seek(6, 0); wr(A_DATA, 0);                                          // ROWS: empty row
        seek(7, 0); wr(A_DATA, 0); wr(A_DATA, 0);                          // OCCEND
        seek(0, 0); wr(A_DATA, ONE);
        seek(0, 4); wr(A_DATA, ONE);
        run(0, 10);
        expect_reg(A_STATUS, 32'b0101);                                     // done, wipe-out
        expect_reg(A_ROUNDS, 1);
        expect_mem(0, 0, 0); expect_mem(0, 4, 0);

        tb_finish("tb_sp_top");
    end
endmodule

`default_nettype wire
