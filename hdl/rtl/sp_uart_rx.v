/*
 * sp_uart_rx: UART receiver, 8N1, LSB first (hdl/SPEC.md 7.1).
 *
 * The RX pin passes a two-flop synchroniser. A falling edge starts a byte; the start bit is
 * checked again half a bit later (a shorter low pulse is noise and ignored), then each data bit
 * and the stop bit are sampled in their middles. A byte with a good stop bit is given on o_data
 * with a one-cycle o_valid, half a bit time before the line's stop bit ends; one with a bad stop
 * bit is discarded, and the receiver waits for the line to be idle (1) again before the next
 * start bit.
 *
 * Parameters:
 *   CLKS_PER_BIT - clock cycles per bit (at least 4)
 */
`default_nettype none

module sp_uart_rx #(
    parameter integer CLKS_PER_BIT = 104    // clock cycles per bit: clk / baud
) (
    input  wire       clk,
    input  wire       rst,
    // Line
    input  wire       i_rx,
    // Received bytes
    output reg        o_valid,
    output reg  [7:0] o_data
);

    localparam integer CW = $clog2(CLKS_PER_BIT);
    localparam integer FULL_I = CLKS_PER_BIT - 1, HALF_I = CLKS_PER_BIT / 2 - 1;
    localparam [CW-1:0] FULL = FULL_I[CW-1:0], HALF = HALF_I[CW-1:0];
    localparam [2:0] S_IDLE = 3'd0, S_START = 3'd1, S_BITS = 3'd2, S_STOP = 3'd3, S_BREAK = 3'd4;

    reg [1:0]    sync_reg = 2'b11;
    reg [2:0]    state_reg, state_next;
    reg [CW-1:0] count_reg, count_next;
    reg [2:0]    bit_reg, bit_next;
    reg [7:0]    shift_reg, shift_next;
    reg          valid_next;
    wire         line = sync_reg[1];
    wire         tick = (count_reg == {CW{1'b0}});

    always @* begin
        state_next = state_reg;
        count_next = tick ? count_reg : count_reg - 1'b1;
        bit_next = bit_reg;
        shift_next = shift_reg;
        valid_next = 1'b0;
        case (state_reg)
            S_IDLE:
                if (!line) begin
                    state_next = S_START;
                    count_next = HALF;
                end
            S_START:
                if (line) state_next = S_IDLE;          // a glitch, not a start bit
                else if (tick) begin
                    state_next = S_BITS;
                    count_next = FULL;
                    bit_next = 3'd0;
                end
            S_BITS:
                if (tick) begin
                    shift_next = {line, shift_reg[7:1]};
                    count_next = FULL;
                    bit_next = bit_reg + 3'd1;
                    if (bit_reg == 3'd7) state_next = S_STOP;
                end
            S_STOP:
                if (tick) begin
                    valid_next = line;
                    state_next = line ? S_IDLE : S_BREAK;
                end
            default:    // S_BREAK: a framing error; a new start bit only after an idle line
                if (line) state_next = S_IDLE;
        endcase
    end

    always @(posedge clk) begin
        sync_reg <= {sync_reg[0], i_rx};
        if (rst) begin
            state_reg <= S_IDLE;
            count_reg <= {CW{1'b0}};
            bit_reg <= 3'd0;
            shift_reg <= 8'd0;
            o_valid <= 1'b0;
            o_data <= 8'd0;
        end else begin
            state_reg <= state_next;
            count_reg <= count_next;
            bit_reg <= bit_next;
            shift_reg <= shift_next;
            o_valid <= valid_next;
            if (valid_next) o_data <= shift_reg;
        end
    end

endmodule

`default_nettype wire
