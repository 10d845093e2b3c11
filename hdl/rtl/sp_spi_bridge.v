/*
 * sp_spi_bridge: SPI (mode 0, MSB first) slave to the register window of sp_top, for the iCE40
 * build, whose ~770 core port bits cannot be pinned out.
 *
 * The SPI pins are sampled in the clk domain (two-flop synchronisers), so SCK must be slower than
 * clk / 4. A frame (CS_N low) is an 8-bit command, bit 7 = write and bits 5..0 = register address,
 * then 32 data bits: shifted in on MOSI for a write (the register is written after the last bit),
 * shifted out on MISO for a read (the register, e.g. DATA with its auto-increment, is read once,
 * right after the command byte).
 *
 * No parameters.
 */
`default_nettype none

module sp_spi_bridge (
    input  wire        clk,
    input  wire        rst,
    // SPI pins
    input  wire        i_sck,
    input  wire        i_cs_n,
    input  wire        i_mosi,
    output wire        o_miso,
    // Register window
    output wire [5:0]  o_reg_addr,
    output wire        o_reg_we,
    output wire        o_reg_re,
    output wire [31:0] o_reg_wdata,
    input  wire [31:0] i_reg_rdata
);

    reg [2:0]  sck_reg;
    reg [1:0]  cs_reg;
    reg [1:0]  mosi_reg;
    reg [5:0]  bits_reg, bits_next;
    reg [7:0]  cmd_reg, cmd_next;
    reg [31:0] in_reg, in_next;
    reg [31:0] out_reg, out_next;
    reg        miso_reg, miso_next;
    reg        we_reg, we_next;
    reg        re_reg, re_next;

    wire sck_rise = (sck_reg[2:1] == 2'b01);
    wire sck_fall = (sck_reg[2:1] == 2'b10);
    wire selected = !cs_reg[1];
    wire mosi = mosi_reg[1];

    always @* begin
        bits_next = bits_reg;
        cmd_next = cmd_reg;
        in_next = in_reg;
        out_next = out_reg;
        miso_next = miso_reg;
        we_next = 1'b0;
        re_next = 1'b0;
        if (re_reg) out_next = i_reg_rdata;
        if (!selected) begin
            bits_next = 6'd0;
        end else if (sck_rise) begin
            bits_next = bits_reg + 6'd1;
            if (bits_reg < 6'd8) cmd_next = {cmd_reg[6:0], mosi};
            else in_next = {in_reg[30:0], mosi};
            if (bits_reg == 6'd7 && !cmd_reg[6]) re_next = 1'b1;   // cmd_reg[6] is bit 7 once shifted
            if (bits_reg == 6'd39 && cmd_reg[7]) we_next = 1'b1;
        end else if (sck_fall && bits_reg >= 6'd8 && bits_reg < 6'd40) begin
            miso_next = out_reg[31];
            out_next = {out_reg[30:0], 1'b0};
        end
    end

    always @(posedge clk) begin
        sck_reg <= {sck_reg[1:0], i_sck};
        cs_reg <= {cs_reg[0], i_cs_n};
        mosi_reg <= {mosi_reg[0], i_mosi};
        if (rst) begin
            bits_reg <= 6'd0;
            cmd_reg <= 8'd0;
            in_reg <= 32'd0;
            out_reg <= 32'd0;
            miso_reg <= 1'b0;
            we_reg <= 1'b0;
            re_reg <= 1'b0;
        end else begin
            bits_reg <= bits_next;
            cmd_reg <= cmd_next;
            in_reg <= in_next;
            out_reg <= out_next;
            miso_reg <= miso_next;
            we_reg <= we_next;
            re_reg <= re_next;
        end
    end

    assign o_miso = miso_reg;
    assign o_reg_addr = cmd_reg[5:0];
    assign o_reg_we = we_reg;
    assign o_reg_re = re_reg;
    assign o_reg_wdata = in_reg;

endmodule

`default_nettype wire
