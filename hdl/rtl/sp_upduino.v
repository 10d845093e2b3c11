/*
 * sp_upduino: the softprop core on an UPduino 3.x (iCE40UP5K-SG48), pins in
 * hdl/boards/upduino.pcf (`make bitstream BOARD=upduino`).
 *
 * Clock: the board's 12 MHz oscillator, which reaches FPGA pin 20 (gpio_20, a global-buffer
 * input) once the board's OSC jumper is closed; used directly, as on the iCEBreaker (sp_icebreaker:
 * the core closes timing near 18-20 MHz, so no PLL).
 * Reset: sp_ice40's power-on reset after configuration.
 * Host link (one of two, hdl/SPEC.md 7.6): the UART link (hdl/SPEC.md 7) at 115200 baud through
 * the board's one-channel FT232H, which also programs the flash: it shares the flash's SPI lines,
 * RX on pin 15 (flash SCK), TX on pin 14 (to the flash's SI), so the flash's chip select (pin 16)
 * is held high to keep the flash out of it; or, built with LINK=spi, the SPI slave of
 * sp_spi_bridge on four adjacent pins of the left header, gpio_23, gpio_25, gpio_26, gpio_27 =
 * CS_N, MOSI, MISO, SCK (the PMOD SPI order), SCK below 3 MHz (clk / 4).
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
    // UART through the FT232H, on the flash's lines
    input  wire i_uart_rx,      // host to board
    output wire o_uart_tx,      // board to host
    output wire o_flash_cs_n,   // held high: the flash stays deselected
    // RGB LED through the LED driver
    output wire o_rgb0,         // green
    output wire o_rgb1,         // blue
    output wire o_rgb2          // red
);

    /* verilator lint_off UNUSEDSIGNAL */
    wire wipeout_light, heartbeat;  // no spare LEDs for them on this board
    /* verilator lint_on UNUSEDSIGNAL */

    sp_board #(.RED_CH(2), .GREEN_CH(0), .BLUE_CH(1)) board (
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

    assign o_flash_cs_n = 1'b1;

endmodule

`default_nettype wire
