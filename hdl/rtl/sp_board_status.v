/*
 * sp_board_status: what the board LEDs show of the core's busy / done / wipe-out pins.
 *
 * A propagation on the board takes microseconds, far too short to see, so busy is stretched: the
 * busy light stays on for 2^STRETCH_BITS cycles after the core goes idle (87 ms at 12 MHz). The
 * lights are exclusive: busy wins, then the outcome of the last run (done and wiped out, or done
 * without a wipe-out); before the first run all three are off. The heartbeat toggles every
 * 2^HEARTBEAT_BITS cycles (0.7 s at 12 MHz), showing the clock runs and the bitstream loaded.
 *
 * Parameters:
 *   STRETCH_BITS   log2 of the cycles the busy light outlasts busy
 *   HEARTBEAT_BITS log2 of the heartbeat's half period in cycles
 */
`default_nettype none

module sp_board_status #(
    parameter integer STRETCH_BITS = 20,    // busy light lasts 2^STRETCH_BITS cycles after busy
    parameter integer HEARTBEAT_BITS = 23   // heartbeat half period 2^HEARTBEAT_BITS cycles
) (
    input  wire clk,
    // Core status pins
    input  wire i_busy,
    input  wire i_done,
    input  wire i_wipeout,
    // Lights (active high)
    output wire o_busy_light,
    output wire o_ok_light,
    output wire o_wipeout_light,
    output wire o_heartbeat
);

    // Counts down from all ones after busy; initial values hold from configuration, so no reset.
    reg [STRETCH_BITS-1:0]   stretch_reg = {STRETCH_BITS{1'b0}};
    reg [HEARTBEAT_BITS-1:0] beat_reg = {HEARTBEAT_BITS{1'b0}};
    reg                      heartbeat_reg = 1'b0;

    always @(posedge clk) begin
        if (i_busy) stretch_reg <= {STRETCH_BITS{1'b1}};
        else if (stretch_reg != 0) stretch_reg <= stretch_reg - 1'b1;
        beat_reg <= beat_reg + 1'b1;
        if (&beat_reg) heartbeat_reg <= !heartbeat_reg;
    end

    wire busy_seen = i_busy || stretch_reg != 0;
    assign o_busy_light = busy_seen;
    assign o_ok_light = !busy_seen && i_done && !i_wipeout;
    assign o_wipeout_light = !busy_seen && i_done && i_wipeout;
    assign o_heartbeat = heartbeat_reg;

endmodule

`default_nettype wire
