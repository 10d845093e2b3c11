/*
 * sp_ice40: iCE40 UltraPlus top of the softprop core: sp_top behind sp_spi_bridge, a power-on
 * reset, and busy / done / wipe-out on three pins (a board top, sp_icebreaker or sp_upduino, shows
 * them on LEDs). The memory depths are small (sudoku-size problems, see
 * hdl/SPEC.md 6.1) so the core fits the UP5K's block RAMs; the lanes' products use its DSPs.
 *
 * Parameters: those of sp_core (section 6.1).
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
    parameter integer SDEPTH = 256      // literal-set words
) (
    input  wire i_clk,
    // SPI slave
    input  wire i_sck,
    input  wire i_cs_n,
    input  wire i_mosi,
    output wire o_miso,
    // Status pins
    output wire o_busy,
    output wire o_done,
    output wire o_wipeout
);

    // Power-on reset: held for 15 cycles after configuration (flip-flops start at 0).
    reg [3:0] por_reg = 4'd0;
    wire rst = (por_reg != 4'hF);
    always @(posedge i_clk) if (rst) por_reg <= por_reg + 4'd1;

    wire [5:0]  reg_addr;
    wire        reg_we, reg_re;
    wire [31:0] reg_wdata, reg_rdata;

    sp_spi_bridge spi (
        .clk         (i_clk),
        .rst         (rst),
        .i_sck       (i_sck),
        .i_cs_n      (i_cs_n),
        .i_mosi      (i_mosi),
        .o_miso      (o_miso),
        .o_reg_addr  (reg_addr),
        .o_reg_we    (reg_we),
        .o_reg_re    (reg_re),
        .o_reg_wdata (reg_wdata),
        .i_reg_rdata (reg_rdata)
    );

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
        .o_busy      (o_busy),
        .o_done      (o_done),
        .o_wipeout   (o_wipeout)
    );

endmodule

`default_nettype wire
