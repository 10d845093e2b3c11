/*
 * sp_icebreaker: the softprop core on an iCEBreaker (iCE40UP5K-SG48), pins in
 * hdl/boards/icebreaker.pcf (`make bitstream BOARD=icebreaker`).
 *
 * Clock: the board's 12 MHz oscillator, used directly. The core closes timing near 18-20 MHz
 * (hdl/SPEC.md 6.6), so 12 MHz needs no PLL, and a PLL-made faster clock would leave no margin.
 * Reset: sp_ice40's power-on reset after configuration.
 * Host link (one of two, hdl/SPEC.md 7.6): the UART link (hdl/SPEC.md 7) at 115200 baud on the
 * FT2232H's channel B, the board's second serial port: RX pin 6, TX pin 9; or, built with
 * LINK=spi, the SPI slave of sp_spi_bridge on PMOD1A (CS_N, MOSI, MISO, SCK on pins 1-4, the usual
 * PMOD SPI order), SCK below 3 MHz (clk / 4).
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
    // UART to the FT2232H's channel B
    input  wire i_uart_rx,      // host to board
    output wire o_uart_tx,      // board to host
    // LEDs: red and green (active low), RGB through the LED driver
    output wire o_led_r_n,
    output wire o_led_g_n,
    output wire o_rgb0,         // red
    output wire o_rgb1,         // green
    output wire o_rgb2          // blue
);

    wire wipeout_light, heartbeat;

    sp_board #(.RED_CH(0), .GREEN_CH(1), .BLUE_CH(2)) board (
        .i_clk           (i_clk),
        .i_sck           (i_sck),
        .i_cs_n          (i_cs_n),
        .i_mosi          (i_mosi),
        .o_miso          (o_miso),
        .i_uart_rx       (i_uart_rx),
        .o_uart_tx       (o_uart_tx),
        .o_rgb0          (o_rgb0),
        .o_rgb1          (o_rgb1),
        .o_rgb2          (o_rgb2),
        .o_wipeout_light (wipeout_light),
        .o_heartbeat     (heartbeat)
    );

    assign o_led_r_n = !wipeout_light;
    assign o_led_g_n = !heartbeat;

endmodule

`default_nettype wire
