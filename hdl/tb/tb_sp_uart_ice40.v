// Test bench of sp_ice40 with both host links (OPT_UART, OPT_SPI), driven over the UART as a host
// would drive a board (hdl/SPEC.md 7), with the SPI link busy at the same time:
//   - after the power-on reset, REG_READ of ID and LANES;
//   - a small hard-mode problem (x0 != x1 with single-value domains, hdl/SPEC.md 6.3 layout)
//     loaded with MEM_WRITEs and read back with MEM_READs, while an SPI process writes and reads
//     back UNIT_AB and reads ID over and over: every SPI value is checked, and the bench counts
//     cycles where both links accessed the window at once (the arbiter held the UART bridge);
//   - the problem run with REG_WRITE of CTRL START, then (the run over) the SPI link sets
//     MAX_ROUNDS to 0 and the UART sends the START again with its SEQ: a duplicate, not executed,
//     so STATUS polled with REG_READ shows the first run's wipe-out in round 1 (as tb_sp_ice40
//     over SPI); a new START (next SEQ) then runs and ends at once, DONE only.
`default_nettype none
`timescale 1ns / 1ps

module tb_sp_uart_ice40;
    localparam integer CPB = 4;
    localparam [7:0] A_ID = 0, A_CTRL = 1, A_MODE = 2, A_MAX_ROUNDS = 3, A_STATUS = 4, A_ROUNDS = 5,
                     A_NVARS = 8, A_PARAMS = 24;
    localparam [31:0] ONE = 32'h8000;

    reg clk = 0;
    always #5 clk <= ~clk;

    reg  host_tx = 1;
    wire host_rx;
    reg  sck = 0, cs_n = 1, mosi = 0;
    wire miso, busy, done, wipeout, rx_frame, active;
    integer seed = 3;
    `include "tb_report.vh"

    sp_ice40 #(.OPT_UART(1), .OPT_SPI(1), .CLKS_PER_BIT(CPB), .TIMEOUT_BITS(20)) dut (
        .i_clk(clk), .i_sck(sck), .i_cs_n(cs_n), .i_mosi(mosi), .o_miso(miso), .i_uart_rx(host_tx), .o_uart_tx(host_rx),
        .o_link_rx_frame(rx_frame), .o_link_active(active), .o_busy(busy), .o_done(done), .o_wipeout(wipeout));

    `include "spi_host.vh"
    `include "uart_host.vh"
    `include "uart_frames.vh"

    wire unused = &{1'b0, rx_frame, active, busy, wipeout, seed};

    // Cycles where the SPI bridge took the window while the UART bridge wanted it.
    integer collisions = 0;
    always @(posedge clk) if ((dut.spi_we || dut.spi_re) && (dut.uart_we || dut.uart_re)) collisions <= collisions + 1;

    // The SPI traffic, until `spi_stop`.
    reg         spi_stop = 0, spi_done = 0;
    reg  [31:0] spi_v, spi_w;
    integer     spi_n = 0;
    initial begin : spi_traffic
        repeat (40) @(negedge clk);
        while (!spi_stop) begin
            spi_w = $random(seed);
            spi_write(6'h10, spi_w);
            spi_read(6'h10, spi_v);
            if (spi_v !== spi_w) begin
                $display("FAIL SPI UNIT_AB %h, want %h (round %0d, t %0t)", spi_v, spi_w, spi_n, $time);
                errors = errors + 1;
            end
            spi_read(6'h00, spi_v);
            if (spi_v !== 32'h53500001) begin $display("FAIL SPI ID %h", spi_v); errors = errors + 1; end
            spi_n = spi_n + 1;
            repeat (spi_n % 6) @(negedge clk);          // sweep the phase against the UART's accesses
        end
        spi_done = 1;
    end

    reg [7:0] start_seq;
    integer   polls, i;

    task load(input [7:0] region, input [31:0] w0, input [31:0] w1, input integer n_words);
        begin
            words[1] = w0; words[2] = w1;
            mem_write(region, 0, n_words);
            keep(n_words);
            expect_mem(region, 0, n_words, 32'hFFFF);
        end
    endtask

    task wait_done;
        begin
            polls = 0;
            reg_read(A_STATUS, v);
            while (v[3] && polls < 100) begin       // BUSY
                reg_read(A_STATUS, v);
                polls = polls + 1;
            end
        end
    endtask

    initial begin
        repeat (20) @(negedge clk);
        expect_reg(A_ID, 32'h53500001);
        expect_reg(A_PARAMS + 0, 8);                    // LANES

        // Problem: two variables of one value, x0 != x1 (the layout of tb_sp_ice40).
        reg_write(A_NVARS, 2);
        load(1, 0, 1, 2);                               // VARBASE
        load(2, 1, 1, 2);                               // VARDOM
        load(3, 1, 2, 2);                               // ARCEND
        load(4, 1, 0, 2);                               // ARCSRC
        load(5, 0, 0, 2);                               // ARCROW
        load(6, 0, 0, 1);                               // ROWS
        load(7, 0, 0, 2);                               // OCCEND
        // A long write for the SPI accesses to meet (WEIGHTS of groups the problem does not use).
        for (i = 1; i <= 300; i = i + 1) words[i] = $random(seed);
        mem_write(0, 64, 300);
        keep(300);
        expect_mem(0, 64, 300, 32'hFFFF);
        load(0, ONE, 0, 1);                             // WEIGHTS: x0's value
        words[1] = ONE;
        mem_write(0, 8, 1);                             // x1's value (group 1)
        reg_write(A_MODE, 0);                           // hard mode
        reg_write(A_MAX_ROUNDS, 5);
        @(negedge clk) spi_stop = 1;
        wait (spi_done);

        // START, then (the run over, the done pin up) SPI sets MAX_ROUNDS = 0 and the UART sends
        // the START again with its SEQ: a duplicate, not executed.
        reg_write(A_CTRL, 1);
        start_seq = seq;
        wait (done);
        spi_write(6'h03, 0);
        words[0] = 1;
        xfer(start_seq, OP_REG_WRITE, A_CTRL, 1, ST_OK, 0);
        wait_done;
        expect_reg(A_STATUS, 32'b0101);                 // DONE, WIPEOUT: the first run's
        expect_reg(A_ROUNDS, 1);
        expect_reg(A_MAX_ROUNDS, 0);
        reg_write(A_CTRL, 1);                           // a new START runs: DONE only
        wait_done;
        expect_reg(A_STATUS, 32'b0001);
        expect_reg(A_ROUNDS, 0);

        if (spi_n < 5) begin $display("FAIL only %0d SPI rounds ran beside the UART", spi_n); errors = errors + 1; end
        if (collisions == 0) begin $display("FAIL the two links never met at the window"); errors = errors + 1; end
        $display("%0d SPI rounds, %0d cycles with both links at the window", spi_n, collisions);
        tb_finish("tb_sp_uart_ice40");
    end
endmodule

`default_nettype wire
