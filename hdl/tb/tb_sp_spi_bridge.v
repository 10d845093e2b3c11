// Test bench of sp_spi_bridge against a stub register file: write frames write the addressed
// register once with the shifted-in word, read frames read it once (one read strobe) and shift it
// out MSB first on MISO.
`default_nettype none
`timescale 1ns / 1ps

module tb_sp_spi_bridge;
    reg clk = 0;
    always #5 clk <= ~clk;

    reg  rst = 1, sck = 0, cs_n = 1, mosi = 0;
    wire miso;
    wire [5:0]  reg_addr;
    wire        reg_we, reg_re;
    wire [31:0] reg_wdata;
    reg  [31:0] regs [0:63];
    integer     writes = 0, reads = 0, i;
    `include "tb_report.vh"
    reg  [31:0] v;

    sp_spi_bridge dut (
        .clk(clk), .rst(rst), .i_sck(sck), .i_cs_n(cs_n), .i_mosi(mosi), .o_miso(miso),
        .o_reg_addr(reg_addr), .o_reg_we(reg_we), .o_reg_re(reg_re), .o_reg_wdata(reg_wdata),
        .i_reg_rdata(regs[reg_addr]));

    always @(posedge clk) begin
        if (reg_we) begin
            regs[reg_addr] <= reg_wdata;
            writes <= writes + 1;
        end
        if (reg_re) reads <= reads + 1;
    end

    `include "spi_host.vh"

    initial begin
        for (i = 0; i < 64; i = i + 1) regs[i] = 32'hC0DE0000 + i;
        repeat (3) @(negedge clk);
        rst = 0;
        spi_read(6'h05, v);
        if (v !== 32'hC0DE0005) begin $display("FAIL read 5: %h", v); errors = errors + 1; end
        spi_write(6'h2A, 32'h8badf00d);
        if (regs[42] !== 32'h8badf00d) begin $display("FAIL write 42: %h", regs[42]); errors = errors + 1; end
        spi_read(6'h2A, v);
        if (v !== 32'h8badf00d) begin $display("FAIL read back 42: %h", v); errors = errors + 1; end
        spi_read(6'h3F, v);
        if (v !== 32'hC0DE003F) begin $display("FAIL read 63: %h", v); errors = errors + 1; end
        if (writes != 1 || reads != 3) begin $display("FAIL strobes: %0d writes, %0d reads", writes, reads); errors = errors + 1; end
        tb_finish("tb_sp_spi_bridge");
    end
endmodule

`default_nettype wire
