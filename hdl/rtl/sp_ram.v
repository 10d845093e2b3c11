/*
 * sp_ram: simple dual-port RAM with a synchronous read (one write port, one read port, one clock).
 *
 * The read data of cycle t+1 is the word at the read address of cycle t. A read of the address
 * written in the same cycle is undefined (the model returns the old word; the bitstream is built
 * with `synth_ice40 -no-rw-check`, so no bypass logic): the core never does one, since it reads
 * one weight half while writing the other and the host port reads ADDR+1 while writing ADDR.
 * This is the shape yosys maps to iCE40 SB_RAM40_4K blocks and Verilator to a plain array.
 *
 * Parameters:
 *   WIDTH - bits per word
 *   DEPTH - words
 *   AW    - address bits (derived)
 */
`default_nettype none

module sp_ram #(
    parameter integer WIDTH = 16,           // bits per word
    parameter integer DEPTH = 256,          // words
    parameter integer AW = $clog2(DEPTH)    // address bits
) (
    input  wire             clk,
    // Write port
    input  wire             i_we,
    input  wire [AW-1:0]    i_waddr,
    input  wire [WIDTH-1:0] i_wdata,
    // Read port
    input  wire [AW-1:0]    i_raddr,
    output wire [WIDTH-1:0] o_rdata
);

    reg [WIDTH-1:0] mem [0:DEPTH-1];
    reg [WIDTH-1:0] rdata_reg;

    always @(posedge clk) begin
        if (i_we) mem[i_waddr] <= i_wdata;
        rdata_reg <= mem[i_raddr];
    end

    assign o_rdata = rdata_reg;

endmodule

`default_nettype wire
