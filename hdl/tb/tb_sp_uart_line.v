// Test bench of the UART line modules and the CRC (hdl/SPEC.md 7.1, 7.2):
//   sp_crc16: the CRC-16/CCITT-FALSE check value 0x29B1 of "123456789", and 200 random byte strings
//     against the bench's own textbook CRC (uart_host.vh), re-initialised between strings;
//   sp_uart_rx: 300 random bytes from the bench's serialiser, back to back and with random idle
//     gaps, each given once with its value; a byte with a 0 stop bit discarded, then the next one
//     received; a low glitch shorter than half a bit ignored;
//   sp_uart_tx: 300 random bytes, each decoded by the bench's sampler (start, data, stop bits in
//     their middles), offered back to back: each start bit follows the previous stop bit within
//     two cycles.
`default_nettype none
`timescale 1ns / 1ps

module tb_sp_uart_line;
    localparam integer CPB = 8;
    reg clk = 0;
    always #5 clk <= ~clk;

    reg  rst = 1;
    integer seed = 12;
    integer i, j, n;
    `include "tb_report.vh"

    // ---------------------------------------------------------------- CRC
    reg        crc_init = 0, crc_valid = 0;
    reg  [7:0] crc_byte = 0;
    wire [15:0] crc;
    reg  [15:0] want;
    reg  [7:0]  b;

    sp_crc16 crc16 (.clk(clk), .i_init(crc_init), .i_valid(crc_valid), .i_byte(crc_byte), .o_crc(crc));

    task crc_feed(input [7:0] x);
        begin
            @(negedge clk) crc_byte = x; crc_valid = 1;
            @(negedge clk) crc_valid = 0;
        end
    endtask

    task crc_restart;
        begin
            @(negedge clk) crc_init = 1; crc_valid = 1; crc_byte = 8'h55;  // init wins over valid
            @(negedge clk) crc_init = 0; crc_valid = 0;
        end
    endtask

    // ---------------------------------------------------------------- receiver
    reg        host_tx = 1;
    wire       rx_valid;
    wire [7:0] rx_data;
    reg  [7:0] sent [0:511];
    reg  [7:0] got [0:1023];        // every byte the receiver gave, in order
    integer    got_n = 0, base;
    reg  [31:0] r;
    wire        unused = &{1'b0, seed, r};

    sp_uart_rx #(.CLKS_PER_BIT(CPB)) rx (.clk(clk), .rst(rst), .i_rx(host_tx), .o_valid(rx_valid), .o_data(rx_data));

    always @(posedge clk) if (rx_valid) begin
        got[got_n] <= rx_data;
        got_n <= got_n + 1;
    end

    // The receiver gave exactly n bytes since `base`, equal to sent[0..n-1].
    task expect_got(input integer n_bytes);
        integer k;
        begin
            if (got_n - base !== n_bytes) begin
                $display("FAIL rx: %0d bytes received, want %0d", got_n - base, n_bytes);
                errors = errors + 1;
            end else
                for (k = 0; k < n_bytes; k = k + 1)
                    if (got[base + k] !== sent[k]) begin
                        $display("FAIL rx byte %0d: %h, want %h", k, got[base + k], sent[k]);
                        errors = errors + 1;
                    end
            base = got_n;
        end
    endtask

    // ---------------------------------------------------------------- transmitter
    reg        tx_valid = 0;
    reg  [7:0] tx_data = 0;
    wire       tx_ready, host_rx;
    reg        ok;

    sp_uart_tx #(.CLKS_PER_BIT(CPB)) tx (.clk(clk), .rst(rst), .i_valid(tx_valid), .i_data(tx_data), .o_ready(tx_ready),
                                         .o_tx(host_rx));

    `include "uart_host.vh"

    // Feeds the transmitter the bytes of `sent` as fast as it takes them.
    initial begin : feeder
        wait (!rst);
        @(negedge clk);
        wait (i == 1000);           // the transmitter part starts
        for (j = 0; j < 300; j = j + 1) begin
            tx_data = sent[j]; tx_valid = 1;
            @(posedge clk);
            while (!tx_ready) @(posedge clk);
            @(negedge clk);
        end
        tx_valid = 0;
    end

    initial begin
        i = 0; base = 0;
        repeat (4) @(negedge clk);
        rst = 0;

        // CRC: the check value, then random strings against the reference.
        crc_restart;
        for (j = 0; j < 9; j = j + 1) begin
            r = 32'h31 + j;         // "1" .. "9"
            crc_feed(r[7:0]);
        end
        @(negedge clk);
        if (crc !== 16'h29B1) begin $display("FAIL crc(\"123456789\") = %h, want 29b1", crc); errors = errors + 1; end
        for (i = 0; i < 200; i = i + 1) begin
            crc_restart;
            want = 16'hFFFF;
            n = $unsigned($random(seed)) % 40;
            for (j = 0; j < n; j = j + 1) begin
                r = $random(seed);
                b = r[7:0];
                want = crc_ref(want, b);
                crc_feed(b);
            end
            @(negedge clk);
            if (crc !== want) begin $display("FAIL crc of string %0d (%0d bytes): %h, want %h", i, n, crc, want); errors = errors + 1; end
        end

        // Receiver: random bytes, some back to back, some after idle gaps.
        for (j = 0; j < 300; j = j + 1) begin
            r = $random(seed);
            sent[j] = r[7:0];
        end
        for (j = 0; j < 300; j = j + 1) begin
            if ($unsigned($random(seed)) % 3 == 0) repeat ($unsigned($random(seed)) % (3 * CPB)) @(negedge clk);
            uart_send(sent[j]);
        end
        repeat (2 * CPB) @(negedge clk);
        expect_got(300);
        // A framing error: the byte is dropped, the next one received.
        sent[0] = 8'h3C;
        uart_send_stop(8'hC3, 1'b0);
        repeat (CPB) @(negedge clk);
        uart_send(8'h3C);
        repeat (2 * CPB) @(negedge clk);
        expect_got(1);
        // A glitch shorter than half a bit is not a start bit.
        host_tx = 0;
        repeat (CPB / 2 - 2) @(negedge clk);
        host_tx = 1;
        repeat (12 * CPB) @(negedge clk);
        expect_got(0);

        // Transmitter: the feeder offers `sent`, the bench samples the line.
        for (j = 0; j < 300; j = j + 1) begin
            r = $random(seed);
            sent[j] = r[7:0];
        end
        i = 1000;
        for (n = 0; n < 300; n = n + 1) begin
            uart_recv(n == 0 ? 20 * CPB : 2, b, ok);     // after the first, no gap between bytes
            if (!ok || b !== sent[n]) begin
                $display("FAIL tx byte %0d: %h (ok %0d), want %h", n, b, ok, sent[n]);
                errors = errors + 1;
            end
        end
        // The line is idle (1) after the last stop bit.
        repeat (2 * CPB) @(negedge clk);
        if (host_rx !== 1'b1) begin $display("FAIL tx line not idle after the last byte"); errors = errors + 1; end
        tb_finish("tb_sp_uart_line");
    end
endmodule

`default_nettype wire
