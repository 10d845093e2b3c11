/*
 * sp_uart_bridge: the device side of the UART host link (hdl/SPEC.md section 7), a master of the
 * register window of sp_top.
 *
 * Requests `0xA5, SEQ, OP, ARG0, ARG1, LEN_LO, LEN_HI, payload, CRC_HI, CRC_LO` arrive on i_rx
 * (sp_uart_rx); the bridge checks the CRC (sp_crc16), then the request, then whether it is the
 * duplicate of the last executed write, then whether the core is busy (SPEC 7.4), executes it
 * and answers `0x5A, SEQ, STATUS, LEN_LO, LEN_HI, payload, CRC_HI, CRC_LO` on o_tx (sp_uart_tx).
 * One request at a time: bytes that arrive while it executes or answers are discarded.
 *
 * A MEM_WRITE's payload is buffered whole (up to 1024 words, in sp_spram: one SB_SPRAM256KA on
 * the iCE40) and written to the window only once its CRC holds, so a corrupted request never
 * reaches the core. A MEM_READ's words are read from DATA one at a time as the response goes out.
 * A request whose next byte is more than TIMEOUT_BITS bit times late, or whose LEN is above 1024,
 * is dropped.
 *
 * Register window: one access per cycle with o_reg_we or o_reg_re (o_reg_re only for a DATA
 * read); o_reg_rdata is read combinationally in the access cycle. A cycle with i_reg_stall (the
 * other link has the window) does not count: the access is repeated in the next cycle. The access
 * is a function of the state, loaded into the output flops with the next state (window_access), so
 * the window's decode starts at flops, not behind the bridge's state decode (hdl/SPEC.md 6.6).
 *
 * Parameters:
 *   CLKS_PER_BIT - clock cycles per UART bit (clk / baud)
 *   TIMEOUT_BITS - bit times a request may pause between two bytes before it is dropped
 */
`default_nettype none
`include "spec_constants.vh"

module sp_uart_bridge #(
    parameter integer CLKS_PER_BIT = 104,   // clock cycles per bit: 12 MHz / 115200 baud
    parameter integer TIMEOUT_BITS = 200    // inter-byte timeout in bit times
) (
    input  wire        clk,
    input  wire        rst,
    // UART pins
    input  wire        i_rx,
    output wire        o_tx,
    // Register window (master)
    output reg  [5:0]  o_reg_addr,
    output reg         o_reg_we,
    output reg         o_reg_re,
    output wire [31:0] o_reg_wdata,
    input  wire [31:0] i_reg_rdata,
    input  wire        i_reg_stall,
    // Core state
    input  wire        i_busy,
    // Link state (for the simulation harness): inside a request; executing or answering one
    output wire        o_rx_frame,
    output wire        o_active
);

    // Protocol constants (SPEC 7.2-7.4).
    localparam [7:0] REQ_SYNC = 8'hA5, RESP_SYNC = 8'h5A;
    localparam [7:0] OP_REG_WRITE = 8'h01, OP_REG_READ = 8'h02, OP_MEM_WRITE = 8'h03,
                     OP_MEM_READ = 8'h04;
    localparam [1:0] ST_OK = 2'd0, ST_CRC_ERROR = 2'd1, ST_BAD_REQUEST = 2'd2, ST_BUSY = 2'd3;
    localparam [15:0] MAX_WORDS = 16'd1024;

    // Inter-byte timeout, from one byte's end (o_valid) to the next one's: its 10 bits plus the pause.
    localparam integer TIMEOUT_CLKS = (TIMEOUT_BITS + 10) * CLKS_PER_BIT;
    localparam integer TW = $clog2(TIMEOUT_CLKS + 1);
    localparam [TW-1:0] TIMEOUT = TIMEOUT_CLKS[TW-1:0];

    localparam [3:0] S_HUNT = 4'd0,     // discard bytes until REQ_SYNC
                     S_HDR = 4'd1,      // SEQ, OP, ARG0, ARG1, LEN_LO, LEN_HI
                     S_PAY = 4'd2,      // payload bytes
                     S_CRC_HI = 4'd3,
                     S_CRC_LO = 4'd4,
                     S_CHECK = 4'd5,    // status of the complete request (SPEC 7.4)
                     S_REG_W = 4'd6,    // REG_WRITE: the register
                     S_ADDR = 4'd7,     // MEM_*: ADDR = offset
                     S_REGION = 4'd8,   // MEM_*: REGION = ARG0
                     S_MW = 4'd9,       // MEM_WRITE: a data word from the buffer, then DATA = it
                     S_T_HEAD = 4'd10,  // response: 0x5A, SEQ, STATUS, LEN_LO, LEN_HI
                     S_T_LOAD = 4'd11,  // response: read the next payload word
                     S_T_WORD = 4'd12,  // response: its four bytes
                     S_T_CRC = 4'd13;   // response: CRC_HI, CRC_LO, then wait for the line

    // ---------------------------------------------------------------- UART and CRC
    wire       rx_valid;
    wire [7:0] rx_data;
    reg        tx_valid;
    reg  [7:0] tx_data;
    wire       tx_ready;
    reg        crc_init, crc_valid;
    reg  [7:0] crc_byte;
    wire [15:0] crc;

    sp_uart_rx #(.CLKS_PER_BIT(CLKS_PER_BIT)) rx (
        .clk (clk), .rst (rst), .i_rx (i_rx), .o_valid (rx_valid), .o_data (rx_data)
    );
    sp_uart_tx #(.CLKS_PER_BIT(CLKS_PER_BIT)) tx (
        .clk (clk), .rst (rst), .i_valid (tx_valid), .i_data (tx_data), .o_ready (tx_ready), .o_tx (o_tx)
    );
    sp_crc16 crc16 (
        .clk (clk), .i_init (crc_init), .i_valid (crc_valid), .i_byte (crc_byte), .o_crc (crc)
    );

    // ---------------------------------------------------------------- state
    reg [3:0]    state_reg, state_next;
    // The next state as set by the executing and answering states (o_active), state_reg in the
    // others: the window access is decoded from it, so the receiving states' byte checks (LEN,
    // the timeout) are not on the access flops' inputs (hdl/SPEC.md 6.6).
    reg [3:0]    exec_next;
    reg [2:0]    n_reg, n_next;             // byte index in the header or a word; step in S_MW
    reg [7:0]    seq_reg, seq_next;
    reg [7:0]    op_reg, op_next;
    reg [7:0]    arg0_reg, arg0_next;
    reg [10:0]   len_reg, len_next;         // LEN (at most 1024)
    reg [11:0]   pos_reg, pos_next;         // payload byte received; then the word being written
    // pos_reg + 1 is the request's last payload byte / last word: registered a cycle after pos_reg
    // changes (bytes and words are cycles apart), so no adder and comparator precede state_next.
    reg          pay_last_reg, mw_last_reg;
    reg [7:0]    prev_reg, prev_next;       // the previous payload byte
    // A byte-wide shift register (bytes enter at the top, leave at the bottom): the first payload
    // word (the value or the offset), the word being written (MEM_WRITE), the word being sent.
    reg [31:0]   word_reg, word_next;
    reg          big_reg, big_next;         // bits 31..11 of the second payload word are not all 0
    reg [7:0]    crc_hi_reg, crc_hi_next;
    reg          crc_ok_reg, crc_ok_next;
    reg [1:0]    status_reg, status_next;
    reg [10:0]   rwords_reg, rwords_next;   // MEM_READ count (bits 10..0); then response words to send
    reg [7:0]    last_seq_reg, last_seq_next;
    reg          last_ok_reg, last_ok_next; // some request has been executed since reset
    reg [TW-1:0] idle_reg, idle_next;       // cycles since the last byte of the request

    // Payload buffer: 16-bit halves, half h of word i at 2i + h. In S_MW, steps 0..4 read the
    // word's halves (low, then high from step 2) and shift its bytes in; step 5 writes DATA.
    reg         buf_we;
    wire [15:0] buf_rdata;
    wire [10:0] buf_raddr = {pos_reg[9:0], n_reg[2] || n_reg[1]};

    sp_spram #(.WIDTH(16), .DEPTH(2048)) payload (
        .clk     (clk),
        .i_we    (buf_we),
        .i_waddr (pos_reg[11:1]),
        .i_wdata ({rx_data, prev_reg}),
        .i_raddr (buf_raddr),
        .o_rdata (buf_rdata)
    );

    wire [15:0] rx_len = {rx_data, len_reg[7:0]};      // LEN once LEN_HI arrives
    wire        granted = !i_reg_stall;
    wire        receiving = (state_reg == S_HDR) || (state_reg == S_PAY) ||
                            (state_reg == S_CRC_HI) || (state_reg == S_CRC_LO);

    // SPEC 7.3 / 7.4: what makes a request BAD_REQUEST, a write, or refused while busy.
    reg bad, is_write, refusable;      // refusable: refused while the core is busy
    always @* begin
        case (op_reg)
            OP_REG_WRITE: bad = len_reg != 11'd1 || arg0_reg[7:6] != 2'd0;
            OP_REG_READ:  bad = len_reg != 11'd0 || arg0_reg[7:6] != 2'd0 ||
                                arg0_reg[5:0] == `SPEC_REG_DATA;
            OP_MEM_WRITE: bad = len_reg == 11'd0 || arg0_reg[7:4] != 4'd0;
            OP_MEM_READ:  bad = len_reg != 11'd2 || arg0_reg[7:4] != 4'd0 || big_reg ||
                                (rwords_reg[10] && rwords_reg[9:0] != 10'd0);
            default:      bad = 1'b1;
        endcase
        is_write = (op_reg == OP_REG_WRITE) || (op_reg == OP_MEM_WRITE);
        refusable = (op_reg != OP_REG_READ) &&
                    !(op_reg == OP_REG_WRITE && arg0_reg[5:0] == `SPEC_REG_CTRL);
    end
    // The verdicts, registered every cycle: the fields they read are final from S_CRC_HI on, so in
    // S_CHECK they are the request's and only the CRC flag and i_busy are decoded before state_next
    // (hdl/SPEC.md 6.6). new_reg: neither bad nor a duplicate write, so executed unless refused.
    reg bad_reg, new_reg, refusable_reg;

    // The byte shifted into word_reg: a payload byte, or a byte of a buffered half (S_MW).
    wire [7:0] shift_in = (state_reg == S_MW) ? (n_reg[0] ? buf_rdata[7:0] : buf_rdata[15:8]) : rx_data;
    wire [31:0] word_shifted = {shift_in, word_reg[31:8]};

    always @* begin
        state_next = state_reg;
        exec_next = state_reg;
        n_next = n_reg;
        seq_next = seq_reg;
        op_next = op_reg;
        arg0_next = arg0_reg;
        len_next = len_reg;
        pos_next = pos_reg;
        prev_next = prev_reg;
        word_next = word_reg;
        big_next = big_reg;
        crc_hi_next = crc_hi_reg;
        crc_ok_next = crc_ok_reg;
        status_next = status_reg;
        rwords_next = rwords_reg;
        last_seq_next = last_seq_reg;
        last_ok_next = last_ok_reg;
        idle_next = (receiving && !rx_valid) ? idle_reg + 1'b1 : {TW{1'b0}};
        crc_init = 1'b0;
        crc_valid = 1'b0;
        crc_byte = rx_data;
        buf_we = 1'b0;
        tx_valid = 1'b0;
        tx_data = word_reg[7:0];

        case (state_reg)
            S_HUNT:
                if (rx_valid && rx_data == REQ_SYNC) begin
                    state_next = S_HDR;
                    n_next = 3'd0;
                    crc_init = 1'b1;
                end
            S_HDR:
                if (rx_valid) begin
                    crc_valid = 1'b1;
                    n_next = n_reg + 3'd1;
                    case (n_reg)
                        3'd0: seq_next = rx_data;
                        3'd1: op_next = rx_data;
                        3'd2: arg0_next = rx_data;
                        3'd3: ;                         // ARG1: unused
                        3'd4: len_next[7:0] = rx_data;
                        default: begin                  // LEN_HI, the last header byte
                            len_next[10:8] = rx_data[2:0];
                            pos_next = 12'd0;
                            big_next = 1'b0;
                            if (rx_len == 16'd0) state_next = S_CRC_HI;
                            else if (rx_len > MAX_WORDS) state_next = S_HUNT;   // not a request
                            else state_next = S_PAY;
                        end
                    endcase
                end
            S_PAY:
                if (rx_valid) begin
                    crc_valid = 1'b1;
                    prev_next = rx_data;
                    buf_we = pos_reg[0];
                    // Word 0 (little-endian) whole, bits 10..0 of word 1 and whether the rest is 0.
                    if (pos_reg[11:2] == 10'd0) word_next = word_shifted;
                    case (pos_reg)
                        12'd4: rwords_next[7:0] = rx_data;
                        12'd5: begin
                            rwords_next[10:8] = rx_data[2:0];
                            big_next = rx_data[7:3] != 5'd0;
                        end
                        12'd6, 12'd7: big_next = big_reg || rx_data != 8'd0;
                        default: ;
                    endcase
                    pos_next = pos_reg + 12'd1;
                    if (pay_last_reg) state_next = S_CRC_HI;
                end
            S_CRC_HI:
                if (rx_valid) begin
                    crc_hi_next = rx_data;
                    state_next = S_CRC_LO;
                end
            S_CRC_LO:
                if (rx_valid) begin
                    crc_ok_next = ({crc_hi_reg, rx_data} == crc);
                    state_next = S_CHECK;
                end
            S_CHECK: begin
                crc_init = 1'b1;                        // for the response
                n_next = 3'd0;
                rwords_next = 11'd0;
                exec_next = S_T_HEAD;
                if (!crc_ok_reg) status_next = ST_CRC_ERROR;
                else if (!new_reg) status_next = bad_reg ? ST_BAD_REQUEST : ST_OK;
                else if (i_busy && refusable_reg) status_next = ST_BUSY;
                else begin
                    status_next = ST_OK;
                    last_seq_next = seq_reg;
                    last_ok_next = 1'b1;
                    pos_next = 12'd1;                   // MEM_WRITE: the first data word
                    case (op_reg)
                        OP_REG_WRITE: exec_next = S_REG_W;
                        OP_REG_READ:  rwords_next = 11'd1;
                        OP_MEM_READ: begin
                            rwords_next = rwords_reg;   // the count
                            exec_next = S_ADDR;
                        end
                        default:      exec_next = S_ADDR;
                    endcase
                end
            end
            S_REG_W:
                if (granted) exec_next = S_T_HEAD;
            S_ADDR:
                if (granted) exec_next = S_REGION;
            S_REGION:
                if (granted) exec_next = (op_reg == OP_MEM_WRITE && len_reg != 11'd1) ? S_MW : S_T_HEAD;
            S_MW:
                if (n_reg != 3'd5) begin
                    if (n_reg != 3'd0) word_next = word_shifted;
                    n_next = n_reg + 3'd1;
                end else begin
                    if (granted) begin
                        n_next = 3'd0;
                        pos_next = pos_reg + 12'd1;
                        if (mw_last_reg) exec_next = S_T_HEAD;
                    end
                end
            S_T_HEAD: begin
                tx_valid = 1'b1;
                case (n_reg)
                    3'd0: tx_data = RESP_SYNC;
                    3'd1: tx_data = seq_reg;
                    3'd2: tx_data = {6'd0, status_reg};
                    3'd3: tx_data = rwords_reg[7:0];
                    default: tx_data = {5'd0, rwords_reg[10:8]};
                endcase
                crc_byte = tx_data;
                if (tx_ready) begin
                    crc_valid = (n_reg != 3'd0);
                    n_next = n_reg + 3'd1;
                    if (n_reg == 3'd4) begin
                        n_next = 3'd0;
                        exec_next = (rwords_reg == 11'd0) ? S_T_CRC : S_T_LOAD;
                    end
                end
            end
            S_T_LOAD: begin                             // REG_READ: ARG0; MEM_READ: DATA, advancing ADDR
                if (granted) begin
                    word_next = i_reg_rdata;
                    exec_next = S_T_WORD;
                end
            end
            S_T_WORD: begin
                tx_valid = 1'b1;
                crc_byte = tx_data;                     // word_reg[7:0]
                if (tx_ready) begin
                    crc_valid = 1'b1;
                    word_next = word_shifted;
                    n_next = n_reg + 3'd1;
                    if (n_reg == 3'd3) begin
                        n_next = 3'd0;
                        rwords_next = rwords_reg - 11'd1;
                        exec_next = (rwords_reg == 11'd1) ? S_T_CRC : S_T_LOAD;
                    end
                end
            end
            default: begin                              // S_T_CRC: the CRC is no longer folded
                tx_valid = (n_reg != 3'd2);
                tx_data = (n_reg == 3'd0) ? crc[15:8] : crc[7:0];
                if (tx_ready) begin
                    if (n_reg == 3'd2) exec_next = S_HUNT;   // the last byte's stop bit has ended
                    else n_next = n_reg + 3'd1;
                end
            end
        endcase

        if (o_active) state_next = exec_next;
        if (receiving && idle_reg == TIMEOUT) state_next = S_HUNT;  // the request stopped: drop it
    end

    // The window access of a state (REG_WRITE: ARG0; MEM_*: ADDR, REGION, then DATA per word or
    // per response word; REG_READ: ARG0, read combinationally), repeated until granted. Evaluated
    // on the next state and registered, it is the access of the state in the flops.
    reg [5:0] acc_addr;
    reg       acc_we, acc_re;
    always @* begin
        acc_addr = arg0_reg[5:0];
        acc_we = 1'b0;
        acc_re = 1'b0;
        case (exec_next)
            S_REG_W: acc_we = 1'b1;
            S_ADDR: begin
                acc_addr = `SPEC_REG_ADDR;
                acc_we = 1'b1;
            end
            S_REGION: begin
                acc_addr = `SPEC_REG_REGION;
                acc_we = 1'b1;
            end
            S_MW:
                if (n_next == 3'd5) begin
                    acc_addr = `SPEC_REG_DATA;
                    acc_we = 1'b1;
                end
            S_T_LOAD:
                if (op_next == OP_MEM_READ) begin
                    acc_addr = `SPEC_REG_DATA;
                    acc_re = 1'b1;
                end
            default: ;
        endcase
    end
    // REGION takes bits 3..0 only, so ARG0 replaces just those for its write.
    reg [3:0] wdata_lo_reg;
    assign o_reg_wdata = {word_reg[31:4], wdata_lo_reg};

    always @(posedge clk) begin
        o_reg_addr <= acc_addr;
        wdata_lo_reg <= (exec_next == S_REGION) ? arg0_reg[3:0] : word_next[3:0];
        if (rst) begin
            o_reg_we <= 1'b0;
            o_reg_re <= 1'b0;
        end else begin
            o_reg_we <= acc_we;
            o_reg_re <= acc_re;
        end
        if (rst) begin
            state_reg <= S_HUNT;
            last_ok_reg <= 1'b0;
            idle_reg <= {TW{1'b0}};
        end else begin
            state_reg <= state_next;
            last_ok_reg <= last_ok_next;
            idle_reg <= idle_next;
        end
        // Data registers: meaningful only in the states that set them first.
        n_reg <= n_next;
        seq_reg <= seq_next;
        op_reg <= op_next;
        arg0_reg <= arg0_next;
        len_reg <= len_next;
        pos_reg <= pos_next;
        // 4·LEN bytes (LEN = 1024 wraps to 0, as pos_reg + 1 does after 4096 bytes); LEN words.
        pay_last_reg <= (pos_reg + 12'd1) == {len_reg[9:0], 2'b00};
        mw_last_reg <= (pos_reg[10:0] + 11'd1) == len_reg;
        prev_reg <= prev_next;
        word_reg <= word_next;
        big_reg <= big_next;
        crc_hi_reg <= crc_hi_next;
        crc_ok_reg <= crc_ok_next;
        status_reg <= status_next;
        rwords_reg <= rwords_next;
        last_seq_reg <= last_seq_next;
        bad_reg <= bad;
        new_reg <= !bad && !(is_write && last_ok_reg && seq_reg == last_seq_reg);
        refusable_reg <= refusable;
    end

    assign o_rx_frame = receiving;
    assign o_active = !receiving && state_reg != S_HUNT;

endmodule

`default_nettype wire
