/*
 * sp_core: the softprop propagator core. Runs synchronous rounds of hdl/SPEC.md sections 3-4
 * (fixed-point soft mode, or hard mode on 0 / ONE weights with AND for the product) on a problem
 * held in its memories, whose layout is hdl/SPEC.md section 6.3.
 *
 * Three parts: the sequencer (sp_seq) steps a round as one stream of one-cycle states (section
 * 6.4: literal weights, clause supports, then per variable and group of LANES values the revision)
 * and addresses the memories; the memory bank (sp_mem) holds the regions of section 6.3 and the
 * host port; the LANES value lanes (sp_lane), wired here, each fold one value a of the group.
 *
 * While idle, the host port reads and writes the memories (region ids of section 6.3); a read
 * returns, one cycle after i_host_raddr, the word at that address.
 *
 * Parameters (section 6.1):
 *   LANES   - value lanes (a power of two, 2..32)
 *   MAX_DOM - largest domain size
 *   WDEPTH  - weight groups (LANES weights) per buffer
 *   VDEPTH  - variables
 *   ADEPTH  - arcs
 *   RDEPTH  - row words (LANES bits)
 *   LDEPTH  - literals
 *   CDEPTH  - clauses
 *   SDEPTH  - literal-set words (LANES bits)
 */
`default_nettype none
`include "spec_constants.vh"

module sp_core #(
    parameter integer LANES = 8,        // value lanes, power of two 2..32
    parameter integer MAX_DOM = 1024,   // largest domain size
    parameter integer WDEPTH = 1024,    // weight groups per buffer
    parameter integer VDEPTH = 1024,    // variables
    parameter integer ADEPTH = 4096,    // arcs
    parameter integer RDEPTH = 4096,    // row words
    parameter integer LDEPTH = 1024,    // literals
    parameter integer CDEPTH = 1024,    // clauses
    parameter integer SDEPTH = 1024     // literal-set words
) (
    input  wire        clk,
    input  wire        rst,
    // Control (from the register window)
    input  wire        i_start,
    input  wire        i_abort,
    input  wire        i_hard,
    input  wire [31:0] i_max_rounds,
    input  wire [31:0] i_nvars,
    input  wire [31:0] i_nclauses,
    input  wire [31:0] i_nlits,
    input  wire [4:0]  i_lshift,
    // Status
    output wire        o_busy,
    output wire        o_done,
    output wire        o_fixpoint,
    output wire        o_wipeout,
    output wire [31:0] o_rounds,
    output wire [63:0] o_cycles,
    // Host memory port (idle only)
    input  wire [3:0]  i_host_region,
    input  wire [31:0] i_host_raddr,
    input  wire        i_host_we,
    input  wire [31:0] i_host_waddr,
    input  wire [31:0] i_host_wdata,
    output wire [31:0] o_host_rdata,
    // Unit-test port (lane 0's multiplier)
    input  wire        i_unit_or,
    input  wire [15:0] i_unit_a,
    input  wire [15:0] i_unit_b,
    output wire [15:0] o_unit
);

    function integer max2(input integer a, input integer b);
        max2 = (a > b) ? a : b;
    endfunction

    // ------------------------------------------------------------------
    // Widths
    // ------------------------------------------------------------------
    localparam integer L = LANES;
    localparam integer LL = $clog2(LANES);
    localparam integer WAW = $clog2(WDEPTH);
    localparam integer VAW = $clog2(VDEPTH);
    localparam integer DW = $clog2(MAX_DOM + 1);
    localparam integer AAW = $clog2(ADEPTH);
    localparam integer RAW = $clog2(RDEPTH);
    localparam integer LAW = $clog2(LDEPTH);
    localparam integer CAW = $clog2(CDEPTH);
    localparam integer SAW = $clog2(SDEPTH);
    // One width for every index and address register: wider than any memory address or count,
    // so that zero extension never needs a zero-width pad.
    localparam integer AW = 1 + max2(max2(max2(WAW, VAW), max2(DW + 1, AAW + 1)),
                                     max2(max2(RAW, LAW + 1), max2(CAW + 1, SAW)));
    localparam [15:0] ONE = `SPEC_ONE;

    // Counts from the register window, cut to the index width (larger problems do not fit anyway;
    // fpga/layout.ts refuses them).
    wire unused_counts = &{1'b0, i_nvars[31:AW], i_nclauses[31:AW], i_nlits[31:AW]};

    // ------------------------------------------------------------------
    // Sequencer and memory bank
    // ------------------------------------------------------------------
    wire          idle, host_rd, bufsel, bufsel_next;
    wire [AW-1:0] wgt_raddr, vinfo_raddr, var_raddr, arc_raddr, row_raddr, occ_raddr, lit_raddr,
                  set_raddr, clause_raddr, sup_raddr;
    wire          wgt_we, litw_we, lits_we;
    wire [AW-1:0] wgt_waddr, litw_waddr, lits_waddr;
    wire [L*16-1:0] wmem_q;
    wire [AW-1:0] varbase_q, vardom_q, arcend_q, arcsrc_q, arcrow_q, occend_q, occlit_q, litvar_q,
                  clauseend_q;
    wire [L-1:0]  rows_q, litset_q;
    wire [15:0]   litw_q, lits_q;

    wire [2:0]      lane_op;
    wire            lane_first, lane_load, p_litw;
    wire [L-1:0]    lane_bits;
    wire [LL-1:0]   p_lane, store_lane;
    wire [AW-1:0]   values_left;
    wire [L*16-1:0] lane_acc, lane_rev;
    reg  [L*16-1:0] store_w;                   // group being written (S_V_STORE)
    wire [L-1:0]    lane_changed, lane_alive;

    sp_seq #(.LANES(LANES), .MAX_DOM(MAX_DOM), .AW(AW)) seq (
        .clk            (clk),
        .rst            (rst),
        .i_start        (i_start),
        .i_abort        (i_abort),
        .i_max_rounds   (i_max_rounds),
        .i_nvars        (i_nvars[AW-1:0]),
        .i_nclauses     (i_nclauses[AW-1:0]),
        .i_nlits        (i_nlits[AW-1:0]),
        .i_lshift       (i_lshift),
        .o_idle         (idle),
        .o_done         (o_done),
        .o_fixpoint     (o_fixpoint),
        .o_wipeout      (o_wipeout),
        .o_rounds       (o_rounds),
        .o_cycles       (o_cycles),
        .i_varbase      (varbase_q),
        .i_vardom       (vardom_q),
        .i_arcend       (arcend_q),
        .i_arcsrc       (arcsrc_q),
        .i_arcrow       (arcrow_q),
        .i_occend       (occend_q),
        .i_occlit       (occlit_q),
        .i_litvar       (litvar_q),
        .i_clauseend    (clauseend_q),
        .i_rows         (rows_q),
        .i_litset       (litset_q),
        .o_host_rd      (host_rd),
        .o_bufsel       (bufsel),
        .o_bufsel_next  (bufsel_next),
        .o_wgt_raddr    (wgt_raddr),
        .o_vinfo_raddr  (vinfo_raddr),
        .o_var_raddr    (var_raddr),
        .o_arc_raddr    (arc_raddr),
        .o_row_raddr    (row_raddr),
        .o_occ_raddr    (occ_raddr),
        .o_lit_raddr    (lit_raddr),
        .o_set_raddr    (set_raddr),
        .o_clause_raddr (clause_raddr),
        .o_sup_raddr    (sup_raddr),
        .o_wgt_we       (wgt_we),
        .o_wgt_waddr    (wgt_waddr),
        .o_litw_we      (litw_we),
        .o_litw_waddr   (litw_waddr),
        .o_lits_we      (lits_we),
        .o_lits_waddr   (lits_waddr),
        .o_lane_op      (lane_op),
        .o_lane_first   (lane_first),
        .o_lane_bits    (lane_bits),
        .o_lane_load    (lane_load),
        .o_p_litw       (p_litw),
        .o_p_lane       (p_lane),
        .o_store_lane   (store_lane),
        .o_values_left  (values_left),
        .i_changed      (|lane_changed),
        .i_alive        (|lane_alive)
    );

    sp_mem #(
        .LANES(LANES), .MAX_DOM(MAX_DOM), .WDEPTH(WDEPTH), .VDEPTH(VDEPTH), .ADEPTH(ADEPTH),
        .RDEPTH(RDEPTH), .LDEPTH(LDEPTH), .CDEPTH(CDEPTH), .SDEPTH(SDEPTH), .AW(AW)
    ) mem (
        .clk            (clk),
        .i_bufsel_next  (bufsel_next),
        .i_wgt_raddr    (wgt_raddr),
        .i_vinfo_raddr  (vinfo_raddr),
        .i_var_raddr    (var_raddr),
        .i_arc_raddr    (arc_raddr),
        .i_row_raddr    (row_raddr),
        .i_occ_raddr    (occ_raddr),
        .i_lit_raddr    (lit_raddr),
        .i_set_raddr    (set_raddr),
        .i_clause_raddr (clause_raddr),
        .i_sup_raddr    (sup_raddr),
        .i_bufsel       (bufsel),
        .i_wgt_we       (wgt_we),
        .i_wgt_waddr    (wgt_waddr),
        .i_wgt_wdata    (store_w),
        .i_litw_we      (litw_we),
        .i_litw_waddr   (litw_waddr),
        .i_litw_wdata   (ONE - lane_acc[15:0]),
        .i_lits_we      (lits_we),
        .i_lits_waddr   (lits_waddr),
        .i_lits_wdata   (ONE - lane_acc[store_lane*16 +: 16]),
        .i_idle         (idle),
        .i_host_rd      (host_rd),
        .i_host_region  (i_host_region),
        .i_host_raddr   (i_host_raddr),
        .i_host_we      (i_host_we),
        .i_host_waddr   (i_host_waddr),
        .i_host_wdata   (i_host_wdata),
        .o_host_rdata   (o_host_rdata),
        .o_wgt          (wmem_q),
        .o_varbase      (varbase_q),
        .o_vardom       (vardom_q),
        .o_arcend       (arcend_q),
        .o_arcsrc       (arcsrc_q),
        .o_arcrow       (arcrow_q),
        .o_rows         (rows_q),
        .o_occend       (occend_q),
        .o_occlit       (occlit_q),
        .o_litvar       (litvar_q),
        .o_litset       (litset_q),
        .o_clauseend    (clauseend_q),
        .o_litw         (litw_q),
        .o_lits         (lits_q)
    );

    // ------------------------------------------------------------------
    // Lanes
    // ------------------------------------------------------------------
    // The lanes' operands, registered with their step (sp_seq): the lanes run one cycle behind.
    reg  [L*16-1:0] w_reg;                     // normalised group (S_V_STORE read it)
    reg  [L-1:0]    odd_reg;                   // hard mode: the group's weight was neither 0 nor ONE
    reg  [L-1:0]    valid_reg;                 // value a0 + j of the group being written exists
    reg  [15:0]     np_reg;                    // not(p_y[b]) (or not(w_l) in phase 2)
    reg  [15:0]     s_reg;                     // clause support
    reg  [L*16-1:0] old_reg;                   // the group's weights as loaded, for "changed"
    reg  [L-1:0]    old_odd_reg;

    // not(p_y[b]) from its group word (or not(w_l) in phase 2), with p normalised to 0 / ONE in
    // hard mode: there not(p) is ONE or 0, decided beside the soft complement rather than before it.
    wire [15:0] p_raw = wmem_q[p_lane*16 +: 16];
    wire [15:0] p_sel = p_litw ? litw_q : p_raw;
    wire [15:0] np_hard = (p_sel != 16'd0) ? 16'd0 : ONE;
    always @(posedge clk) begin
        np_reg <= i_hard ? np_hard : ONE - p_sel; // complemented once for all lanes
        s_reg <= lits_q;
    end

    genvar gj;
    generate
        for (gj = 0; gj < L; gj = gj + 1) begin : g_lane
            localparam [AW-1:0] JOFF = gj;
            wire [15:0] unit_y;
            wire [15:0] raw = wmem_q[gj*16 +: 16];
            sp_lane #(.OPT_UNIT((gj == 0) ? 1 : 0)) lane (
                .clk       (clk),
                .i_hard    (i_hard),
                .i_op      (lane_op),
                .i_first   (lane_first),
                .i_bit     (lane_bits[gj]),
                .i_np      (np_reg),
                .i_s       (s_reg),
                .i_w       (w_reg[gj*16 +: 16]),
                .i_unit_or (i_unit_or),
                .i_unit_a  (i_unit_a),
                .i_unit_b  (i_unit_b),
                .o_unit    (unit_y),
                .o_acc     (lane_acc[gj*16 +: 16]),
                .o_rev     (lane_rev[gj*16 +: 16])
            );
            if (gj == 0) begin : g_unit
                assign o_unit = unit_y;
            end else begin : g_nounit
                // Only lane 0 answers the unit-test port.
                wire unused_unit = &{1'b0, unit_y};
            end
            always @(posedge clk) begin
                // Lane j's value a0 + j exists when j < d - a0 (one subtraction in the sequencer
                // instead of one adder per lane).
                valid_reg[gj] <= JOFF < values_left;
                // Lanes past the domain load what WEIGHTS holds there (0); the store masks them.
                w_reg[gj*16 +: 16] <= (i_hard && raw != 16'd0) ? ONE : raw;
                odd_reg[gj] <= i_hard && raw != 16'd0 && raw != ONE;
                if (lane_load) begin
                    old_reg[gj*16 +: 16] <= w_reg[gj*16 +: 16];
                    old_odd_reg[gj] <= odd_reg[gj];
                end
            end
            // Hard mode: a weight loaded as neither 0 nor ONE counts as changed (6.4).
            always @* store_w[gj*16 +: 16] = valid_reg[gj] ? lane_rev[gj*16 +: 16] : 16'd0;
            assign lane_changed[gj] = valid_reg[gj] && (store_w[gj*16 +: 16] != old_reg[gj*16 +: 16] || old_odd_reg[gj]);
            assign lane_alive[gj] = (store_w[gj*16 +: 16] != 16'd0);
        end
    endgenerate

    assign o_busy = !idle;

endmodule

`default_nettype wire
