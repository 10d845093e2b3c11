/*
 * sp_uart_tx: UART transmitter, 8N1, LSB first (hdl/SPEC.md 7.1).
 *
 * A cycle with i_valid while o_ready is 1 takes i_data; the line then carries the start bit, the
 * eight data bits and the stop bit, CLKS_PER_BIT cycles each, and o_ready returns to 1 when the
 * stop bit has ended (so bytes given back to back leave no gap). The line idles at 1.
 *
 * Parameters:
 *   CLKS_PER_BIT - clock cycles per bit (at least 2)
 */
`default_nettype none

module sp_uart_tx #(
    parameter integer CLKS_PER_BIT = 104    // clock cycles per bit: clk / baud
) (
    input  wire       clk,
    input  wire       rst,
    // Bytes to send
    input  wire       i_valid,
    input  wire [7:0] i_data,
    output wire       o_ready,
    // Line
    output wire       o_tx
);

    localparam integer CW = $clog2(CLKS_PER_BIT);
    localparam integer FULL_I = CLKS_PER_BIT - 1;
    localparam [CW-1:0] FULL = FULL_I[CW-1:0];

    reg [CW-1:0] count_reg;
    reg [3:0]    bits_reg;      // bits still to send, the current one included; 0 when idle
    reg [8:0]    shift_reg;     // bit 0 is on the line: {stop, data} after the start bit

    always @(posedge clk) begin
        if (rst) begin
            count_reg <= {CW{1'b0}};
            bits_reg <= 4'd0;
            shift_reg <= 9'h1FF;
        end else if (bits_reg == 4'd0) begin
            if (i_valid) begin
                shift_reg <= {i_data, 1'b0};
                bits_reg <= 4'd10;
                count_reg <= FULL;
            end
        end else if (count_reg != {CW{1'b0}}) begin
            count_reg <= count_reg - 1'b1;
        end else begin
            shift_reg <= {1'b1, shift_reg[8:1]};
            bits_reg <= bits_reg - 4'd1;
            count_reg <= FULL;
        end
    end

    assign o_ready = (bits_reg == 4'd0);
    assign o_tx = shift_reg[0];

endmodule

`default_nettype wire
