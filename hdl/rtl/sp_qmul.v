/*
 * sp_qmul: the Q1.15 product of hdl/SPEC.md section 4, mul(a, b) = (a*b + ROUND) >> FRAC_BITS.
 *
 * Combinational. For a, b <= ONE the result is <= ONE and fits WEIGHT_BITS; mul(ONE, b) = b
 * exactly. The 16x16 product maps to one iCE40 UltraPlus SB_MAC16 with `synth_ice40 -dsp`.
 * Constants come from spec_constants.vh, generated from hdl/spec-constants.json.
 */
`default_nettype none
`include "spec_constants.vh"

module sp_qmul (
    input  wire [`SPEC_WEIGHT_BITS-1:0] i_a,
    input  wire [`SPEC_WEIGHT_BITS-1:0] i_b,
    output wire [`SPEC_WEIGHT_BITS-1:0] o_y
);

    localparam integer W = `SPEC_WEIGHT_BITS;

    wire [2*W-1:0] prod = i_a * i_b;
    wire [2*W-1:0] rounded = prod + `SPEC_ROUND;

    assign o_y = rounded[`SPEC_FRAC_BITS +: W];

    // The low FRAC_BITS bits are the rounded-off fraction; the top bit is 0 for inputs <= ONE.
    wire unused_bits = &{1'b0, rounded[`SPEC_FRAC_BITS-1:0], rounded[2*W-1]};

endmodule

`default_nettype wire
