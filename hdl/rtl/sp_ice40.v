/*
 * sp_ice40: iCE40 UltraPlus top of the softprop core: sp_top behind its host links, the UART link
 * sp_uart_bridge (hdl/SPEC.md 7) and the SPI slave sp_spi_bridge (6.6), a power-on reset, and
 * busy / done / wipe-out on three pins (a board top, sp_icebreaker or sp_upduino, shows them on
 * LEDs). The memory depths are small (sudoku-size problems, see hdl/SPEC.md 6.1) so the core fits
 * the UP5K's block RAMs; the lanes' products use its DSPs. The pseudo-terminal harness
 * (bindings/c/pty_serve.cpp) runs this top with the simulation build's parameters.
 *
 * The UP5K holds the core and one link (the core and both take 101 % of its logic cells), so each
 * link is an OPT_ switch (`make bitstream LINK=uart|spi`). With both, they share the register
 * window: in a cycle where the SPI bridge accesses it, the SPI access goes through and the UART
 * bridge's waits (i_reg_stall). A link switched off leaves its inputs unused and its outputs idle.
 *
 * Parameters: those of sp_core (section 6.1), and
 *   OPT_UART     - 1: the UART link
 *   OPT_SPI      - 1: the SPI slave
 *   CLKS_PER_BIT - clock cycles per UART bit (12 MHz / 115200 baud on the boards)
 *   TIMEOUT_BITS - bit times a UART request may pause before it is dropped (SPEC 7.1)
 */
`default_nettype none

module sp_ice40 #(
    parameter integer LANES = 8,        // value lanes, power of two 2..32
    parameter integer MAX_DOM = 16,     // largest domain size
    parameter integer WDEPTH = 256,     // weight groups per buffer
    parameter integer VDEPTH = 128,     // variables
    parameter integer ADEPTH = 2048,    // arcs
    parameter integer RDEPTH = 512,     // row words
    parameter integer LDEPTH = 256,     // literals
    parameter integer CDEPTH = 128,     // clauses
    parameter integer SDEPTH = 256,     // literal-set words
    parameter integer OPT_UART = 1,     // the UART link
    parameter integer OPT_SPI = 0,      // the SPI slave
    parameter integer CLKS_PER_BIT = 104,   // clock cycles per UART bit
    parameter integer TIMEOUT_BITS = 200    // UART inter-byte timeout in bit times
) (
    input  wire i_clk,
    // SPI slave
    input  wire i_sck,
    input  wire i_cs_n,
    input  wire i_mosi,
    output wire o_miso,
    // UART (host link)
    input  wire i_uart_rx,
    output wire o_uart_tx,
    // UART link state: inside a request; executing or answering one (for the simulation harness)
    output wire o_link_rx_frame,
    output wire o_link_active,
    // Status pins
    output wire o_busy,
    output wire o_done,
    output wire o_wipeout
);

    // Power-on reset: held for 15 cycles after configuration (flip-flops start at 0).
    reg [3:0] por_reg = 4'd0;
    wire rst = (por_reg != 4'hF);
    always @(posedge i_clk) if (rst) por_reg <= por_reg + 4'd1;

    wire [5:0]  spi_addr, uart_addr;
    wire        spi_we, spi_re, uart_we, uart_re;
    wire [31:0] spi_wdata, uart_wdata, reg_rdata;
    wire        busy;

    generate
        if (OPT_SPI != 0) begin : g_spi
            sp_spi_bridge spi (
                .clk         (i_clk),
                .rst         (rst),
                .i_sck       (i_sck),
                .i_cs_n      (i_cs_n),
                .i_mosi      (i_mosi),
                .o_miso      (o_miso),
                .o_reg_addr  (spi_addr),
                .o_reg_we    (spi_we),
                .o_reg_re    (spi_re),
                .o_reg_wdata (spi_wdata),
                .i_reg_rdata (reg_rdata)
            );
        end else begin : g_no_spi
            wire unused_spi = &{1'b0, i_sck, i_cs_n, i_mosi};
            assign o_miso = 1'b0;
            assign spi_addr = 6'd0;
            assign spi_we = 1'b0;
            assign spi_re = 1'b0;
            assign spi_wdata = 32'd0;
        end
    endgenerate

    wire spi_access = spi_we || spi_re;

    generate
        if (OPT_UART != 0) begin : g_uart
            sp_uart_bridge #(.CLKS_PER_BIT(CLKS_PER_BIT), .TIMEOUT_BITS(TIMEOUT_BITS)) uart (
                .clk         (i_clk),
                .rst         (rst),
                .i_rx        (i_uart_rx),
                .o_tx        (o_uart_tx),
                .o_reg_addr  (uart_addr),
                .o_reg_we    (uart_we),
                .o_reg_re    (uart_re),
                .o_reg_wdata (uart_wdata),
                .i_reg_rdata (reg_rdata),
                .i_reg_stall (spi_access),
                .i_busy      (busy),
                .o_rx_frame  (o_link_rx_frame),
                .o_active    (o_link_active)
            );
        end else begin : g_no_uart
            wire unused_uart = &{1'b0, i_uart_rx};
            assign o_uart_tx = 1'b1;
            assign o_link_rx_frame = 1'b0;
            assign o_link_active = 1'b0;
            assign uart_addr = 6'd0;
            assign uart_we = 1'b0;
            assign uart_re = 1'b0;
            assign uart_wdata = 32'd0;
        end
    endgenerate

    // The SPI access wins; an SPI-only build takes the SPI bridge's outputs with no multiplexer.
    wire        spi_owns = (OPT_UART == 0) || spi_access;
    wire [5:0]  reg_addr = spi_owns ? spi_addr : uart_addr;
    wire        reg_we = spi_owns ? spi_we : uart_we;
    wire        reg_re = spi_owns ? spi_re : uart_re;
    wire [31:0] reg_wdata = spi_owns ? spi_wdata : uart_wdata;

    sp_top #(
        .LANES(LANES), .MAX_DOM(MAX_DOM), .WDEPTH(WDEPTH), .VDEPTH(VDEPTH), .ADEPTH(ADEPTH),
        .RDEPTH(RDEPTH), .LDEPTH(LDEPTH), .CDEPTH(CDEPTH), .SDEPTH(SDEPTH)
    ) top (
        .clk         (i_clk),
        .rst         (rst),
        .i_reg_addr  (reg_addr),
        .i_reg_we    (reg_we),
        .i_reg_re    (reg_re),
        .i_reg_wdata (reg_wdata),
        .o_reg_rdata (reg_rdata),
        .o_busy      (busy),
        .o_done      (o_done),
        .o_wipeout   (o_wipeout)
    );

    assign o_busy = busy;

endmodule

`default_nettype wire
