/*
 * sp_spram: single-port RAM with a synchronous read, for memories that are written only while
 * nothing reads them (the core's arc tables: the host loads them while the core is idle).
 *
 * One address serves both: i_we ? i_waddr : i_raddr. The read data of cycle t+1 is the word at
 * that address in cycle t (after a write cycle it is undefined). The ram_style "huge" hint lets
 * yosys (`synth_ice40 -spram`) put it in an iCE40 UltraPlus SB_SPRAM256KA, which frees block
 * RAMs for the lanes' weight memories; Verilator and iverilog see a plain array.
 *
 * Parameters:
 *   WIDTH - bits per word (at most 16 for one SPRAM)
 *   DEPTH - words (at most 16384 for one SPRAM)
 *   AW    - address bits (derived)
 */
`default_nettype none

module sp_spram #(
    parameter integer WIDTH = 16,           // bits per word
    parameter integer DEPTH = 16384,        // words
    parameter integer AW = $clog2(DEPTH)    // address bits
) (
    input  wire             clk,
    // Write (takes the port for the cycle)
    input  wire             i_we,
    input  wire [AW-1:0]    i_waddr,
    input  wire [WIDTH-1:0] i_wdata,
    // Read
    input  wire [AW-1:0]    i_raddr,
    output wire [WIDTH-1:0] o_rdata
);

    (* ram_style = "huge" *) reg [WIDTH-1:0] mem [0:DEPTH-1];
    reg [WIDTH-1:0] rdata_reg;
    wire [AW-1:0] addr = i_we ? i_waddr : i_raddr;

    always @(posedge clk) begin
        if (i_we) mem[addr] <= i_wdata;
        else rdata_reg <= mem[addr];
    end

    assign o_rdata = rdata_reg;

endmodule

`default_nettype wire
