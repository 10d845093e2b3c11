/*
 * sp_crc16: CRC-16/CCITT-FALSE of a byte stream, one byte per cycle (hdl/SPEC.md 7.2):
 * polynomial 0x1021, initial value 0xFFFF, no reflection (each byte MSB first), no final xor.
 * The CRC of "123456789" is 0x29B1.
 *
 * i_init loads 0xFFFF; a cycle with i_valid folds i_byte into the CRC (i_init wins if both).
 * o_crc is the CRC of the bytes folded since the last i_init.
 *
 * No parameters.
 */
`default_nettype none

module sp_crc16 (
    input  wire        clk,
    input  wire        i_init,
    input  wire        i_valid,
    input  wire [7:0]  i_byte,
    output wire [15:0] o_crc
);

    reg [15:0] crc_reg = 16'hFFFF;
    reg [15:0] crc_next;
    integer i;

    // The bitwise shift register, unrolled over the byte's eight bits.
    always @* begin
        crc_next = crc_reg;
        for (i = 7; i >= 0; i = i - 1)
            crc_next = {crc_next[14:0], 1'b0} ^ ((crc_next[15] ^ i_byte[i]) ? 16'h1021 : 16'h0000);
    end

    always @(posedge clk) begin
        if (i_init) crc_reg <= 16'hFFFF;
        else if (i_valid) crc_reg <= crc_next;
    end

    assign o_crc = crc_reg;

endmodule

`default_nettype wire
