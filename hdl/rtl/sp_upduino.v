/*
 * sp_upduino: the softprop core on an UPduino 3.x (iCE40UP5K-SG48), pins in
 * hdl/boards/upduino.pcf (`make bitstream BOARD=upduino`).
 *
 * Clock: the board's 12 MHz oscillator, which reaches FPGA pin 20 (gpio_20, a global-buffer
 * input) once the board's OSC jumper is closed; used directly, as on the iCEBreaker (sp_icebreaker:
 * the core closes timing near 18-20 MHz, so no PLL).
 * Reset: sp_ice40's power-on reset after configuration.
 * Host link: the SPI slave of sp_spi_bridge on four adjacent pins of the left header, gpio_23,
 * gpio_25, gpio_26, gpio_27 = CS_N, MOSI, MISO, SCK (the PMOD SPI order); SCK below 3 MHz (clk / 4).
 * LED: the RGB LED, blue while a run is busy (stretched so it is seen), green when the last run
 * ended without a wipe-out, red when it wiped out.
 *
 * No parameters (the core takes the iCE40 parameters of hdl/SPEC.md 6.1).
 */
`default_nettype none

module sp_upduino (
    input  wire i_clk,          // 12 MHz oscillator through the OSC jumper
    // SPI slave on the left header
    input  wire i_sck,
    input  wire i_cs_n,
    input  wire i_mosi,
    output wire o_miso,
    // RGB LED through the LED driver
    output wire o_rgb0,         // green
    output wire o_rgb1,         // blue
    output wire o_rgb2          // red
);

    wire busy, done, wipeout;
    wire busy_light, ok_light, wipeout_light;
    /* verilator lint_off UNUSEDSIGNAL */
    wire heartbeat;     // no spare LED for it on this board
    /* verilator lint_on UNUSEDSIGNAL */

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

    // The RGB pins are open-drain current sinks: the hard LED driver, at its lowest current.
    SB_RGBA_DRV #(
        .CURRENT_MODE("0b1"),
        .RGB0_CURRENT("0b000001"),
        .RGB1_CURRENT("0b000001"),
        .RGB2_CURRENT("0b000001")
    ) rgb (
        .CURREN   (1'b1),
        .RGBLEDEN (1'b1),
        .RGB0PWM  (ok_light),
        .RGB1PWM  (busy_light),
        .RGB2PWM  (wipeout_light),
        .RGB0     (o_rgb0),
        .RGB1     (o_rgb1),
        .RGB2     (o_rgb2)
    );

endmodule

`default_nettype wire
