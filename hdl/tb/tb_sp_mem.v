// Test bench of sp_mem, the core's memory bank: through the host port every region keeps the low
// bits of a word written while idle (and ignores a write while busy); LITW and LITS take only the
// core's writes; a weight group the core writes lands in the other half, where the core's read port
// sees it after the halves swap, while the host still reads the old half.
`default_nettype none
`timescale 1ns / 1ps

module tb_sp_mem;
    localparam integer L = 4, AW = 12;
    reg clk = 0;
    always #5 clk <= ~clk;

    reg           bufsel = 0, bufsel_next = 0, host_rd = 1, idle = 1, host_we = 0;
    reg  [AW-1:0] wgt_raddr = 0, wgt_waddr = 0, litw_waddr = 0, lits_waddr = 0;
    reg  [L*16-1:0] wgt_wdata = 0;
    reg           wgt_we = 0, litw_we = 0, lits_we = 0;
    reg  [15:0]   litw_wdata = 0, lits_wdata = 0;
    reg  [3:0]    region = 0;
    reg  [31:0]   raddr = 0, waddr = 0, wdata = 0;
    wire [31:0]   rdata;
    wire [L*16-1:0] wgt_q;
    wire [AW-1:0] unused_varbase, unused_vardom, unused_arcend, unused_arcsrc, unused_arcrow, unused_occend,
                  unused_occlit, unused_litvar, unused_clauseend;
    wire [L-1:0]  unused_rows, unused_litset;
    wire [15:0]   unused_litw, unused_lits;
    integer seed = 7;
    integer r, k;
    reg  [31:0] word;
    reg  [31:0] want [0:13];
    `include "tb_report.vh"
    `include "tb_rand.vh"

    // MAX_DOM 16 (5-bit VARDOM), WDEPTH 16, VDEPTH 8, ADEPTH 16, RDEPTH 16, LDEPTH 16, CDEPTH 8, SDEPTH 16.
    sp_mem #(.LANES(L), .MAX_DOM(16), .WDEPTH(16), .VDEPTH(8), .ADEPTH(16), .RDEPTH(16), .LDEPTH(16),
             .CDEPTH(8), .SDEPTH(16), .AW(AW)) dut (
        .clk(clk), .i_bufsel_next(bufsel_next), .i_wgt_raddr(wgt_raddr), .i_vinfo_raddr({AW{1'b0}}),
        .i_var_raddr({AW{1'b0}}), .i_arc_raddr({AW{1'b0}}), .i_row_raddr({AW{1'b0}}), .i_occ_raddr({AW{1'b0}}),
        .i_lit_raddr({AW{1'b0}}), .i_set_raddr({AW{1'b0}}), .i_clause_raddr({AW{1'b0}}), .i_sup_raddr({AW{1'b0}}),
        .i_bufsel(bufsel), .i_wgt_we(wgt_we), .i_wgt_waddr(wgt_waddr), .i_wgt_wdata(wgt_wdata),
        .i_litw_we(litw_we), .i_litw_waddr(litw_waddr), .i_litw_wdata(litw_wdata),
        .i_lits_we(lits_we), .i_lits_waddr(lits_waddr), .i_lits_wdata(lits_wdata),
        .i_idle(idle), .i_host_rd(host_rd), .i_host_region(region), .i_host_raddr(raddr), .i_host_we(host_we),
        .i_host_waddr(waddr), .i_host_wdata(wdata), .o_host_rdata(rdata), .o_wgt(wgt_q),
        .o_varbase(unused_varbase), .o_vardom(unused_vardom), .o_arcend(unused_arcend), .o_arcsrc(unused_arcsrc),
        .o_arcrow(unused_arcrow), .o_rows(unused_rows), .o_occend(unused_occend), .o_occlit(unused_occlit),
        .o_litvar(unused_litvar), .o_litset(unused_litset), .o_clauseend(unused_clauseend),
        .o_litw(unused_litw), .o_lits(unused_lits));
    wire unused_q = &{1'b0, unused_varbase, unused_vardom, unused_arcend, unused_arcsrc, unused_arcrow,
                      unused_occend, unused_occlit, unused_litvar, unused_clauseend, unused_rows,
                      unused_litset, unused_litw, unused_lits};

    // Stored bits of each region's word at these depths (WDEPTH·L = 64 weights of 16 bits, VARBASE
    // 4 bits = log2 WDEPTH, VARDOM 5, ARCEND 5, ARCSRC 3, ARCROW 4, ROWS 4, OCCEND 5, OCCLIT 4,
    // LITVAR 3, LITSET 4, CLAUSEEND 5, LITW / LITS 16).
    function [31:0] mask(input integer region_id);
        case (region_id)
            0, 12, 13: mask = 32'hFFFF;
            1, 5, 6, 8, 10: mask = 32'hF;
            2, 3, 7, 11: mask = 32'h1F;
            4, 9: mask = 32'h7;
            default: mask = 32'h0;
        endcase
    endfunction

    task host_write(input [3:0] rg, input [31:0] a, input [31:0] v);
        begin
            @(negedge clk) region = rg; waddr = a; wdata = v; host_we = 1;
            @(negedge clk) host_we = 0;
        end
    endtask

    task expect_host(input [3:0] rg, input [31:0] a, input [31:0] v);
        begin
            @(negedge clk) region = rg; raddr = a;
            @(posedge clk) #1;
            if (rdata !== v) begin
                $display("FAIL region %0d word %0d: %h, want %h", rg, a, rdata, v);
                errors = errors + 1;
            end
        end
    endtask

    initial begin
        // Word 5 of every host-writable region, idle: the low bits stay.
        for (r = 0; r < 12; r = r + 1) begin
            rand_bits(word);
            want[r] = word & mask(r);
            host_write(r[3:0], 32'd5, word);
        end
        for (r = 0; r < 12; r = r + 1) expect_host(r[3:0], 32'd5, want[r]);
        // LITW and LITS ignore the host and take the core's writes.
        host_write(4'd12, 32'd5, 32'h1234);
        host_write(4'd13, 32'd5, 32'h1234);
        @(negedge clk) litw_we = 1; litw_waddr = 5; litw_wdata = 16'h0ABC;
                       lits_we = 1; lits_waddr = 5; lits_wdata = 16'h0DEF;
        @(negedge clk) litw_we = 0; lits_we = 0;
        expect_host(4'd12, 32'd5, 32'h0ABC);
        expect_host(4'd13, 32'd5, 32'h0DEF);
        // While the core runs, host writes are ignored.
        idle = 0;
        for (r = 0; r < 12; r = r + 1) host_write(r[3:0], 32'd5, ~want[r]);
        idle = 1;
        for (r = 0; r < 12; r = r + 1) expect_host(r[3:0], 32'd5, want[r]);

        // Weights: the host fills group 2 of half 0 (weights 8..11); the core writes group 2 of
        // half 1; the host (half 0) still reads its own words, the core port reads half 1's group.
        for (k = 0; k < L; k = k + 1) host_write(4'd0, 8 + k, 32'h100 + k);
        @(negedge clk) wgt_we = 1; wgt_waddr = 2;
                       wgt_wdata = {16'h7003, 16'h7002, 16'h7001, 16'h7000};
        @(negedge clk) wgt_we = 0;
        for (k = 0; k < L; k = k + 1) expect_host(4'd0, 8 + k, 32'h100 + k);
        @(negedge clk) host_rd = 0; bufsel_next = 1; wgt_raddr = 2;
        @(posedge clk) #1;
        if (wgt_q !== {16'h7003, 16'h7002, 16'h7001, 16'h7000}) begin
            $display("FAIL core read of the written half: %h", wgt_q);
            errors = errors + 1;
        end
        @(negedge clk) bufsel_next = 0;
        @(posedge clk) #1;
        if (wgt_q !== {16'h103, 16'h102, 16'h101, 16'h100}) begin
            $display("FAIL core read of the host's half: %h", wgt_q);
            errors = errors + 1;
        end
        tb_finish("tb_sp_mem");
    end
endmodule

`default_nettype wire
