/*
 * sp_core: the softprop propagator core. Runs synchronous rounds of hdl/SPEC.md sections 3-4
 * (fixed-point soft mode, or hard mode on 0 / ONE weights with AND for the product) on a problem
 * held in its memories, whose layout is hdl/SPEC.md section 6.3.
 *
 * A round is one stream of one-cycle steps (section 6.4): literal weights, clause supports, then
 * per variable and group of LANES values the revision, where every lane folds one value a. All
 * memories read synchronously; the read addresses are computed from the *_next state, so in every
 * state the memory outputs hold the words addressed by the *_reg state.
 * Weights are double-buffered in one memory per lane: half bufsel_reg is read, the other half
 * written; the halves swap at the end of each round.
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
    output reg  [31:0] o_host_rdata,
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
    localparam [AW-1:0] ZERO = {AW{1'b0}};
    localparam [AW-1:0] ONE_AW = {{(AW - 1){1'b0}}, 1'b1};
    localparam [AW-1:0] L_AW = L[AW-1:0];

    localparam [3:0] R_WEIGHTS = `SPEC_REGION_WEIGHTS, R_VARBASE = `SPEC_REGION_VARBASE,
                     R_VARDOM = `SPEC_REGION_VARDOM, R_ARCEND = `SPEC_REGION_ARCEND,
                     R_ARCSRC = `SPEC_REGION_ARCSRC, R_ARCROW = `SPEC_REGION_ARCROW,
                     R_ROWS = `SPEC_REGION_ROWS, R_OCCEND = `SPEC_REGION_OCCEND,
                     R_OCCLIT = `SPEC_REGION_OCCLIT, R_LITVAR = `SPEC_REGION_LITVAR,
                     R_LITSET = `SPEC_REGION_LITSET, R_CLAUSEEND = `SPEC_REGION_CLAUSEEND,
                     R_LITW = `SPEC_REGION_LITW, R_LITS = `SPEC_REGION_LITS;

    localparam [2:0] OP_HOLD = 3'd0, OP_LOAD = 3'd1, OP_FOLD = 3'd2, OP_REVA = 3'd3, OP_REVS = 3'd4;

    localparam [4:0] S_IDLE = 5'd0,
                     S_LW_VAR = 5'd2, S_LW_DOM = 5'd3, S_LW_FOLD = 5'd4, S_LW_STORE = 5'd5,
                     S_C_END = 5'd7, S_C_FOLD = 5'd8, S_C_STORE = 5'd9,
                     S_V_BEGIN = 5'd10, S_V_VAR = 5'd11, S_V_LOAD = 5'd12,
                     S_A_SRC = 5'd13, S_A_DOM = 5'd14, S_A_FOLD = 5'd15, S_A_REV = 5'd16,
                     S_O_LIT = 5'd17, S_O_REV = 5'd18, S_V_STORE = 5'd19, S_REND = 5'd20;

    // ------------------------------------------------------------------
    // State
    // ------------------------------------------------------------------
    reg [4:0]    state_reg, state_next;
    reg          bufsel_reg = 1'b0;            // half of the weight memory holding p (no reset, see below)
    reg          bufsel_next;
    reg          done_reg, done_next;
    reg          fix_reg, fix_next;
    reg          wipe_reg, wipe_next;          // status flags of the last run
    reg          changed_reg, changed_next;    // this round changed a weight
    reg          wiped_reg, wiped_next;        // this round wiped out a variable
    reg          alive_reg, alive_next;        // current variable has a non-zero weight so far
    reg [31:0]   round_reg, round_next;
    reg          last_round_reg;               // round_reg + 1 == MAX_ROUNDS (one cycle old)
    reg [63:0]   cycles_reg, cycles_next;
    reg [AW-1:0] l_reg, l_next;                // literal (phase 1), clause literal (phase 2)
    reg [AW-1:0] x_reg, x_next;                // variable being revised / literal's variable
    reg [AW-1:0] base_reg, base_next;          // weight group of (variable, g) / literal's variable
    reg [AW-1:0] dom_reg, dom_next;
    reg [AW-1:0] b_reg, b_next;                // value of the source variable being folded
    reg [AW-1:0] ybase_reg, ybase_next;
    reg [AW-1:0] ydom_reg, ydom_next;
    reg [AW-1:0] rp_reg, rp_next;              // ROWS word of (arc, b, g)
    reg [AW-1:0] gx_reg, gx_next;              // groups of the revised variable
    reg [AW-1:0] g_reg, g_next;                // group index
    reg [AW-1:0] a0_reg, a0_next;              // first value of the group (g * LANES)
    reg [AW-1:0] k_reg, k_next, abeg_reg, abeg_next, aend_reg, aend_next;
    reg [AW-1:0] o_reg, o_next, obeg_reg, obeg_next, oend_reg, oend_next;
    reg [AW-1:0] lit_reg, lit_next;            // literal of the occurrence being applied
    reg [AW-1:0] c_reg, c_next;
    reg [AW-1:0] cs_reg, cs_next, ce_reg, ce_next, p0_reg, p0_next;
    reg [AW-1:0] j_reg, j_next;                // lane being stored (phase 2)
    reg [AW-1:0] left_reg, left_next;          // literals of the clause from p0 + j on (phase 2)

    wire idle = (state_reg == S_IDLE);

    // Counts from the register window, cut to the index width (larger problems do not fit anyway;
    // fpga/layout.ts refuses them).
    wire [AW-1:0] nvars = i_nvars[AW-1:0];
    wire [AW-1:0] nclauses = i_nclauses[AW-1:0];
    wire [AW-1:0] nlits = i_nlits[AW-1:0];
    wire unused_counts = &{1'b0, i_nvars[31:AW], i_nclauses[31:AW], i_nlits[31:AW]};

    // ------------------------------------------------------------------
    // Memories
    // ------------------------------------------------------------------
    wire [L*16-1:0] wmem_q;
    wire [WAW-1:0]  varbase_q;
    wire [DW-1:0]   vardom_q;
    wire [AAW:0]    arcend_q;
    wire [VAW-1:0]  arcsrc_q;
    wire [RAW-1:0]  arcrow_q;
    wire [L-1:0]    rows_q;
    wire [LAW:0]    occend_q;
    wire [LAW-1:0]  occlit_q;
    wire [VAW-1:0]  litvar_q;
    wire [L-1:0]    litset_q;
    wire [LAW:0]    clauseend_q;
    wire [15:0]     litw_q;
    wire [15:0]     lits_q;

    // The same words zero-extended to AW bits.
    wire [AW-1:0] varbase_x = {{(AW - WAW){1'b0}}, varbase_q};
    wire [AW-1:0] vardom_x = {{(AW - DW){1'b0}}, vardom_q};
    wire [AW-1:0] arcend_x = {{(AW - AAW - 1){1'b0}}, arcend_q};
    wire [AW-1:0] arcsrc_x = {{(AW - VAW){1'b0}}, arcsrc_q};
    wire [AW-1:0] arcrow_x = {{(AW - RAW){1'b0}}, arcrow_q};
    wire [AW-1:0] occend_x = {{(AW - LAW - 1){1'b0}}, occend_q};
    wire [AW-1:0] occlit_x = {{(AW - LAW){1'b0}}, occlit_q};
    wire [AW-1:0] litvar_x = {{(AW - VAW){1'b0}}, litvar_q};
    wire [AW-1:0] clauseend_x = {{(AW - LAW - 1){1'b0}}, clauseend_q};

    // Read addresses, computed from the next state. Addresses are AW bits wide and each memory
    // takes the low bits it needs, so the high bits are unused by design.
    /* verilator lint_off UNUSEDSIGNAL */
    reg  [AW-1:0] w_raddr;                     // weight group (half bufsel_next)
    reg  [AW-1:0] v_raddr;                     // VARBASE / VARDOM
    reg  [AW-1:0] ls_raddr;                    // LITSET
    wire [AW-1:0] host_word = i_host_raddr[LL +: AW];
    wire [AW-1:0] host_wword = i_host_waddr[LL +: AW];
    wire unused_host = &{1'b0, i_host_raddr, i_host_waddr, i_host_wdata};
    /* verilator lint_on UNUSEDSIGNAL */

    wire host_we = idle && i_host_we;
    // The read ports serve the host in every cycle whose next state is idle (a cycle later the
    // outputs hold the host's word; otherwise they hold the words the core's next state needs):
    // idle without a run starting, the last round ending, or ABORT. Written out rather than as
    // state_next == S_IDLE to keep the sequencer's decisions off the RAM address paths.
    wire run_ends = (state_reg == S_REND) && (wiped_reg || !changed_reg || last_round_reg);
    wire host_rd = i_abort || (idle && !(i_start && i_max_rounds != 32'd0)) || run_ends;
    reg  [LL-1:0] host_lane_reg;               // lane of the last host WEIGHTS read
    reg  [3:0]    host_region_reg;

    // Weights: one memory per lane, halves selected by the top address bit.
    wire            core_wwe = (state_reg == S_V_STORE);
    reg  [L*16-1:0] store_w;                   // group being written (S_V_STORE)
    genvar gj;
    generate
        for (gj = 0; gj < L; gj = gj + 1) begin : g_wmem
            localparam [LL-1:0] LANE = gj;
            wire host_lane_we = host_we && (i_host_region == R_WEIGHTS) && (i_host_waddr[LL-1:0] == LANE);
            sp_ram #(.WIDTH(16), .DEPTH(2 * WDEPTH)) ram (
                .clk     (clk),
                .i_we    (core_wwe || host_lane_we),
                .i_waddr (core_wwe ? {~bufsel_reg, base_reg[WAW-1:0]} : {bufsel_reg, host_wword[WAW-1:0]}),
                .i_wdata (core_wwe ? store_w[gj*16 +: 16] : i_host_wdata[15:0]),
                .i_raddr ({bufsel_next, host_rd ? host_word[WAW-1:0] : w_raddr[WAW-1:0]}),
                .o_rdata (wmem_q[gj*16 +: 16])
            );
        end
    endgenerate

    // Problem memories: written by the host, read by the core (or by the host while idle).
    `define SP_HOST_RAM(NAME, REGION, WID, DEP, AWID, RADDR, Q) \
        sp_ram #(.WIDTH(WID), .DEPTH(DEP)) NAME ( \
            .clk(clk), .i_we(host_we && i_host_region == REGION), .i_waddr(i_host_waddr[AWID-1:0]), \
            .i_wdata(i_host_wdata[WID-1:0]), .i_raddr(host_rd ? i_host_raddr[AWID-1:0] : RADDR), .o_rdata(Q));

    `SP_HOST_RAM(m_varbase, R_VARBASE, WAW, VDEPTH, VAW, v_raddr[VAW-1:0], varbase_q)
    `SP_HOST_RAM(m_vardom, R_VARDOM, DW, VDEPTH, VAW, v_raddr[VAW-1:0], vardom_q)
    `SP_HOST_RAM(m_arcend, R_ARCEND, AAW + 1, VDEPTH, VAW, x_next[VAW-1:0], arcend_q)
    `SP_HOST_RAM(m_rows, R_ROWS, L, RDEPTH, RAW, rp_next[RAW-1:0], rows_q)
    `SP_HOST_RAM(m_occend, R_OCCEND, LAW + 1, VDEPTH, VAW, x_next[VAW-1:0], occend_q)
    `SP_HOST_RAM(m_occlit, R_OCCLIT, LAW, LDEPTH, LAW, o_next[LAW-1:0], occlit_q)
    `SP_HOST_RAM(m_litvar, R_LITVAR, VAW, LDEPTH, LAW, l_next[LAW-1:0], litvar_q)
    `SP_HOST_RAM(m_litset, R_LITSET, L, SDEPTH, SAW, ls_raddr[SAW-1:0], litset_q)
    `SP_HOST_RAM(m_clauseend, R_CLAUSEEND, LAW + 1, CDEPTH, CAW, c_next[CAW-1:0], clauseend_q)
    `undef SP_HOST_RAM

    // The arc tables, the largest read-only memories: single-port (iCE40 SPRAM), since the host
    // writes them only while the core is idle and the core only reads them.
    sp_spram #(.WIDTH(VAW), .DEPTH(ADEPTH)) m_arcsrc (
        .clk(clk), .i_we(host_we && i_host_region == R_ARCSRC), .i_waddr(i_host_waddr[AAW-1:0]),
        .i_wdata(i_host_wdata[VAW-1:0]), .i_raddr(host_rd ? i_host_raddr[AAW-1:0] : k_next[AAW-1:0]), .o_rdata(arcsrc_q));
    sp_spram #(.WIDTH(RAW), .DEPTH(ADEPTH)) m_arcrow (
        .clk(clk), .i_we(host_we && i_host_region == R_ARCROW), .i_waddr(i_host_waddr[AAW-1:0]),
        .i_wdata(i_host_wdata[RAW-1:0]), .i_raddr(host_rd ? i_host_raddr[AAW-1:0] : k_next[AAW-1:0]), .o_rdata(arcrow_q));

    // Literal weights and clause supports: written by the core, read back by the host.
    wire [15:0]   acc0;
    reg  [15:0]   lits_wdata;
    wire [AW-1:0] lits_waddr = p0_reg + j_reg;
    wire unused_lits_waddr = &{1'b0, lits_waddr};  // only its low LAW bits address the memory
    sp_ram #(.WIDTH(16), .DEPTH(LDEPTH)) m_litw (
        .clk(clk), .i_we(state_reg == S_LW_STORE), .i_waddr(l_reg[LAW-1:0]), .i_wdata(ONE - acc0),
        .i_raddr(host_rd ? i_host_raddr[LAW-1:0] : l_next[LAW-1:0]), .o_rdata(litw_q));
    sp_ram #(.WIDTH(16), .DEPTH(LDEPTH)) m_lits (
        .clk(clk), .i_we(state_reg == S_C_STORE), .i_waddr(lits_waddr[LAW-1:0]), .i_wdata(lits_wdata),
        .i_raddr(host_rd ? i_host_raddr[LAW-1:0] : lit_next[LAW-1:0]), .o_rdata(lits_q));

    // Host read data: region and lane of the address presented one cycle earlier.
    always @(posedge clk) begin
        host_region_reg <= i_host_region;
        host_lane_reg <= i_host_raddr[LL-1:0];
    end

    always @* begin
        case (host_region_reg)
            R_WEIGHTS:   o_host_rdata = {16'd0, wmem_q[host_lane_reg*16 +: 16]};
            R_VARBASE:   o_host_rdata = {{(32 - AW){1'b0}}, varbase_x};
            R_VARDOM:    o_host_rdata = {{(32 - AW){1'b0}}, vardom_x};
            R_ARCEND:    o_host_rdata = {{(32 - AW){1'b0}}, arcend_x};
            R_ARCSRC:    o_host_rdata = {{(32 - AW){1'b0}}, arcsrc_x};
            R_ARCROW:    o_host_rdata = {{(32 - AW){1'b0}}, arcrow_x};
            R_ROWS:      o_host_rdata = {{(32 - L){1'b0}}, rows_q};
            R_OCCEND:    o_host_rdata = {{(32 - AW){1'b0}}, occend_x};
            R_OCCLIT:    o_host_rdata = {{(32 - AW){1'b0}}, occlit_x};
            R_LITVAR:    o_host_rdata = {{(32 - AW){1'b0}}, litvar_x};
            R_LITSET:    o_host_rdata = {{(32 - L){1'b0}}, litset_q};
            R_CLAUSEEND: o_host_rdata = {{(32 - AW){1'b0}}, clauseend_x};
            R_LITW:      o_host_rdata = {16'd0, litw_q};
            R_LITS:      o_host_rdata = {16'd0, lits_q};
            default:     o_host_rdata = 32'd0;
        endcase
    end

    // ------------------------------------------------------------------
    // Lanes
    // ------------------------------------------------------------------
    reg  [2:0]      lane_op;
    reg             lane_first;
    reg  [L-1:0]    lane_bits;
    wire [L*16-1:0] lane_acc, lane_rev;
    wire [L*16-1:0] lane_w;                    // normalised, masked group (S_V_LOAD)
    wire [L-1:0]    lane_valid;                // value a0 + j exists
    wire [L-1:0]    clause_bits;               // lane's literal is not the folded one (S_C_FOLD)
    wire [L-1:0]    lane_changed, lane_alive;
    reg  [L*16-1:0] old_reg;                   // raw weights of the group, for "changed"

    // Lane j's value a0 + j exists when j < d - a0; lane j's literal p0 + j is the folded literal l
    // when j = l - p0 (one subtraction each instead of one adder per lane).
    wire [AW-1:0] values_left = dom_reg - a0_reg;
    wire [AW-1:0] fold_lane = l_reg - p0_reg;

    // p_y[b] from its group word (or w_l in phase 2), normalised to 0 / ONE in hard mode.
    wire [15:0] p_raw = wmem_q[b_reg[LL-1:0]*16 +: 16];
    wire [15:0] p_sel = (state_reg == S_C_FOLD) ? litw_q : p_raw;
    wire [15:0] p_norm = i_hard ? ((p_sel != 16'd0) ? ONE : 16'd0) : p_sel;
    wire [15:0] p_not = ONE - p_norm;            // complemented once for all lanes

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
                .i_np      (p_not),
                .i_s       (lits_q),
                .i_w       (lane_w[gj*16 +: 16]),
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
            assign lane_valid[gj] = JOFF < values_left;
            assign lane_w[gj*16 +: 16] = !lane_valid[gj] ? 16'd0
                                       : i_hard ? ((raw != 16'd0) ? ONE : 16'd0)
                                       : raw;
            assign clause_bits[gj] = JOFF != fold_lane;
            always @* store_w[gj*16 +: 16] = lane_valid[gj] ? lane_rev[gj*16 +: 16] : 16'd0;
            assign lane_changed[gj] = lane_valid[gj] && (store_w[gj*16 +: 16] != old_reg[gj*16 +: 16]);
            assign lane_alive[gj] = (store_w[gj*16 +: 16] != 16'd0);
        end
    endgenerate
    assign acc0 = lane_acc[15:0];

    always @(posedge clk) begin
        if (state_reg == S_V_LOAD) old_reg <= wmem_q;
    end

    always @* lits_wdata = ONE - lane_acc[j_reg[LL-1:0]*16 +: 16];

    // Lane step of each state.
    always @* begin
        lane_op = OP_HOLD;
        lane_first = 1'b0;
        lane_bits = {L{1'b0}};
        case (state_reg)
            S_LW_FOLD: begin
                lane_op = OP_FOLD;
                lane_first = (b_reg == ZERO);
                lane_bits[0] = litset_q[b_reg[LL-1:0]];
            end
            S_C_FOLD: begin
                lane_op = OP_FOLD;
                lane_first = (l_reg == cs_reg);
                lane_bits = clause_bits;
            end
            S_V_LOAD: lane_op = OP_LOAD;
            S_A_FOLD: begin
                lane_op = OP_FOLD;
                lane_first = (b_reg == ZERO);
                lane_bits = rows_q;
            end
            S_A_REV: lane_op = OP_REVA;
            S_O_REV: begin
                lane_op = OP_REVS;
                lane_bits = litset_q;
            end
            default: ;
        endcase
    end

    // ------------------------------------------------------------------
    // Sequencer
    // ------------------------------------------------------------------
    wire [AW-1:0] groups_q = (vardom_x + L_AW - ONE_AW) >> LL;
    // First state of phase 2 (phase 3 without clauses), and of a round.
    wire [4:0] clause_entry = (nclauses == ZERO) ? S_V_BEGIN : S_C_END;
    wire [4:0] round_entry = (nlits == ZERO) ? clause_entry : S_LW_VAR;

    always @* begin
        state_next = state_reg;
        bufsel_next = bufsel_reg;
        done_next = done_reg;
        fix_next = fix_reg;
        wipe_next = wipe_reg;
        changed_next = changed_reg;
        wiped_next = wiped_reg;
        alive_next = alive_reg;
        round_next = round_reg;
        cycles_next = cycles_reg;
        l_next = l_reg;
        x_next = x_reg;
        base_next = base_reg;
        dom_next = dom_reg;
        b_next = b_reg;
        ybase_next = ybase_reg;
        ydom_next = ydom_reg;
        rp_next = rp_reg;
        gx_next = gx_reg;
        g_next = g_reg;
        a0_next = a0_reg;
        k_next = k_reg;
        abeg_next = abeg_reg;
        aend_next = aend_reg;
        o_next = o_reg;
        obeg_next = obeg_reg;
        oend_next = oend_reg;
        lit_next = lit_reg;
        c_next = c_reg;
        cs_next = cs_reg;
        ce_next = ce_reg;
        p0_next = p0_reg;
        j_next = j_reg;
        left_next = left_reg;

        if (!idle) cycles_next = cycles_reg + 64'd1;

        case (state_reg)
            S_IDLE:
                if (i_start) begin
                    done_next = 1'b0;
                    fix_next = 1'b0;
                    wipe_next = 1'b0;
                    round_next = 32'd0;
                    cycles_next = 64'd0;
                    if (i_max_rounds == 32'd0) done_next = 1'b1;
                    else state_next = round_entry;
                end
            // Phase 1: literal weights, lane 0.
            S_LW_VAR: begin
                x_next = litvar_x;
                state_next = S_LW_DOM;
            end
            S_LW_DOM: begin
                base_next = varbase_x;
                dom_next = vardom_x;
                b_next = ZERO;
                state_next = S_LW_FOLD;
            end
            S_LW_FOLD: begin
                b_next = b_reg + ONE_AW;
                if (b_next == dom_reg) state_next = S_LW_STORE;
            end
            S_LW_STORE: begin
                l_next = l_reg + ONE_AW;
                state_next = (l_next == nlits) ? clause_entry : S_LW_VAR;
            end
            // Phase 2: clause supports, lane j = literal p0 + j.
            S_C_END: begin
                ce_next = clauseend_x;
                left_next = clauseend_x - cs_reg;
                p0_next = cs_reg;
                l_next = cs_reg;
                j_next = ZERO;
                if (clauseend_x == cs_reg) begin
                    // Empty clause: no literal to support.
                    c_next = c_reg + ONE_AW;
                    state_next = (c_next == nclauses) ? S_V_BEGIN : S_C_END;
                end else begin
                    state_next = S_C_FOLD;
                end
            end
            S_C_FOLD: begin
                l_next = l_reg + ONE_AW;
                if (l_next == ce_reg) state_next = S_C_STORE;
            end
            S_C_STORE: begin
                j_next = j_reg + ONE_AW;
                left_next = left_reg - ONE_AW;
                if (j_reg == L_AW - ONE_AW || left_reg == ONE_AW) begin
                    j_next = ZERO;
                    p0_next = p0_reg + L_AW;
                    l_next = cs_reg;
                    if (left_reg != ONE_AW) begin
                        state_next = S_C_FOLD;
                    end else begin
                        cs_next = ce_reg;
                        c_next = c_reg + ONE_AW;
                        state_next = (c_next == nclauses) ? S_V_BEGIN : S_C_END;
                    end
                end
            end
            // Phase 3: revision, per variable and group.
            S_V_BEGIN: begin
                x_next = ZERO;
                abeg_next = ZERO;
                obeg_next = ZERO;
                state_next = (nvars == ZERO) ? S_REND : S_V_VAR;
            end
            S_V_VAR: begin
                base_next = varbase_x;
                dom_next = vardom_x;
                gx_next = groups_q;
                aend_next = arcend_x;
                oend_next = occend_x;
                g_next = ZERO;
                a0_next = ZERO;
                alive_next = 1'b0;
                state_next = S_V_LOAD;
            end
            S_V_LOAD: begin
                k_next = abeg_reg;
                o_next = obeg_reg;
                state_next = (abeg_reg != aend_reg) ? S_A_SRC : (obeg_reg != oend_reg) ? S_O_LIT : S_V_STORE;
            end
            S_A_SRC: begin
                rp_next = arcrow_x + g_reg;
                state_next = S_A_DOM;
            end
            S_A_DOM: begin
                ybase_next = varbase_x;
                ydom_next = vardom_x;
                b_next = ZERO;
                state_next = S_A_FOLD;
            end
            S_A_FOLD: begin
                b_next = b_reg + ONE_AW;
                rp_next = rp_reg + gx_reg;
                if (b_next == ydom_reg) state_next = S_A_REV;
            end
            S_A_REV: begin
                k_next = k_reg + ONE_AW;
                state_next = (k_next != aend_reg) ? S_A_SRC : (obeg_reg != oend_reg) ? S_O_LIT : S_V_STORE;
            end
            S_O_LIT: begin
                lit_next = occlit_x;
                state_next = S_O_REV;
            end
            S_O_REV: begin
                o_next = o_reg + ONE_AW;
                state_next = (o_next != oend_reg) ? S_O_LIT : S_V_STORE;
            end
            S_V_STORE: begin
                if (|lane_changed) changed_next = 1'b1;
                alive_next = alive_reg | (|lane_alive);
                if (g_reg + ONE_AW != gx_reg) begin
                    g_next = g_reg + ONE_AW;
                    a0_next = a0_reg + L_AW;
                    base_next = base_reg + ONE_AW;
                    state_next = S_V_LOAD;
                end else begin
                    if (!alive_next) wiped_next = 1'b1;
                    x_next = x_reg + ONE_AW;
                    abeg_next = aend_reg;
                    obeg_next = oend_reg;
                    state_next = (x_next == nvars) ? S_REND : S_V_VAR;
                end
            end
            S_REND: begin
                bufsel_next = ~bufsel_reg;
                round_next = round_reg + 32'd1;
                if (run_ends) begin
                    done_next = 1'b1;
                    fix_next = !changed_reg;
                    wipe_next = wiped_reg;
                    state_next = S_IDLE;
                end else begin
                    state_next = round_entry;
                end
            end
            default: state_next = S_IDLE;
        endcase

        // Entering a round (from START or from the previous round): clear the round's flags and
        // point phases 1 and 2 at their first literal and clause.
        if ((state_reg == S_IDLE || state_reg == S_REND) && state_next != S_IDLE) begin
            changed_next = 1'b0;
            wiped_next = 1'b0;
            l_next = ZERO;
            c_next = ZERO;
            cs_next = ZERO;
        end

        if (i_abort) begin
            state_next = S_IDLE;
            done_next = 1'b0;
            fix_next = 1'b0;
            wipe_next = 1'b0;
            round_next = 32'd0;
            cycles_next = 64'd0;
        end
    end

    // Read addresses that depend on the state (the others are plain *_next registers). They are
    // chosen by the current state, not the next one, which keeps the state decision off the RAM
    // address paths: a fold state reads for its next fold step even when it is the last one.
    always @* begin
        case (state_reg)
            S_LW_DOM, S_LW_FOLD: w_raddr = base_next + (b_next >> LL);
            S_A_DOM, S_A_FOLD:   w_raddr = ybase_next + (b_next >> LL);
            default:             w_raddr = base_next;
        endcase
        v_raddr = (state_reg == S_A_SRC) ? arcsrc_x : x_next;
        // Phase 1 reads for the literal in l_reg (l changes only in S_LW_STORE); phase 3 for the
        // occurrence's literal coming out of OCCLIT.
        ls_raddr = (state_reg == S_O_LIT) ? (occlit_x << i_lshift) + g_reg
                                           : (l_reg << i_lshift) + (b_next >> LL);
    end

    always @(posedge clk) begin
        // The buffer select belongs with the memories: like them it keeps its value through rst.
        bufsel_reg <= bufsel_next;
        if (rst) begin
            state_reg <= S_IDLE;
            done_reg <= 1'b0;
            fix_reg <= 1'b0;
            wipe_reg <= 1'b0;
            round_reg <= 32'd0;
            cycles_reg <= 64'd0;
        end else begin
            state_reg <= state_next;
            done_reg <= done_next;
            fix_reg <= fix_next;
            wipe_reg <= wipe_next;
            round_reg <= round_next;
            cycles_reg <= cycles_next;
        end
        // Stable during a round, so the end-of-round test reads a register, not a 32-bit adder.
        last_round_reg <= (round_reg + 32'd1 == i_max_rounds);
        changed_reg <= changed_next;
        wiped_reg <= wiped_next;
        alive_reg <= alive_next;
        l_reg <= l_next;
        x_reg <= x_next;
        base_reg <= base_next;
        dom_reg <= dom_next;
        b_reg <= b_next;
        ybase_reg <= ybase_next;
        ydom_reg <= ydom_next;
        rp_reg <= rp_next;
        gx_reg <= gx_next;
        g_reg <= g_next;
        a0_reg <= a0_next;
        k_reg <= k_next;
        abeg_reg <= abeg_next;
        aend_reg <= aend_next;
        o_reg <= o_next;
        obeg_reg <= obeg_next;
        oend_reg <= oend_next;
        lit_reg <= lit_next;
        c_reg <= c_next;
        cs_reg <= cs_next;
        ce_reg <= ce_next;
        p0_reg <= p0_next;
        j_reg <= j_next;
        left_reg <= left_next;
    end

    assign o_busy = !idle;
    assign o_done = done_reg;
    assign o_fixpoint = fix_reg;
    assign o_wipeout = wipe_reg;
    assign o_rounds = round_reg;
    assign o_cycles = cycles_reg;

endmodule

`default_nettype wire
