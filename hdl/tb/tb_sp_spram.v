// Test bench of sp_spram: synchronous read one cycle after the address, writes taking the single
// port, every word of a small RAM kept independently.
`default_nettype none
`timescale 1ns / 1ps

module tb_sp_spram;
    reg clk = 0;
    always #5 clk <= ~clk;

    reg         we = 0;
    reg  [5:0]  waddr = 0, raddr = 0;
    reg  [8:0]  wdata = 0;
    wire [8:0]  rdata;
    integer i;
    `include "tb_report.vh"

    sp_spram #(.WIDTH(9), .DEPTH(64)) dut (
        .clk(clk), .i_we(we), .i_waddr(waddr), .i_wdata(wdata), .i_raddr(raddr), .o_rdata(rdata));

    function [8:0] pattern(input [8:0] k);
        pattern = 9'h1A5 ^ (k * 9'd37);
    endfunction

    task check(input [8:0] got, input [8:0] want, input [8*24-1:0] what);
        if (got !== want) begin
            $display("FAIL %0s: got %h want %h", what, got, want);
            errors = errors + 1;
        end
    endtask

    initial begin
        for (i = 0; i < 64; i = i + 1) begin
            @(negedge clk) we = 1; waddr = i[5:0]; wdata = pattern(i[8:0]);
        end
        @(negedge clk) we = 0;
        for (i = 63; i >= 0; i = i - 1) begin
            @(negedge clk) raddr = i[5:0];
            @(posedge clk) #1 check(rdata, pattern(i[8:0]), "readback");
        end
        // Overwrite one word; reads before and after see the old and the new word.
        @(negedge clk) raddr = 9;
        @(posedge clk) #1 check(rdata, pattern(9'd9), "before");
        @(negedge clk) we = 1; waddr = 9; wdata = 9'h0F0;
        @(negedge clk) we = 0;
        @(posedge clk) #1 check(rdata, 9'h0F0, "after");
        @(negedge clk) raddr = 10;
        @(posedge clk) #1 check(rdata, pattern(9'd10), "neighbour");
        tb_finish("tb_sp_spram");
    end
endmodule

`default_nettype wire
