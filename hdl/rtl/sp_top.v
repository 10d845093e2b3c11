/*
 * sp_top: register-window top of the softprop propagator core (hdl/SPEC.md section 6.2).
 *
 * The host sees 32-bit registers at word addresses i_reg_addr. A write takes effect at the clock
 * edge of the cycle with i_reg_we; o_reg_rdata is combinational on i_reg_addr, and a cycle with
 * i_reg_re on DATA advances ADDR at its clock edge (so bulk reads and writes of a memory region
 * are one register access per word, auto-incrementing). The memories see REGION as registered
 * and a DATA write one edge later (sp_mem registers host writes), so that no window decode sits
 * in front of a memory port (hdl/SPEC.md 6.6): a DATA read returns memory contents from the
 * second cycle after a REGION write and the third after a DATA write on. The C harness and both
 * bridges write REGION, then ADDR, then access DATA, and read no memory right after writing one. START and ABORT reach the core one cycle
 * after their write (registered, so no core logic depends combinationally on the host inputs);
 * BUSY covers that cycle.
 *
 * Register map (word addresses; generated with spec_constants.vh from hdl/spec-constants.json,
 * the meanings in hdl/SPEC.md 6.2):
 * generated:registers
 *   0x00 ID          R
 *   0x01 CTRL        W   bit 0 START, bit 1 ABORT
 *   0x02 MODE        RW
 *   0x03 MAX_ROUNDS  RW
 *   0x04 STATUS      R   bit 0 DONE, bit 1 FIXPOINT, bit 2 WIPEOUT, bit 3 BUSY
 *   0x05 ROUNDS      R
 *   0x06 CYCLES_LO   R
 *   0x07 CYCLES_HI   R
 *   0x08 NVARS       RW
 *   0x09 NCLAUSES    RW
 *   0x0A NLITS       RW
 *   0x0B LSHIFT      RW
 *   0x0C REGION      RW
 *   0x0D ADDR        RW
 *   0x0E DATA        RW
 *   0x0F UNIT_OP     RW
 *   0x10 UNIT_AB     RW
 *   0x11 UNIT_R      R
 *   0x18 PARAMS      R   + i: build parameter i,
 *                    LANES, MAX_DOM, WDEPTH, VDEPTH, ADEPTH, RDEPTH, LDEPTH, CDEPTH, SDEPTH, ONE, ID
 * end generated:registers
 *
 * Parameters: those of sp_core (section 6.1).
 */
`default_nettype none
`include "spec_constants.vh"

module sp_top #(
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
    // Register window
    input  wire [5:0]  i_reg_addr,
    input  wire        i_reg_we,
    input  wire        i_reg_re,
    input  wire [31:0] i_reg_wdata,
    output reg  [31:0] o_reg_rdata,
    // Status pins
    output wire        o_busy,
    output wire        o_done,
    output wire        o_wipeout
);

    localparam [31:0] ID = `SPEC_ID;
    localparam [5:0] A_ID = `SPEC_REG_ID, A_CTRL = `SPEC_REG_CTRL, A_MODE = `SPEC_REG_MODE,
                     A_MAX_ROUNDS = `SPEC_REG_MAX_ROUNDS, A_STATUS = `SPEC_REG_STATUS,
                     A_ROUNDS = `SPEC_REG_ROUNDS, A_CYCLES_LO = `SPEC_REG_CYCLES_LO,
                     A_CYCLES_HI = `SPEC_REG_CYCLES_HI, A_NVARS = `SPEC_REG_NVARS,
                     A_NCLAUSES = `SPEC_REG_NCLAUSES, A_NLITS = `SPEC_REG_NLITS,
                     A_LSHIFT = `SPEC_REG_LSHIFT, A_REGION = `SPEC_REG_REGION, A_ADDR = `SPEC_REG_ADDR,
                     A_DATA = `SPEC_REG_DATA, A_UNIT_OP = `SPEC_REG_UNIT_OP,
                     A_UNIT_AB = `SPEC_REG_UNIT_AB, A_UNIT_R = `SPEC_REG_UNIT_R,
                     A_PARAMS = `SPEC_REG_PARAMS;

    reg        mode_reg;
    reg [31:0] max_rounds_reg, nvars_reg, nclauses_reg, nlits_reg;
    reg [4:0]  lshift_reg;
    reg [3:0]  region_reg;
    reg [31:0] addr_reg, addr_next, addr_acc;
    reg        unit_op_reg;
    reg [31:0] unit_ab_reg;

    wire        busy, done, fixpoint, wipeout;
    wire [31:0] rounds;
    wire [63:0] cycles;
    wire [31:0] mem_rdata;
    wire [15:0] unit_y;

    reg  start_reg, abort_reg;                  // CTRL bits, one cycle late
    wire busy_any = busy || start_reg;
    wire wr = i_reg_we && !busy_any;
    wire data_access = (i_reg_we || i_reg_re) && (i_reg_addr == A_DATA);

    // addr_acc: ADDR after this cycle's access, BUSY aside. It is the memories' host read address
    // (they serve the host only while idle), so BUSY is not on that path; a DATA or ADDR access
    // while BUSY (ignored) leaves the word of the next DATA read undefined.
    always @* begin
        if (i_reg_we && i_reg_addr == A_ADDR) addr_acc = i_reg_wdata;
        else if (data_access) addr_acc = addr_reg + 32'd1;
        else addr_acc = addr_reg;
        addr_next = busy_any ? addr_reg : addr_acc;
    end

    sp_core #(
        .LANES(LANES), .MAX_DOM(MAX_DOM), .WDEPTH(WDEPTH), .VDEPTH(VDEPTH), .ADEPTH(ADEPTH),
        .RDEPTH(RDEPTH), .LDEPTH(LDEPTH), .CDEPTH(CDEPTH), .SDEPTH(SDEPTH)
    ) core (
        .clk           (clk),
        .rst           (rst),
        .i_start       (start_reg),
        .i_abort       (abort_reg),
        .i_hard        (!mode_reg),
        .i_max_rounds  (max_rounds_reg),
        .i_nvars       (nvars_reg),
        .i_nclauses    (nclauses_reg),
        .i_nlits       (nlits_reg),
        .i_lshift      (lshift_reg),
        .o_busy        (busy),
        .o_done        (done),
        .o_fixpoint    (fixpoint),
        .o_wipeout     (wipeout),
        .o_rounds      (rounds),
        .o_cycles      (cycles),
        .i_host_region (region_reg),
        .i_host_raddr  (addr_acc),
        .i_host_we     (wr && i_reg_addr == A_DATA),
        .i_host_waddr  (addr_reg),
        .i_host_wdata  (i_reg_wdata),
        .o_host_rdata  (mem_rdata),
        .i_unit_or     (unit_op_reg),
        .i_unit_a      (unit_ab_reg[15:0]),
        .i_unit_b      (unit_ab_reg[31:16]),
        .o_unit        (unit_y)
    );

    // STATUS: the flags at their bits of hdl/spec-constants.json, 0 elsewhere.
    reg [31:0] status;
    always @* begin
        status = 32'd0;
        status[`SPEC_STATUS_DONE] = done;
        status[`SPEC_STATUS_FIXPOINT] = fixpoint;
        status[`SPEC_STATUS_WIPEOUT] = wipeout;
        status[`SPEC_STATUS_BUSY] = busy_any;
    end

    always @* begin
        case (i_reg_addr)
            A_ID:           o_reg_rdata = ID;
            A_MODE:         o_reg_rdata = {31'd0, mode_reg};
            A_MAX_ROUNDS:   o_reg_rdata = max_rounds_reg;
            A_STATUS:       o_reg_rdata = status;
            A_ROUNDS:       o_reg_rdata = rounds;
            A_CYCLES_LO:    o_reg_rdata = cycles[31:0];
            A_CYCLES_HI:    o_reg_rdata = cycles[63:32];
            A_NVARS:        o_reg_rdata = nvars_reg;
            A_NCLAUSES:     o_reg_rdata = nclauses_reg;
            A_NLITS:        o_reg_rdata = nlits_reg;
            A_LSHIFT:       o_reg_rdata = {27'd0, lshift_reg};
            A_REGION:       o_reg_rdata = {28'd0, region_reg};
            A_ADDR:         o_reg_rdata = addr_reg;
            A_DATA:         o_reg_rdata = mem_rdata;
            A_UNIT_OP:      o_reg_rdata = {31'd0, unit_op_reg};
            A_UNIT_AB:      o_reg_rdata = unit_ab_reg;
            A_UNIT_R:       o_reg_rdata = {16'd0, unit_y};
            A_PARAMS + `SPEC_PARAM_LANES:   o_reg_rdata = LANES;
            A_PARAMS + `SPEC_PARAM_MAX_DOM: o_reg_rdata = MAX_DOM;
            A_PARAMS + `SPEC_PARAM_WDEPTH:  o_reg_rdata = WDEPTH;
            A_PARAMS + `SPEC_PARAM_VDEPTH:  o_reg_rdata = VDEPTH;
            A_PARAMS + `SPEC_PARAM_ADEPTH:  o_reg_rdata = ADEPTH;
            A_PARAMS + `SPEC_PARAM_RDEPTH:  o_reg_rdata = RDEPTH;
            A_PARAMS + `SPEC_PARAM_LDEPTH:  o_reg_rdata = LDEPTH;
            A_PARAMS + `SPEC_PARAM_CDEPTH:  o_reg_rdata = CDEPTH;
            A_PARAMS + `SPEC_PARAM_SDEPTH:  o_reg_rdata = SDEPTH;
            A_PARAMS + `SPEC_PARAM_ONE:     o_reg_rdata = `SPEC_ONE;
            A_PARAMS + `SPEC_PARAM_ID:      o_reg_rdata = ID;
            default:        o_reg_rdata = 32'd0;
        endcase
    end

    always @(posedge clk) begin
        start_reg <= !rst && wr && i_reg_addr == A_CTRL && i_reg_wdata[`SPEC_CTRL_START];
        abort_reg <= !rst && i_reg_we && i_reg_addr == A_CTRL && i_reg_wdata[`SPEC_CTRL_ABORT];
        if (rst) begin
            mode_reg <= 1'b0;
            max_rounds_reg <= 32'd0;
            nvars_reg <= 32'd0;
            nclauses_reg <= 32'd0;
            nlits_reg <= 32'd0;
            lshift_reg <= 5'd0;
            region_reg <= 4'd0;
            addr_reg <= 32'd0;
            unit_op_reg <= 1'b0;
            unit_ab_reg <= 32'd0;
        end else begin
            addr_reg <= addr_next;
            if (wr) begin
                case (i_reg_addr)
                    A_MODE:       mode_reg <= i_reg_wdata[0];
                    A_MAX_ROUNDS: max_rounds_reg <= i_reg_wdata;
                    A_NVARS:      nvars_reg <= i_reg_wdata;
                    A_NCLAUSES:   nclauses_reg <= i_reg_wdata;
                    A_NLITS:      nlits_reg <= i_reg_wdata;
                    A_LSHIFT:     lshift_reg <= i_reg_wdata[4:0];
                    A_REGION:     region_reg <= i_reg_wdata[3:0];
                    A_UNIT_OP:    unit_op_reg <= i_reg_wdata[0];
                    A_UNIT_AB:    unit_ab_reg <= i_reg_wdata;
                    default: ;
                endcase
            end
        end
    end

    assign o_busy = busy_any;
    assign o_done = done;
    assign o_wipeout = wipeout;

endmodule

`default_nettype wire
