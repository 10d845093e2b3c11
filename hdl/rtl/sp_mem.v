/*
 * sp_mem: the memory bank of the propagator core (sp_core), with the host port. It holds every
 * memory region of hdl/SPEC.md 6.3 and gives each two users:
 *   - the sequencer (sp_seq): one synchronous read port per memory, addressed by the sequencer's
 *     next state, and the core's writes of a weight group, a literal weight and a clause support;
 *   - the host (the register window of sp_top): writes while the core is idle, and reads in every
 *     cycle with i_host_rd, returning one cycle after i_host_raddr the word at that address
 *     (region i_host_region), low bits zero-extended to 32. A host write is registered here and
 *     reaches its memory one cycle after i_host_we (so the window's decode ends at flops, not at
 *     the memories' write enables, hdl/SPEC.md 6.6): a read presented in that next cycle sees the
 *     old word (and none at all from an arc table, whose single port the write takes).
 * Weights are double-buffered in one memory per lane: half i_bufsel_next is read, the core writes
 * the other half of i_bufsel and the host writes half i_bufsel (the one the next run reads first).
 * The arc tables, the largest memories the core only reads, are single-port (iCE40 SPRAM): the host
 * writes them only while the core is idle. LITW and LITS are written only by the core.
 *
 * Parameters (hdl/SPEC.md 6.1):
 *   LANES   - value lanes (a power of two, 2..32): weights per WEIGHTS group, bits per ROWS /
 *             LITSET word
 *   MAX_DOM - largest domain size (width of VARDOM)
 *   WDEPTH  - weight groups per buffer
 *   VDEPTH  - variables (VARBASE, VARDOM, ARCEND, OCCEND)
 *   ADEPTH  - arcs (ARCSRC, ARCROW)
 *   RDEPTH  - row words (ROWS)
 *   LDEPTH  - literals (OCCLIT, LITVAR, LITW, LITS)
 *   CDEPTH  - clauses (CLAUSEEND)
 *   SDEPTH  - literal-set words (LITSET)
 *   AW      - width of the core's addresses and of the words it reads (sp_core derives it; wider
 *             than every memory address, so the high address bits are unused by design)
 */
`default_nettype none
`include "spec_constants.vh"

module sp_mem #(
    parameter integer LANES = 8,        // value lanes, power of two 2..32
    parameter integer MAX_DOM = 1024,   // largest domain size
    parameter integer WDEPTH = 1024,    // weight groups per buffer
    parameter integer VDEPTH = 1024,    // variables
    parameter integer ADEPTH = 4096,    // arcs
    parameter integer RDEPTH = 4096,    // row words
    parameter integer LDEPTH = 1024,    // literals
    parameter integer CDEPTH = 1024,    // clauses
    parameter integer SDEPTH = 1024,    // literal-set words
    parameter integer AW = 14           // core address / word width (sp_core's value for these defaults)
) (
    input  wire          clk,
    /* verilator lint_off UNUSEDSIGNAL */
    // Core read addresses (each memory takes the low bits it needs)
    input  wire          i_bufsel_next,    // weight half read in the next cycle
    input  wire [AW-1:0] i_wgt_raddr,      // WEIGHTS group
    input  wire [AW-1:0] i_vinfo_raddr,    // VARBASE, VARDOM
    input  wire [AW-1:0] i_var_raddr,      // ARCEND, OCCEND
    input  wire [AW-1:0] i_arc_raddr,      // ARCSRC, ARCROW
    input  wire [AW-1:0] i_row_raddr,      // ROWS
    input  wire [AW-1:0] i_occ_raddr,      // OCCLIT
    input  wire [AW-1:0] i_lit_raddr,      // LITVAR, LITW
    input  wire [AW-1:0] i_set_raddr,      // LITSET
    input  wire [AW-1:0] i_clause_raddr,   // CLAUSEEND
    input  wire [AW-1:0] i_sup_raddr,      // LITS
    // Core writes
    input  wire          i_bufsel,         // weight half read this round
    input  wire          i_wgt_we,         // a group to the other half
    input  wire [AW-1:0] i_wgt_waddr,
    input  wire [LANES*16-1:0] i_wgt_wdata,
    input  wire          i_litw_we,
    input  wire [AW-1:0] i_litw_waddr,
    input  wire [15:0]   i_litw_wdata,
    input  wire          i_lits_we,
    input  wire [AW-1:0] i_lits_waddr,
    input  wire [15:0]   i_lits_wdata,
    // Host port
    input  wire          i_idle,           // host writes take effect only while the core is idle
    input  wire          i_host_rd,        // the read ports serve the host this cycle
    input  wire [3:0]    i_host_region,
    input  wire [31:0]   i_host_raddr,
    input  wire          i_host_we,
    input  wire [31:0]   i_host_waddr,
    input  wire [31:0]   i_host_wdata,
    /* verilator lint_on UNUSEDSIGNAL */
    output reg  [31:0]   o_host_rdata,
    // Read data, zero-extended to AW bits where the core uses them as indices
    output wire [LANES*16-1:0] o_wgt,
    output wire [AW-1:0] o_varbase,
    output wire [AW-1:0] o_vardom,
    output wire [AW-1:0] o_arcend,
    output wire [AW-1:0] o_arcsrc,
    output wire [AW-1:0] o_arcrow,
    output wire [LANES-1:0] o_rows,
    output wire [AW-1:0] o_occend,
    output wire [AW-1:0] o_occlit,
    output wire [AW-1:0] o_litvar,
    output wire [LANES-1:0] o_litset,
    output wire [AW-1:0] o_clauseend,
    output wire [15:0]   o_litw,
    output wire [15:0]   o_lits
);

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

    localparam [3:0] R_WEIGHTS = `SPEC_REGION_WEIGHTS, R_VARBASE = `SPEC_REGION_VARBASE,
                     R_VARDOM = `SPEC_REGION_VARDOM, R_ARCEND = `SPEC_REGION_ARCEND,
                     R_ARCSRC = `SPEC_REGION_ARCSRC, R_ARCROW = `SPEC_REGION_ARCROW,
                     R_ROWS = `SPEC_REGION_ROWS, R_OCCEND = `SPEC_REGION_OCCEND,
                     R_OCCLIT = `SPEC_REGION_OCCLIT, R_LITVAR = `SPEC_REGION_LITVAR,
                     R_LITSET = `SPEC_REGION_LITSET, R_CLAUSEEND = `SPEC_REGION_CLAUSEEND,
                     R_LITW = `SPEC_REGION_LITW, R_LITS = `SPEC_REGION_LITS;

    wire [WAW-1:0] varbase_q;
    wire [DW-1:0]  vardom_q;
    wire [AAW:0]   arcend_q;
    wire [VAW-1:0] arcsrc_q;
    wire [RAW-1:0] arcrow_q;
    wire [LAW:0]   occend_q;
    wire [LAW-1:0] occlit_q;
    wire [VAW-1:0] litvar_q;
    wire [LAW:0]   clauseend_q;

    assign o_varbase = {{(AW - WAW){1'b0}}, varbase_q};
    assign o_vardom = {{(AW - DW){1'b0}}, vardom_q};
    assign o_arcend = {{(AW - AAW - 1){1'b0}}, arcend_q};
    assign o_arcsrc = {{(AW - VAW){1'b0}}, arcsrc_q};
    assign o_arcrow = {{(AW - RAW){1'b0}}, arcrow_q};
    assign o_occend = {{(AW - LAW - 1){1'b0}}, occend_q};
    assign o_occlit = {{(AW - LAW){1'b0}}, occlit_q};
    assign o_litvar = {{(AW - VAW){1'b0}}, litvar_q};
    assign o_clauseend = {{(AW - LAW - 1){1'b0}}, clauseend_q};

    // Host writes, one cycle late: bit r of hw_region_reg is a write of region r, hw_lane_reg the
    // written WEIGHTS lane, so every write enable below is a flop.
    wire host_we = i_idle && i_host_we;
    /* verilator lint_off UNUSEDSIGNAL */
    reg [15:0] hw_region_reg;       // the read-only regions' bits are never set
    reg [L-1:0] hw_lane_reg;
    reg [31:0] hw_addr_reg, hw_data_reg;
    /* verilator lint_on UNUSEDSIGNAL */
    always @(posedge clk) begin
        hw_region_reg <= {15'd0, host_we} << i_host_region;
        hw_lane_reg <= {{(L - 1){1'b0}}, host_we && i_host_region == R_WEIGHTS} << i_host_waddr[LL-1:0];
        hw_addr_reg <= i_host_waddr;
        hw_data_reg <= i_host_wdata;
    end
    // The host addresses WEIGHTS by weight: lane in the low LL bits, group above.
    wire [WAW-1:0] host_word = i_host_raddr[LL +: WAW];
    wire [WAW-1:0] host_wword = hw_addr_reg[LL +: WAW];

    // Weights: one memory per lane, halves selected by the top address bit.
    genvar gj;
    generate
        for (gj = 0; gj < L; gj = gj + 1) begin : g_wmem
            sp_ram #(.WIDTH(16), .DEPTH(2 * WDEPTH)) ram (
                .clk     (clk),
                .i_we    (i_wgt_we || hw_lane_reg[gj]),
                .i_waddr (i_wgt_we ? {~i_bufsel, i_wgt_waddr[WAW-1:0]} : {i_bufsel, host_wword}),
                .i_wdata (i_wgt_we ? i_wgt_wdata[gj*16 +: 16] : hw_data_reg[15:0]),
                .i_raddr ({i_bufsel_next, i_host_rd ? host_word : i_wgt_raddr[WAW-1:0]}),
                .o_rdata (o_wgt[gj*16 +: 16])
            );
        end
    endgenerate

    // Problem memories: written by the host, read by the core (or by the host while idle).
    `define SP_HOST_RAM(NAME, REGION, WID, DEP, AWID, RADDR, Q) \
        sp_ram #(.WIDTH(WID), .DEPTH(DEP)) NAME ( \
            .clk(clk), .i_we(hw_region_reg[REGION]), .i_waddr(hw_addr_reg[AWID-1:0]), \
            .i_wdata(hw_data_reg[WID-1:0]), .i_raddr(i_host_rd ? i_host_raddr[AWID-1:0] : RADDR), .o_rdata(Q));

    `SP_HOST_RAM(m_varbase, R_VARBASE, WAW, VDEPTH, VAW, i_vinfo_raddr[VAW-1:0], varbase_q)
    `SP_HOST_RAM(m_vardom, R_VARDOM, DW, VDEPTH, VAW, i_vinfo_raddr[VAW-1:0], vardom_q)
    `SP_HOST_RAM(m_arcend, R_ARCEND, AAW + 1, VDEPTH, VAW, i_var_raddr[VAW-1:0], arcend_q)
    `SP_HOST_RAM(m_rows, R_ROWS, L, RDEPTH, RAW, i_row_raddr[RAW-1:0], o_rows)
    `SP_HOST_RAM(m_occend, R_OCCEND, LAW + 1, VDEPTH, VAW, i_var_raddr[VAW-1:0], occend_q)
    `SP_HOST_RAM(m_occlit, R_OCCLIT, LAW, LDEPTH, LAW, i_occ_raddr[LAW-1:0], occlit_q)
    `SP_HOST_RAM(m_litvar, R_LITVAR, VAW, LDEPTH, LAW, i_lit_raddr[LAW-1:0], litvar_q)
    `SP_HOST_RAM(m_litset, R_LITSET, L, SDEPTH, SAW, i_set_raddr[SAW-1:0], o_litset)
    `SP_HOST_RAM(m_clauseend, R_CLAUSEEND, LAW + 1, CDEPTH, CAW, i_clause_raddr[CAW-1:0], clauseend_q)
    `undef SP_HOST_RAM

    sp_spram #(.WIDTH(VAW), .DEPTH(ADEPTH)) m_arcsrc (
        .clk(clk), .i_we(hw_region_reg[R_ARCSRC]), .i_waddr(hw_addr_reg[AAW-1:0]),
        .i_wdata(hw_data_reg[VAW-1:0]), .i_raddr(i_host_rd ? i_host_raddr[AAW-1:0] : i_arc_raddr[AAW-1:0]), .o_rdata(arcsrc_q));
    sp_spram #(.WIDTH(RAW), .DEPTH(ADEPTH)) m_arcrow (
        .clk(clk), .i_we(hw_region_reg[R_ARCROW]), .i_waddr(hw_addr_reg[AAW-1:0]),
        .i_wdata(hw_data_reg[RAW-1:0]), .i_raddr(i_host_rd ? i_host_raddr[AAW-1:0] : i_arc_raddr[AAW-1:0]), .o_rdata(arcrow_q));

    // Literal weights and clause supports: written by the core, read back by the host.
    sp_ram #(.WIDTH(16), .DEPTH(LDEPTH)) m_litw (
        .clk(clk), .i_we(i_litw_we), .i_waddr(i_litw_waddr[LAW-1:0]), .i_wdata(i_litw_wdata),
        .i_raddr(i_host_rd ? i_host_raddr[LAW-1:0] : i_lit_raddr[LAW-1:0]), .o_rdata(o_litw));
    sp_ram #(.WIDTH(16), .DEPTH(LDEPTH)) m_lits (
        .clk(clk), .i_we(i_lits_we), .i_waddr(i_lits_waddr[LAW-1:0]), .i_wdata(i_lits_wdata),
        .i_raddr(i_host_rd ? i_host_raddr[LAW-1:0] : i_sup_raddr[LAW-1:0]), .o_rdata(o_lits));

    // Host read data: region and lane of the address presented one cycle earlier.
    reg [LL-1:0] host_lane_reg;
    reg [3:0]    host_region_reg;
    always @(posedge clk) begin
        host_region_reg <= i_host_region;
        host_lane_reg <= i_host_raddr[LL-1:0];
    end

    always @* begin
        case (host_region_reg)
            R_WEIGHTS:   o_host_rdata = {16'd0, o_wgt[host_lane_reg*16 +: 16]};
            R_VARBASE:   o_host_rdata = {{(32 - AW){1'b0}}, o_varbase};
            R_VARDOM:    o_host_rdata = {{(32 - AW){1'b0}}, o_vardom};
            R_ARCEND:    o_host_rdata = {{(32 - AW){1'b0}}, o_arcend};
            R_ARCSRC:    o_host_rdata = {{(32 - AW){1'b0}}, o_arcsrc};
            R_ARCROW:    o_host_rdata = {{(32 - AW){1'b0}}, o_arcrow};
            R_ROWS:      o_host_rdata = {{(32 - L){1'b0}}, o_rows};
            R_OCCEND:    o_host_rdata = {{(32 - AW){1'b0}}, o_occend};
            R_OCCLIT:    o_host_rdata = {{(32 - AW){1'b0}}, o_occlit};
            R_LITVAR:    o_host_rdata = {{(32 - AW){1'b0}}, o_litvar};
            R_LITSET:    o_host_rdata = {{(32 - L){1'b0}}, o_litset};
            R_CLAUSEEND: o_host_rdata = {{(32 - AW){1'b0}}, o_clauseend};
            R_LITW:      o_host_rdata = {16'd0, o_litw};
            R_LITS:      o_host_rdata = {16'd0, o_lits};
            default:     o_host_rdata = 32'd0;
        endcase
    end

endmodule

`default_nettype wire
