/*
 * sp_icebreaker: the softprop core on an iCEBreaker (iCE40UP5K-SG48), pins in
 * hdl/boards/icebreaker.pcf (`make bitstream BOARD=icebreaker`).
 *
 * Clock: the board's 12 MHz oscillator, used directly. The core closes timing near 18-20 MHz
 * (hdl/SPEC.md 6.6), so 12 MHz needs no PLL, and a PLL-made faster clock would leave no margin.
 * Reset: sp_ice40's power-on reset after configuration.
 * Host link: the SPI slave of sp_spi_bridge on PMOD1A (CS_N, MOSI, MISO, SCK on pins 1-4, the
 * usual PMOD SPI order); SCK below 3 MHz (clk / 4).
 * LEDs: RGB blue while a run is busy (stretched so it is seen), green when the last run ended
 * without a wipe-out, red when it wiped out; the red LED also shows a wipe-out, the green LED
 * blinks as a heartbeat.
 *
 * No parameters (the core takes the iCE40 parameters of hdl/SPEC.md 6.1).
 */
`default_nettype none

module sp_icebreaker (
    input  wire i_clk,          // 12 MHz oscillator
    // SPI slave on PMOD1A
    input  wire i_sck,
    input  wire i_cs_n,
    input  wire i_mosi,
    output wire o_miso,
    // LEDs: red and green (active low), RGB through the LED driver
    output wire o_led_r_n,
    output wire o_led_g_n,
    output wire o_rgb0,         // red
    output wire o_rgb1,         // green
    output wire o_rgb2          // blue
);

    wire busy, done, wipeout;
    wire busy_light, ok_light, wipeout_light, heartbeat;

    sp_ice40 core (
        .i_clk     (i_clk),
        .i_sck     (i_sck),
        .i_cs_n    (i_cs_n),
        .i_mosi    (i_mosi),
        .o_miso    (o_miso),
        .o_busy    (busy),
        .o_done    (done),
        .o_wipeout (wipeout)
    );

    sp_board_status status (
        .clk             (i_clk),
        .i_busy          (busy),
        .i_done          (done),
        .i_wipeout       (wipeout),
        .o_busy_light    (busy_light),
        .o_ok_light      (ok_light),
        .o_wipeout_light (wipeout_light),
        .o_heartbeat     (heartbeat)
    );

    assign o_led_r_n = !wipeout_light;
    assign o_led_g_n = !heartbeat;

    // The RGB pins are open-drain current sinks: the hard LED driver, at its lowest current.
    SB_RGBA_DRV #(
        .CURRENT_MODE("0b1"),
        .RGB0_CURRENT("0b000001"),
        .RGB1_CURRENT("0b000001"),
        .RGB2_CURRENT("0b000001")
    ) rgb (
        .CURREN   (1'b1),
        .RGBLEDEN (1'b1),
        .RGB0PWM  (wipeout_light),
        .RGB1PWM  (ok_light),
        .RGB2PWM  (busy_light),
        .RGB0     (o_rgb0),
        .RGB1     (o_rgb1),
        .RGB2     (o_rgb2)
    );

endmodule

`default_nettype wire
