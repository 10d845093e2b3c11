// Test bench of sp_ice40 (the bitstream's top) with its SPI link (OPT_SPI), over SPI: power-on
// reset, ID and parameters, register write / read back, the unit-test port, and a small hard-mode
// run that wipes out// (x0 != x1 with single-value domains, hdl/SPEC.md 6.3 layout).
`default_nettype none
`timescale 1ns / 1ps

module tb_sp_ice40;
    localparam [31:0] ONE = 32'h8000;
    reg clk = 0;
    always #5 clk <= ~clk;

    reg  sck = 0, cs_n = 1, mosi = 0;
    wire miso, busy, done, wipeout;
    reg  [31:0] v;
    `include "tb_report.vh"

    /* verilator lint_off PINCONNECTEMPTY */
    sp_ice40 #(.OPT_SPI(1), .OPT_UART(0)) dut (.i_clk(clk), .i_sck(sck), .i_cs_n(cs_n), .i_mosi(mosi), .o_miso(miso), .i_uart_rx(1'b1), .o_uart_tx(),
                    .o_link_rx_frame(), .o_link_active(), .o_busy(busy), .o_done(done), .o_wipeout(wipeout));
    /* verilator lint_on PINCONNECTEMPTY */

    `include "spi_host.vh"

    task expect_read(input [5:0] a, input [31:0] want);
        begin
            spi_read(a, v);
            if (v !== want) begin
                $display("FAIL register %h: %h, want %h", a, v, want);
                errors = errors + 1;
            end
        end
    endtask

    initial begin
        repeat (20) @(negedge clk);
        expect_read(6'h00, 32'h53500001);
        expect_read(6'h18, 8);                       // LANES
        expect_read(6'h19, 16);                      // MAX_DOM
        spi_write(6'h03, 32'd7);
        expect_read(6'h03, 7);
        spi_write(6'h10, 32'h80001234);
        expect_read(6'h11, 32'h1234);                // mul(0x1234, ONE)
        // Problem: two variables of one value, x0 != x1.
        spi_write(6'h08, 2);
        spi_write(6'h0C, 1); spi_write(6'h0D, 0); spi_write(6'h0E, 0); spi_write(6'h0E, 1);   // VARBASE
        spi_write(6'h0C, 2); spi_write(6'h0D, 0); spi_write(6'h0E, 1); spi_write(6'h0E, 1);   // VARDOM
        spi_write(6'h0C, 3); spi_write(6'h0D, 0); spi_write(6'h0E, 1); spi_write(6'h0E, 2);   // ARCEND
        spi_write(6'h0C, 4); spi_write(6'h0D, 0); spi_write(6'h0E, 1); spi_write(6'h0E, 0);   // ARCSRC
        spi_write(6'h0C, 5); spi_write(6'h0D, 0); spi_write(6'h0E, 0); spi_write(6'h0E, 0);   // ARCROW
        spi_write(6'h0C, 6); spi_write(6'h0D, 0); spi_write(6'h0E, 0);                        // ROWS
        spi_write(6'h0C, 7); spi_write(6'h0D, 0); spi_write(6'h0E, 0); spi_write(6'h0E, 0);   // OCCEND
        spi_write(6'h0C, 0); spi_write(6'h0D, 0); spi_write(6'h0E, ONE);
        spi_write(6'h0D, 8); spi_write(6'h0E, ONE);
        spi_write(6'h0D, 0);
        expect_read(6'h0E, ONE);                     // DATA read back (ADDR then advances)
        expect_read(6'h0D, 1);
        spi_write(6'h02, 0);                         // hard mode
        spi_write(6'h01, 1);                         // START
        repeat (100) @(negedge clk);
        if (busy || !done) begin $display("FAIL run did not finish"); errors = errors + 1; end
        if (!wipeout) begin $display("FAIL wipe-out pin low after a wiped-out run"); errors = errors + 1; end
        expect_read(6'h04, 32'b0101);                // done, wipe-out
        expect_read(6'h05, 1);
        tb_finish("tb_sp_ice40");
    end
endmodule

`default_nettype wire
