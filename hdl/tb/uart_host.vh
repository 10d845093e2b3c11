// UART 8N1 host tasks shared by the UART test benches (hdl/SPEC.md 7.1), and a reference
// CRC-16/CCITT-FALSE. Needs `clk`, a `host_tx` reg (host to device line), a `host_rx` wire (device
// to host line) and a localparam CPB (clock cycles per bit) in the including module.

// The textbook CRC-16/CCITT-FALSE step (byte into the high bits, then eight shifts), written
// apart from sp_crc16's per-bit form.
function [15:0] crc_ref(input [15:0] crc_in, input [7:0] crc_b);
    integer k;
    reg [15:0] c;
    begin
        c = crc_in ^ {crc_b, 8'd0};
        for (k = 0; k < 8; k = k + 1) c = c[15] ? ({c[14:0], 1'b0} ^ 16'h1021) : {c[14:0], 1'b0};
        crc_ref = c;
    end
endfunction

// One byte on host_tx: start bit, 8 data bits LSB first, stop bit; `stop` is the stop bit's level
// (0 makes a framing error).
task uart_send_stop(input [7:0] send_b, input stop);
    integer k;
    begin
        host_tx = 1'b0;
        repeat (CPB) @(negedge clk);
        for (k = 0; k < 8; k = k + 1) begin
            host_tx = send_b[k];
            repeat (CPB) @(negedge clk);
        end
        host_tx = stop;
        repeat (CPB) @(negedge clk);
        host_tx = 1'b1;
    end
endtask

task uart_send(input [7:0] send_b);
    uart_send_stop(send_b, 1'b1);
endtask

// One byte from host_rx, sampled in the middle of each bit; recv_ok = 0 if no start bit came within
// `wait_cycles` cycles or the stop bit was 0.
task uart_recv(input integer wait_cycles, output [7:0] recv_b, output recv_ok);
    integer k, waited;
    begin
        recv_b = 8'd0;
        waited = 0;
        while (host_rx !== 1'b0 && waited < wait_cycles) begin
            @(negedge clk);
            waited = waited + 1;
        end
        recv_ok = (host_rx === 1'b0);
        if (recv_ok) begin
            repeat (CPB / 2) @(negedge clk);
            if (host_rx !== 1'b0) recv_ok = 1'b0;
            for (k = 0; k < 8; k = k + 1) begin
                repeat (CPB) @(negedge clk);
                recv_b[k] = host_rx;
            end
            repeat (CPB) @(negedge clk);
            if (host_rx !== 1'b1) recv_ok = 1'b0;
            repeat (CPB / 2) @(negedge clk);
        end
    end
endtask
