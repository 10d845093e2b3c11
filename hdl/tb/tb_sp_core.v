// Test bench of sp_core through its host memory port: a 3-variable not-equal chain
// (x0 != x1, x1 != x2, domains of 2 values) laid out per hdl/SPEC.md 6.3 with LANES = 4; one soft
// round checked against values worked out by hand from sections 3-4, the cycle count against the
// model of 6.5, the weight buffers swapping, and ABORT.
`default_nettype none
`timescale 1ns / 1ps

module tb_sp_core;
    localparam [31:0] ONE = 32'h8000;
    reg clk = 0;
    always #5 clk <= ~clk;

    reg         rst = 1, start = 0, abort = 0, hard = 0;
    reg  [31:0] max_rounds = 1, nvars = 3, nclauses = 0, nlits = 0;
    reg  [3:0]  region = 0;
    reg  [31:0] raddr = 0, waddr = 0, wdata = 0;
    reg         we = 0;
    wire        busy, done, fixpoint, wipeout;
    wire [31:0] rounds, rdata;
    wire [63:0] cycles;
    wire [15:0] unused_unit_y;
    `include "tb_report.vh"

    sp_core #(.LANES(4), .MAX_DOM(16), .WDEPTH(16), .VDEPTH(8), .ADEPTH(16), .RDEPTH(16),
              .LDEPTH(16), .CDEPTH(8), .SDEPTH(16)) dut (
        .clk(clk), .rst(rst), .i_start(start), .i_abort(abort), .i_hard(hard), .i_max_rounds(max_rounds),
        .i_nvars(nvars), .i_nclauses(nclauses), .i_nlits(nlits), .i_lshift(5'd0),
        .o_busy(busy), .o_done(done), .o_fixpoint(fixpoint), .o_wipeout(wipeout), .o_rounds(rounds), .o_cycles(cycles),
        .i_host_region(region), .i_host_raddr(raddr), .i_host_we(we), .i_host_waddr(waddr), .i_host_wdata(wdata),
        .o_host_rdata(rdata), .i_unit_or(1'b0), .i_unit_a(16'd0), .i_unit_b(16'd0), .o_unit(unused_unit_y));

    task poke(input [3:0] r, input [31:0] a, input [31:0] v);
        begin
            @(negedge clk) region = r; waddr = a; wdata = v; we = 1;
            @(negedge clk) we = 0;
        end
    endtask

    task expect_word(input [3:0] r, input [31:0] a, input [31:0] want);
        begin
            @(negedge clk) region = r; raddr = a;
            @(posedge clk) #1;
            if (rdata !== want) begin
                $display("FAIL region %0d word %0d: %h, want %h", r, a, rdata, want);
                errors = errors + 1;
            end
        end
    endtask

    task run;
        begin
            @(negedge clk) start = 1;
            @(negedge clk) start = 0;
            while (busy) @(negedge clk);
        end
    endtask

    task check_that(input ok, input [8*32-1:0] what);
        if (!ok) begin
            $display("FAIL %0s", what);
            errors = errors + 1;
        end
    endtask

    initial begin
        repeat (2) @(negedge clk);
        rst = 0;
        // Layout: VARBASE, VARDOM, ARCEND, ARCSRC, ARCROW, ROWS (one shared neq block), OCCEND.
        poke(1, 0, 0); poke(1, 1, 1); poke(1, 2, 2);
        poke(2, 0, 2); poke(2, 1, 2); poke(2, 2, 2);
        poke(3, 0, 1); poke(3, 1, 3); poke(3, 2, 4);
        poke(4, 0, 1); poke(4, 1, 0); poke(4, 2, 2); poke(4, 3, 1);
        poke(5, 0, 0); poke(5, 1, 0); poke(5, 2, 0); poke(5, 3, 0);
        poke(6, 0, 32'b10); poke(6, 1, 32'b01);
        poke(7, 0, 0); poke(7, 1, 0); poke(7, 2, 0);
        // Weights x0 = [ONE, 0x1000], x1 = [0x4000, ONE], x2 = [0x2000, 0x6000].
        poke(0, 0, ONE); poke(0, 1, 32'h1000); poke(0, 4, 32'h4000); poke(0, 5, ONE);
        poke(0, 8, 32'h2000); poke(0, 9, 32'h6000);
        hard = 0;
        max_rounds = 1;
        run;
        check_that(done && !fixpoint && !wipeout && rounds == 1, "status after one soft round");
        // 6.5: 5 + per variable and group (2 + sum over its arcs of d_y).
        check_that(cycles == 5 + (2 + 2) + (2 + 4) + (2 + 2), "cycles of one round");
        // x0 = [mul(ONE, or{p1[1]}), mul(0x1000, p1[0])] = [ONE, 0x0800]
        expect_word(0, 0, ONE); expect_word(0, 1, 32'h0800);
        // x1 = [mul(mul(0x4000, p0[1]), p2[1]), mul(mul(ONE, p0[0]), p2[0])] = [0x0600, 0x2000]
        expect_word(0, 4, 32'h0600); expect_word(0, 5, 32'h2000);
        // x2 = [mul(0x2000, p1[1]), mul(0x6000, p1[0])] = [0x2000, 0x3000]
        expect_word(0, 8, 32'h2000); expect_word(0, 9, 32'h3000);
        // Lanes beyond the domain are written 0.
        expect_word(0, 2, 0); expect_word(0, 7, 0);
        // Hard mode from the same (non-zero = in) weights: nothing is removed; round 1 rewrites the
        // weights as ONE (a change), round 2 is the fixpoint.
        hard = 1;
        max_rounds = 5;
        run;
        check_that(done && fixpoint && !wipeout && rounds == 2, "hard fixpoint");
        expect_word(0, 1, ONE); expect_word(0, 9, ONE);
        // ABORT stops a run and clears the status.
        @(negedge clk) start = 1;
        @(negedge clk) start = 0;
        repeat (3) @(negedge clk);
        check_that(busy, "busy while running");
        abort = 1;
        @(negedge clk) abort = 0;
        check_that(!busy && !done && rounds == 0, "abort");
        tb_finish("tb_sp_core");
    end
endmodule

`default_nettype wire
