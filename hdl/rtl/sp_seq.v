/*
 * sp_seq: the sequencer of the propagator core (sp_core). It steps one round of hdl/SPEC.md 6.4
 * after another as a stream of one-cycle states, and for every state it drives
 *   - the read addresses of the memory bank (sp_mem), computed from the *_next state (WEIGHTS and
 *     LITSET from the current state, see w_raddr), so in every state the memory outputs hold the
 *     words addressed by the *_reg state;
 *   - the step of the value lanes (o_lane_op, o_lane_first, o_lane_bits) and the operand selects
 *     around them;
 *   - the writes of a weight group (S_V_STORE), a literal weight (S_LW_STORE) and a clause support
 *     (S_C_STORE);
 *   - the run's status: rounds, cycles, DONE / FIXPOINT / WIPEOUT.
 * The lanes run one cycle behind the states: a state's lane step and its operands (the folded
 * weight's complement, the clause support, the loaded group, selected from the memory words of
 * that state) are registered, here and in sp_core, and the lanes execute them in the next cycle.
 * This cuts the memory read -> operand select -> product path in two; the writes of lane results
 * are registered likewise, so each happens one cycle after its state. S_LW_END and S_V_DRAIN give
 * the last literal weight and the last group of a round that cycle.
 * The three phases of a round: literal weights (S_LW_*, lane 0), clause supports (S_C_*, lane j =
 * literal p0 + j), then per variable and group of LANES values the revision (S_V_*, S_A_FOLD per
 * arc and source value, S_O_* per literal occurrence). The buffer select o_bufsel names the weight
 * half read this round; it flips at every round's end and, like the memories, keeps its value
 * through rst.
 * Phase 3 keeps the arc tables two arcs ahead of the fold (hdl/SPEC.md 6.4): while arc k folds, the
 * ARCSRC / ARCROW outputs hold arc k+2 and the VARBASE / VARDOM outputs hold arc k+1's source, so
 * the next arc starts in the cycle after the last fold step of this one. A group ends with S_V_REV
 * (the last arc's support; the tables restart for the next group) and S_V_STORE, which writes the
 * group and loads the next one in the same cycle.
 *
 * Parameters:
 *   LANES   - value lanes (a power of two, 2..32)
 *   MAX_DOM - largest domain size (bounds LSHIFT: only its low bits are decoded)
 *   AW      - width of every index, count and address (sp_core derives it from the memory depths)
 */
`default_nettype none

module sp_seq #(
    parameter integer LANES = 8,        // value lanes, power of two 2..32
    parameter integer MAX_DOM = 1024,   // largest domain size
    parameter integer AW = 14           // index / address width (sp_core's value for its defaults)
) (
    input  wire          clk,
    input  wire          rst,
    // Control (from the register window)
    input  wire          i_start,
    input  wire          i_abort,
    input  wire [31:0]   i_max_rounds,
    input  wire [AW-1:0] i_nvars,
    input  wire [AW-1:0] i_nclauses,
    input  wire [AW-1:0] i_nlits,
    input  wire [4:0]    i_lshift,
    // Status
    output wire          o_idle,
    output wire          o_done,
    output wire          o_fixpoint,
    output wire          o_wipeout,
    output wire [31:0]   o_rounds,
    output wire [63:0]   o_cycles,
    // Memory words, zero-extended (one cycle after their read addresses)
    input  wire [AW-1:0] i_varbase,
    input  wire [AW-1:0] i_vardom,
    input  wire [AW-1:0] i_arcend,
    input  wire [AW-1:0] i_arcsrc,
    input  wire [AW-1:0] i_arcrow,
    input  wire [AW-1:0] i_occend,
    input  wire [AW-1:0] i_occlit,
    input  wire [AW-1:0] i_litvar,
    input  wire [AW-1:0] i_clauseend,
    input  wire [LANES-1:0] i_rows,
    input  wire [LANES-1:0] i_litset,
    // Memory read addresses (sp_mem port names) and the host's turn on the read ports
    output wire          o_host_rd,
    output wire          o_bufsel,
    output wire          o_bufsel_next,
    output wire [AW-1:0] o_wgt_raddr,
    output wire [AW-1:0] o_vinfo_raddr,
    output wire [AW-1:0] o_var_raddr,
    output wire [AW-1:0] o_arc_raddr,
    output wire [AW-1:0] o_row_raddr,
    output wire [AW-1:0] o_occ_raddr,
    output wire [AW-1:0] o_lit_raddr,
    output wire [AW-1:0] o_set_raddr,
    output wire [AW-1:0] o_clause_raddr,
    output wire [AW-1:0] o_sup_raddr,
    // Memory writes
    output reg           o_wgt_we,
    output reg  [AW-1:0] o_wgt_waddr,
    output reg           o_litw_we,
    output reg  [AW-1:0] o_litw_waddr,
    output reg           o_lits_we,
    output reg  [AW-1:0] o_lits_waddr,
    // Lane step
    output reg  [2:0]    o_lane_op,
    output reg           o_lane_first,
    output reg  [LANES-1:0] o_lane_bits,
    output reg           o_lane_load,       // the lanes load the group S_V_STORE read from WEIGHTS
    output wire          o_p_litw,          // the folded weight is LITW's word, not a WEIGHTS lane
    output wire [$clog2(LANES)-1:0] o_p_lane,     // WEIGHTS lane of the folded weight p_y[b]
    output reg  [$clog2(LANES)-1:0] o_store_lane, // lane whose accumulator becomes the clause support
    output wire [AW-1:0] o_values_left,     // S_V_STORE: lanes j < o_values_left hold a value of the group
    input  wire          i_changed,         // group write: some lane's weight changed
    input  wire          i_alive            // group write: some lane's weight is non-zero
);

    localparam integer L = LANES;
    localparam integer LL = $clog2(LANES);
    localparam [AW-1:0] ZERO = {AW{1'b0}};
    localparam [AW-1:0] ONE_AW = {{(AW - 1){1'b0}}, 1'b1};
    localparam [AW-1:0] L_AW = L[AW-1:0];
    // Domain sizes and value indices (dom, ydom, ndom, b) are kept in the bits a size up to MAX_DOM
    // needs (at least LL, b's lane), not in AW: the narrower counters and compares save logic cells.
    localparam integer DW0 = $clog2(MAX_DOM + 1);
    localparam integer DW = (DW0 < LL) ? LL : DW0;
    localparam [DW-1:0] ZERO_D = {DW{1'b0}};
    localparam [DW-1:0] ONE_D = {{(DW - 1){1'b0}}, 1'b1};
    localparam [AW-DW-1:0] PAD_D = {(AW - DW){1'b0}};
    // A layout within MAX_DOM has LSHIFT <= ceil(log2(ceil(MAX_DOM / L))) (fpga/layout.ts): only
    // the bits that can hold that are decoded, which keeps the LITSET address shifter small.
    localparam integer LSMAX = $clog2((MAX_DOM + L - 1) / L);
    localparam integer LSW = (LSMAX < 1) ? 1 : $clog2(LSMAX + 1);

    `include "sp_lane_ops.vh"

    localparam [4:0] S_IDLE = 5'd0,
                     S_LW_VAR = 5'd2, S_LW_DOM = 5'd3, S_LW_FOLD = 5'd4, S_LW_STORE = 5'd5, S_LW_END = 5'd6,
                     S_C_END = 5'd7, S_C_FOLD = 5'd8, S_C_STORE = 5'd9,
                     S_V_BEGIN = 5'd10, S_V_REV = 5'd11, S_A_FOLD = 5'd15,
                     S_O_LIT = 5'd17, S_O_REV = 5'd18, S_V_STORE = 5'd19, S_V_DRAIN = 5'd20,
                     S_REND = 5'd21;

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
    reg          rounds_nz_reg;                // MAX_ROUNDS != 0 (one cycle old)
    reg [63:0]   cycles_reg, cycles_next;
    // The low half of the cycle counter is all ones: the carry into the high half, a register so
    // that +1 is two 32-bit chains, not one 64-bit chain (hdl/SPEC.md 6.6).
    reg          lo_ones_reg, lo_ones_next;
    reg [AW-1:0] l_reg, l_next;                // literal (phase 1), clause literal (phase 2)
    reg [AW-1:0] x_reg, x_next;                // variable being revised
    reg [AW-1:0] base_reg, base_next;          // weight group of (variable, g) / literal's variable
    reg [DW-1:0] dom_reg, dom_next;
    reg [DW-1:0] b_reg, b_next;                // value of the source variable being folded
    reg [DW-1:0] ydom_reg, ydom_next;
    reg [AW-1:0] rp_reg, rp_next;              // ROWS word of (arc, b, g)
    reg [AW-1:0] gx_reg, gx_next;              // groups of the revised variable
    reg [AW-1:0] g_reg, g_next;                // group index
    reg [AW-1:0] a0_reg, a0_next;              // first value of the group (g * LANES)
    reg [AW-1:0] abeg_reg, abeg_next, aend_reg, aend_next;
    reg [AW-1:0] o_reg, o_next, obeg_reg, obeg_next, oend_reg, oend_next;
    reg          lastg_reg, lastg_next;        // g is the last group of x
    reg          klast_reg, klast_next;        // the folding arc is the group's last
    reg          blast_reg, blast_next;        // b is the folding arc's last source value
    // Decided in S_V_REV for S_V_STORE, so that its choices come from registers: the group in the
    // lanes is the round's last; the next group is its variable's last; the group after it.
    reg          rend_reg, rend_next;
    reg          nlastg_reg, nlastg_next;
    reg [AW-1:0] x2_reg, x2_next;
    reg          held_reg, held_next;          // a group is in the lanes (S_V_STORE writes it)
    reg          wlast_reg;                    // the group being written is the last of its variable
    // Arc-table prefetch: the read addresses presented this cycle (ARCSRC / ARCROW, decided a
    // cycle ahead) and last cycle (held while the fold runs), the next arc's ARCROW word, and the
    // next group's VARBASE / VARDOM words.
    reg [AW-1:0] ka_reg, ka_next;              // ARCSRC / ARCROW, this cycle
    reg [AW-1:0] kf_reg;                       // ARCSRC / ARCROW, last cycle
    reg [AW-1:0] vaddr_reg, vaddr_next;        // VARBASE / VARDOM
    reg [AW-1:0] arow_reg, arow_next;
    reg [AW-1:0] nbase_reg, nbase_next;
    reg [DW-1:0] ndom_reg, ndom_next;
    reg [AW-1:0] lit_reg, lit_next;            // literal of the occurrence being applied
    reg [AW-1:0] c_reg, c_next;
    reg [AW-1:0] cs_reg, cs_next, ce_reg, ce_next, p0_reg, p0_next;
    reg [AW-1:0] j_reg, j_next;                // lane being stored (phase 2)
    reg [AW-1:0] left_reg, left_next;          // literals of the clause from p0 + j on (phase 2)

    wire idle = (state_reg == S_IDLE);

    // The read ports serve the host in every cycle whose next state is idle (a cycle later the
    // outputs hold the host's word; otherwise they hold the words the core's next state needs):
    // idle without a run starting, the last round ending, or ABORT. Written out rather than as
    // state_next == S_IDLE to keep the sequencer's decisions off the RAM address paths.
    // MAX_ROUNDS != 0 is taken from a register: the window writes MAX_ROUNDS at least one cycle
    // before START reaches the core, so the 32-bit test stays off the RAM address paths.
    wire run_ends = (state_reg == S_REND) && (wiped_reg || !changed_reg || last_round_reg);
    wire starts = i_start && rounds_nz_reg;
    assign o_host_rd = i_abort || (idle && !starts) || run_ends;

    // ------------------------------------------------------------------
    // Lane step of each state
    // ------------------------------------------------------------------
    // Lane j's literal p0 + j is the folded literal l when j = l - p0 (one subtraction instead of
    // one comparator per lane on a sum).
    wire [AW-1:0] fold_lane = l_reg - p0_reg;
    wire [L-1:0]  clause_bits;                 // lane's literal is not the folded one (S_C_FOLD)
    genvar gj;
    generate
        for (gj = 0; gj < L; gj = gj + 1) begin : g_clause
            localparam [AW-1:0] JOFF = gj;
            assign clause_bits[gj] = JOFF != fold_lane;
        end
    endgenerate

    reg [2:0]   lane_op;
    reg         lane_first;
    reg [L-1:0] lane_bits;
    always @* begin
        lane_op = OP_HOLD;
        lane_first = 1'b0;
        lane_bits = {L{1'b0}};
        case (state_reg)
            S_LW_FOLD: begin
                lane_op = OP_FOLD;
                lane_first = (b_reg == ZERO_D);
                lane_bits[0] = i_litset[b_reg[LL-1:0]];
            end
            S_C_FOLD: begin
                lane_op = OP_FOLD;
                lane_first = (l_reg == cs_reg);
                lane_bits = clause_bits;
            end
            S_V_STORE: lane_op = OP_LOAD;
            // The first step of an arc also applies the previous arc's support (OP_REVA).
            S_A_FOLD: begin
                lane_op = (b_reg == ZERO_D) ? OP_REVA : OP_FOLD;
                lane_bits = i_rows;
            end
            S_V_REV: lane_op = (abeg_reg != aend_reg) ? OP_REVA : OP_HOLD;
            S_O_REV: begin
                lane_op = OP_REVS;
                lane_bits = i_litset;
            end
            default: ;
        endcase
    end

    assign o_p_litw = (state_reg == S_C_FOLD);
    assign o_p_lane = b_reg[LL-1:0];
    assign o_values_left = {PAD_D, dom_reg} - a0_reg;

    // ------------------------------------------------------------------
    // Next state
    // ------------------------------------------------------------------
    wire [AW-1:0] ngroups = ({PAD_D, ndom_reg} + L_AW - ONE_AW) >> LL;
    // The group after the one in the lanes: its variable and its first arc.
    wire [AW-1:0] next_var = lastg_reg ? x_reg + ONE_AW : x_reg;
    wire [AW-1:0] next_arc = lastg_reg ? aend_reg : abeg_reg;
    // First state of phase 2 (phase 3 without clauses), and of a round.
    wire [4:0] clause_entry = (i_nclauses == ZERO) ? S_V_BEGIN : S_C_END;
    wire [4:0] round_entry = (i_nlits == ZERO) ? clause_entry : S_LW_VAR;
    // The group after the one in the lanes has arcs. Valid in S_V_REV, S_O_* and S_V_STORE (ARCEND
    // holds the word of that group's variable, see o_var_raddr).
    wire arcs_ahead = next_arc != i_arcend;
    wire bnext_last = ({1'b0, b_reg} + 2 == {1'b0, ydom_reg}); // the next fold step is the arc's last
    wire vdom_one = (i_vardom == ONE_AW);                     // a first fold step is the arc's last
    wire [DW-1:0] vardom = i_vardom[DW-1:0];                  // VARDOM's word holds DW bits
    wire unused_vardom = &{1'b0, i_vardom[AW-1:DW]};

    // The next arc becomes the folding one, for group g of a variable whose arcs end at aend: its
    // source's VARBASE / VARDOM words are out, its ARCROW word is in arow, and the ARCROW output
    // holds the arc after it (the same in S_A_FOLD and S_V_STORE).
    task fold_next_arc(input [AW-1:0] g, input [AW-1:0] aend);
        begin
            b_next = ZERO_D;
            ydom_next = vardom;
            rp_next = arow_reg + g;
            blast_next = vdom_one;
            klast_next = (kf_reg == aend);
            arow_next = i_arcrow;
        end
    endtask

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
        lo_ones_next = lo_ones_reg;
        l_next = l_reg;
        x_next = x_reg;
        base_next = base_reg;
        dom_next = dom_reg;
        b_next = b_reg;
        ydom_next = ydom_reg;
        rp_next = rp_reg;
        gx_next = gx_reg;
        g_next = g_reg;
        a0_next = a0_reg;
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
        lastg_next = lastg_reg;
        klast_next = klast_reg;
        blast_next = blast_reg;
        rend_next = rend_reg;
        nlastg_next = nlastg_reg;
        x2_next = x2_reg;
        held_next = held_reg;
        vaddr_next = vaddr_reg;
        arow_next = arow_reg;
        nbase_next = nbase_reg;
        ndom_next = ndom_reg;

        if (!idle) begin
            cycles_next = {cycles_reg[63:32] + {31'd0, lo_ones_reg}, cycles_reg[31:0] + 32'd1};
            lo_ones_next = (cycles_reg[31:0] == 32'hFFFF_FFFE);
        end

        case (state_reg)
            S_IDLE:
                if (i_start) begin
                    done_next = 1'b0;
                    fix_next = 1'b0;
                    wipe_next = 1'b0;
                    round_next = 32'd0;
                    cycles_next = 64'd0;
                    lo_ones_next = 1'b0;
                    if (!rounds_nz_reg) done_next = 1'b1;
                    else state_next = round_entry;
                end
            // Phase 1: literal weights, lane 0.
            S_LW_VAR: begin
                vaddr_next = i_litvar;
                state_next = S_LW_DOM;
            end
            S_LW_DOM: begin
                base_next = i_varbase;
                dom_next = vardom;
                b_next = ZERO_D;
                state_next = S_LW_FOLD;
            end
            S_LW_FOLD: begin
                b_next = b_reg + ONE_D;
                if (b_next == dom_reg) state_next = S_LW_STORE;
            end
            S_LW_STORE: begin
                l_next = l_reg + ONE_AW;
                state_next = (l_next == i_nlits) ? S_LW_END : S_LW_VAR;
            end
            // The last literal weight is written; phase 2 may read it from the next cycle on.
            S_LW_END: state_next = clause_entry;
            // Phase 2: clause supports, lane j = literal p0 + j.
            S_C_END: begin
                ce_next = i_clauseend;
                left_next = i_clauseend - cs_reg;
                p0_next = cs_reg;
                l_next = cs_reg;
                j_next = ZERO;
                if (i_clauseend == cs_reg) begin
                    // Empty clause: no literal to support.
                    c_next = c_reg + ONE_AW;
                    state_next = (c_next == i_nclauses) ? S_V_BEGIN : S_C_END;
                end else begin
                    state_next = S_C_FOLD;
                end
            end
            S_C_FOLD: begin
                l_next = l_reg + ONE_AW;
                if (l_next == ce_reg) state_next = S_C_STORE;
            end
            // l restarts at the clause's first literal in every store step, not only the pass's
            // last (nothing reads LITVAR / LITW in between): the pass-end test stays off their
            // read address (hdl/SPEC.md 6.6).
            S_C_STORE: begin
                j_next = j_reg + ONE_AW;
                left_next = left_reg - ONE_AW;
                l_next = cs_reg;
                if (j_reg == L_AW - ONE_AW || left_reg == ONE_AW) begin
                    j_next = ZERO;
                    p0_next = p0_reg + L_AW;
                    if (left_reg != ONE_AW) begin
                        state_next = S_C_FOLD;
                    end else begin
                        cs_next = ce_reg;
                        c_next = c_reg + ONE_AW;
                        state_next = (c_next == i_nclauses) ? S_V_BEGIN : S_C_END;
                    end
                end
            end
            // Phase 3: revision, per variable and group. S_V_BEGIN stands for the end of a group
            // before variable 0 (x = -1, its last group, no arcs): the tables restart at variable 0
            // and arc 0, S_V_REV fetches them, and the first S_V_STORE loads without writing.
            S_V_BEGIN: begin
                abeg_next = ZERO;
                aend_next = ZERO;
                obeg_next = ZERO;
                oend_next = ZERO;
                held_next = 1'b0;
                alive_next = 1'b0;
                vaddr_next = ZERO;
                state_next = (i_nvars == ZERO) ? S_REND : S_V_REV;
            end
            S_A_FOLD: begin
                b_next = b_reg + ONE_D;
                rp_next = rp_reg + gx_reg;
                blast_next = bnext_last;
                if (blast_reg) begin
                    if (!klast_reg) begin
                        // Next arc; the tables move one arc on.
                        fold_next_arc(g_reg, aend_reg);
                        vaddr_next = i_arcsrc;
                    end else begin
                        // The group's last fold step: restart the tables at the next group.
                        vaddr_next = next_var;
                        state_next = S_V_REV;
                    end
                end
            end
            S_V_REV: begin
                // The next group's VARBASE / VARDOM words (addressed by the restart) and its first
                // arc's ARCSRC / ARCROW words are out: fetch that arc's source.
                nbase_next = lastg_reg ? i_varbase : base_reg + ONE_AW;
                ndom_next = vardom;
                rend_next = lastg_reg && (x_reg + ONE_AW == i_nvars);
                nlastg_next = lastg_reg ? (i_vardom <= L_AW) : (g_reg + ONE_AW + ONE_AW == gx_reg);
                x2_next = nlastg_next ? next_var + ONE_AW : next_var;
                vaddr_next = i_arcsrc;
                arow_next = i_arcrow;
                o_next = obeg_reg;
                state_next = (obeg_reg != oend_reg) ? S_O_LIT : S_V_STORE;
            end
            S_O_LIT: begin
                lit_next = i_occlit;
                state_next = S_O_REV;
            end
            S_O_REV: begin
                o_next = o_reg + ONE_AW;
                state_next = (o_next != oend_reg) ? S_O_LIT : S_V_STORE;
            end
            S_V_STORE: begin
                // Write the group in the lanes, load the next one.
                held_next = 1'b1;
                x_next = next_var;
                g_next = lastg_reg ? ZERO : g_reg + ONE_AW;
                a0_next = lastg_reg ? ZERO : a0_reg + L_AW;
                base_next = nbase_reg;
                dom_next = ndom_reg;
                gx_next = ngroups;
                lastg_next = nlastg_reg;
                abeg_next = next_arc;
                aend_next = i_arcend;
                obeg_next = lastg_reg ? oend_reg : obeg_reg;
                oend_next = i_occend;
                o_next = obeg_next;
                // The first arc, as a next arc in S_A_FOLD (unused when there is none).
                fold_next_arc(g_next, i_arcend);
                if (rend_reg) begin
                    state_next = S_V_DRAIN;
                end else if (next_arc != i_arcend) begin
                    vaddr_next = i_arcsrc;
                    state_next = S_A_FOLD;
                end else begin
                    // No arcs: restart the tables at the group after this one (its first arc is
                    // this group's arc end).
                    vaddr_next = x2_reg;
                    state_next = S_V_REV;
                end
            end
            // The round's last group is written.
            S_V_DRAIN: state_next = S_REND;
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

        // The lanes' group is written one cycle after S_V_STORE; its flags come with it.
        if (o_wgt_we) begin
            if (i_changed) changed_next = 1'b1;
            if (wlast_reg && !(alive_reg | i_alive)) wiped_next = 1'b1;
            alive_next = !wlast_reg && (alive_reg | i_alive);
        end

        // Entering a round (from START or from the previous round): clear the round's flags and
        // point phases 1 and 2 at their first literal and clause, and phase 3 at the group before
        // variable 0 (x = -1, its last group: ARCEND is read for variable 0 from then on). Done in every S_IDLE and S_REND
        // cycle (S_REND decides the status from the registers, and nothing is written in either),
        // so that the decision of the next state stays out of these registers' inputs.
        if (state_reg == S_IDLE || state_reg == S_REND) begin
            changed_next = 1'b0;
            wiped_next = 1'b0;
            l_next = ZERO;
            c_next = ZERO;
            cs_next = ZERO;
            x_next = {AW{1'b1}};
            lastg_next = 1'b1;
        end

        if (i_abort) begin
            state_next = S_IDLE;
            done_next = 1'b0;
            fix_next = 1'b0;
            wipe_next = 1'b0;
            round_next = 32'd0;
            cycles_next = 64'd0;
            lo_ones_next = 1'b0;
        end

    end

    // The ARCSRC / ARCROW read address of the next cycle, decided a cycle ahead of the state that
    // presents it, so that the arc tables' address comes from a flop (hdl/SPEC.md 6.6). It moves
    // one arc on when the tables do (a fold step that is its arc's last but not the group's,
    // S_V_REV, S_V_STORE), and restarts at the next group's first arc (next_arc) in a group's last
    // fold step and in the S_V_STORE of a group without arcs; 0 before phase 3. Each case knows
    // the next state's flags from this state's registers and memory words (those of
    // fold_next_arc for a first fold step), not from the *_next muxes. S_V_STORE ending the round
    // (rend) moves it too: nothing reads the tables after it.
    wire [AW-1:0] ka_inc = ka_reg + ONE_AW;
    always @* begin
        ka_next = ka_reg;
        case (state_reg)
            S_V_BEGIN: ka_next = ka_inc;
            S_A_FOLD:
                if (!blast_reg) begin
                    if (bnext_last) ka_next = klast_reg ? next_arc : ka_inc;
                end else if (!klast_reg) begin
                    if (vdom_one) ka_next = (kf_reg == aend_reg) ? next_arc : ka_inc;
                end else begin
                    ka_next = ka_inc;
                end
            // The last state before S_V_STORE.
            S_V_REV:
                if (obeg_reg == oend_reg) ka_next = arcs_ahead ? ka_inc : next_arc;
            S_O_REV:
                if (o_reg + ONE_AW == oend_reg) ka_next = arcs_ahead ? ka_inc : next_arc;
            S_V_STORE:
                if (!arcs_ahead) ka_next = ka_inc;
                else if (vdom_one) ka_next = (kf_reg != i_arcend) ? ka_inc : nlastg_reg ? i_arcend : next_arc;
            S_O_LIT, S_V_DRAIN: ;
            default: ka_next = ZERO;
        endcase
    end

    // Read addresses that depend on the state (the others are plain *_next registers). They are
    // chosen by the current state, not the next one, which keeps the state decision off the RAM
    // address paths: a fold state reads for its next fold step even when it is the last one.
    wire [LSW-1:0] lshift = i_lshift[LSW-1:0];
    wire unused_lshift = &{1'b0, i_lshift};
    // The WEIGHTS word of a fold step is the one of the step before, or the next one when b crosses
    // a group boundary: wa_reg holds the address presented last cycle, so the fold's address is
    // one increment of a register (not base + (b + 1) / L through the next-state muxes).
    reg [AW-1:0] w_raddr, ls_raddr;
    reg [AW-1:0] wa_reg;
    wire         b_wraps = &b_reg[LL-1:0];
    wire [AW-1:0] wa_step = wa_reg + {{(AW - 1){1'b0}}, b_wraps};
    always @* begin
        case (state_reg)
            // A chain starts at b = 0 of a source variable: its first group.
            S_LW_DOM, S_V_STORE: w_raddr = i_varbase;
            S_LW_FOLD:           w_raddr = wa_step;
            S_A_FOLD:            w_raddr = (blast_reg && !klast_reg) ? i_varbase : wa_step;
            // S_V_REV, S_O_*: the next group, which S_V_STORE loads (no other state uses the word).
            default:             w_raddr = nbase_next;
        endcase
        // Phase 1 reads for the literal in l_reg (l changes only in S_LW_STORE) and the group of
        // the next b (0 in S_LW_DOM); phase 3 for the occurrence's literal coming out of OCCLIT.
        // The group is below 2^LSHIFT, so OR is the sum (no carry chain; past the last fold step
        // the address is read but not used).
        ls_raddr = (state_reg == S_O_LIT) ? (i_occlit << lshift) | g_reg
                 : (state_reg == S_LW_FOLD) ? (l_reg << lshift) | (({PAD_D, b_reg} + ONE_AW) >> LL)
                 : l_reg << lshift;
    end
    always @(posedge clk) wa_reg <= w_raddr;


    assign o_bufsel = bufsel_reg;
    assign o_bufsel_next = bufsel_next;
    assign o_wgt_raddr = w_raddr;
    assign o_vinfo_raddr = vaddr_next;
    // ARCEND / OCCEND: in phase 3 the variable of the group after the one in the lanes (S_V_STORE
    // needs its words, and so does the state before it, arcs_ahead); S_V_STORE presents the one
    // after the group it loads (x2).
    assign o_var_raddr = (state_reg == S_V_STORE) ? x2_reg : next_var;
    assign o_arc_raddr = ka_reg;
    assign o_row_raddr = rp_next;
    assign o_occ_raddr = o_next;
    assign o_lit_raddr = l_next;
    assign o_set_raddr = ls_raddr;
    assign o_clause_raddr = c_next;
    assign o_sup_raddr = lit_next;

    // The lanes' step and the writes of their results, one cycle after the state (none after ABORT).
    always @(posedge clk) begin
        o_lane_op <= lane_op;
        o_lane_first <= lane_first;
        o_lane_bits <= lane_bits;
        o_lane_load <= (state_reg == S_V_STORE);
        o_store_lane <= j_reg[LL-1:0];
        o_wgt_we <= (state_reg == S_V_STORE) && held_reg && !i_abort && !rst;
        o_wgt_waddr <= base_reg;
        wlast_reg <= lastg_reg;
        o_litw_we <= (state_reg == S_LW_STORE) && !i_abort && !rst;
        o_litw_waddr <= l_reg;
        o_lits_we <= (state_reg == S_C_STORE) && !i_abort && !rst;
        o_lits_waddr <= p0_reg + j_reg;
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
            lo_ones_reg <= 1'b0;
        end else begin
            state_reg <= state_next;
            done_reg <= done_next;
            fix_reg <= fix_next;
            wipe_reg <= wipe_next;
            round_reg <= round_next;
            cycles_reg <= cycles_next;
            lo_ones_reg <= lo_ones_next;
        end
        // Stable during a round, so the end-of-round test reads a register, not a 32-bit adder.
        last_round_reg <= (round_reg + 32'd1 == i_max_rounds);
        rounds_nz_reg <= (i_max_rounds != 32'd0);
        changed_reg <= changed_next;
        wiped_reg <= wiped_next;
        alive_reg <= alive_next;
        l_reg <= l_next;
        x_reg <= x_next;
        base_reg <= base_next;
        dom_reg <= dom_next;
        b_reg <= b_next;
        ydom_reg <= ydom_next;
        rp_reg <= rp_next;
        gx_reg <= gx_next;
        g_reg <= g_next;
        a0_reg <= a0_next;
        lastg_reg <= lastg_next;
        klast_reg <= klast_next;
        blast_reg <= blast_next;
        rend_reg <= rend_next;
        nlastg_reg <= nlastg_next;
        x2_reg <= x2_next;
        held_reg <= held_next;
        ka_reg <= ka_next;
        kf_reg <= ka_reg;
        vaddr_reg <= vaddr_next;
        arow_reg <= arow_next;
        nbase_reg <= nbase_next;
        ndom_reg <= ndom_next;
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

    assign o_idle = idle;
    assign o_done = done_reg;
    assign o_fixpoint = fix_reg;
    assign o_wipeout = wipe_reg;
    assign o_rounds = round_reg;
    assign o_cycles = cycles_reg;

endmodule

`default_nettype wire
