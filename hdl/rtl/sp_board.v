/*
 * sp_board: what every board top shares: the iCE40 core (sp_ice40, with its host link, UART or
 * SPI (hdl/SPEC.md 7.6), and power-on reset), its status lights (sp_board_status) and the RGB LED
 * through the hard LED driver. A board top (sp_icebreaker, sp_upduino) only names its pins and
 * wires any extra LEDs.
 *
 * The RGB pins are open-drain current sinks driven by SB_RGBA_DRV at its lowest current. Which
 * driver channel (RGB0..RGB2, pins 39..41) lights which colour differs between boards: the
 * *_CH parameters say it. The LED is blue while a run is busy (stretched so it is seen), green
 * when the last run ended without a wipe-out, red when it wiped out.
 *
 * Parameters:
 *   RED_CH    driver channel (0..2) of the red LED
 *   GREEN_CH  driver channel (0..2) of the green LED
 *   BLUE_CH   driver channel (0..2) of the blue LED
 */
`default_nettype none

module sp_board #(
    parameter integer RED_CH = 0,    // SB_RGBA_DRV channel of the red LED
    parameter integer GREEN_CH = 1,  // ... of the green LED
    parameter integer BLUE_CH = 2    // ... of the blue LED
) (
    input  wire i_clk,
    // SPI slave
    input  wire i_sck,
    input  wire i_cs_n,
    input  wire i_mosi,
    output wire o_miso,
    // UART to the board's FTDI chip
    input  wire i_uart_rx,
    output wire o_uart_tx,
    // RGB LED pins (driver channels 0..2)
    output wire o_rgb0,
    output wire o_rgb1,
    output wire o_rgb2,
    // Lights for a board's extra LEDs (active high)
    output wire o_wipeout_light,
    output wire o_heartbeat
);

    wire busy, done, wipeout;
    wire busy_light, ok_light;

    /* verilator lint_off PINCONNECTEMPTY */
    sp_ice40 core (
        .i_clk           (i_clk),
        .i_sck           (i_sck),
        .i_cs_n          (i_cs_n),
        .i_mosi          (i_mosi),
        .o_miso          (o_miso),
        .i_uart_rx       (i_uart_rx),
        .o_uart_tx       (o_uart_tx),
        .o_link_rx_frame (),            // the link state is for the simulation harness
        .o_link_active   (),
        .o_busy          (busy),
        .o_done          (done),
        .o_wipeout       (wipeout)
    );
    /* verilator lint_on PINCONNECTEMPTY */

    sp_board_status status (
        .clk             (i_clk),
        .i_busy          (busy),
        .i_done          (done),
        .i_wipeout       (wipeout),
        .o_busy_light    (busy_light),
        .o_ok_light      (ok_light),
        .o_wipeout_light (o_wipeout_light),
        .o_heartbeat     (o_heartbeat)
    );

    wire [2:0] pwm;
    assign pwm[RED_CH] = o_wipeout_light;
    assign pwm[GREEN_CH] = ok_light;
    assign pwm[BLUE_CH] = busy_light;

    SB_RGBA_DRV #(
        .CURRENT_MODE("0b1"),
        .RGB0_CURRENT("0b000001"),
        .RGB1_CURRENT("0b000001"),
        .RGB2_CURRENT("0b000001")
    ) rgb (
        .CURREN   (1'b1),
        .RGBLEDEN (1'b1),
        .RGB0PWM  (pwm[0]),
        .RGB1PWM  (pwm[1]),
        .RGB2PWM  (pwm[2]),
        .RGB0     (o_rgb0),
        .RGB1     (o_rgb1),
        .RGB2     (o_rgb2)
    );

endmodule

`default_nettype wire
