// Test bench of sp_ram: synchronous read (data one cycle after the address), a write seen by the
// next read of its address, every word of a small RAM kept independently.
`default_nettype none
`timescale 1ns / 1ps

module tb_sp_ram;
    reg clk = 0;
    always #5 clk <= ~clk;

    reg        we = 0;
    reg  [4:0] waddr = 0, raddr = 0;
    reg  [11:0] wdata = 0;
    wire [11:0] rdata;
    integer i;
    `include "tb_report.vh"

    sp_ram #(.WIDTH(12), .DEPTH(32)) dut (
        .clk(clk), .i_we(we), .i_waddr(waddr), .i_wdata(wdata), .i_raddr(raddr), .o_rdata(rdata));

    function [11:0] pattern(input [11:0] k);
        pattern = 12'hA00 + k * 12'd7;
    endfunction

    task check(input [11:0] got, input [11:0] want, input [8*24-1:0] what);
        if (got !== want) begin
            $display("FAIL %0s: got %h want %h", what, got, want);
            errors = errors + 1;
        end
    endtask

    initial begin
        // Fill every word with a pattern.
        for (i = 0; i < 32; i = i + 1) begin
            @(negedge clk) we = 1; waddr = i[4:0]; wdata = pattern(i[11:0]);
        end
        @(negedge clk) we = 0;
        for (i = 0; i < 32; i = i + 1) begin
            @(negedge clk) raddr = i[4:0];
            @(posedge clk) #1 check(rdata, pattern(i[11:0]), "readback");
        end
        // Overwrite one word while reading another; the next read of it sees the new word.
        @(negedge clk) we = 1; waddr = 5; wdata = 12'h123; raddr = 6;
        @(posedge clk) #1 check(rdata, pattern(12'd6), "read while writing");
        @(negedge clk) we = 0; raddr = 5;
        @(posedge clk) #1 check(rdata, 12'h123, "after write");
        // Neighbours untouched.
        @(negedge clk) raddr = 4;
        @(posedge clk) #1 check(rdata, pattern(12'd4), "neighbour");
        tb_finish("tb_sp_ram");
    end
endmodule

`default_nettype wire
