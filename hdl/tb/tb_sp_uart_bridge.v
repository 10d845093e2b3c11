// Test bench of sp_uart_bridge on sp_top's register window (hdl/SPEC.md 7), as a host on the
// UART line sees it. The window is taken from the bridge in random cycles (i_reg_stall, as when
// the SPI link accesses it) throughout. Frames are built and checked here with the bench's own
// CRC (uart_host.vh). Checked:
//   - every op: REG_READ of ID and of the parameters, REG_WRITE then REG_READ, MEM_WRITE then
//     MEM_READ of random words (a 1023-word write and 1024-word read among them), ADDR after each;
//   - garbage before the sync byte is skipped;
//   - a request with a corrupted byte: CRC_ERROR echoing the SEQ byte, nothing executed;
//   - a request cut short, then a good one after the timeout: no answer to the first, the second
//     answered; a request with a pause shorter than the timeout is answered;
//   - duplicates: a REG_WRITE of DATA (which advances ADDR) sent twice with one SEQ advances ADDR
//     once and answers OK both times; a MEM_WRITE sent twice with one SEQ is executed once; a read
//     with the last SEQ is executed again; a write with the SEQ of a rejected request is executed;
//   - BAD_REQUEST: unknown OP, REG_READ of DATA, wrong LEN for each op, register address >= 64,
//     REGION >= 16, MEM_READ count 1025 or 65537; none executed; a LEN of 1025 not answered;
//   - BUSY: with the core busy, MEM_WRITE, MEM_READ and REG_WRITE of MODE refused and not
//     executed, REG_READ and REG_WRITE of CTRL executed.
`default_nettype none
`timescale 1ns / 1ps

module tb_sp_uart_bridge;
    localparam integer CPB = 4, TIMEOUT_BITS = 12;
    localparam [7:0] A_ID = 0, A_CTRL = 1, A_MODE = 2, A_MAX_ROUNDS = 3, A_REGION = 12, A_ADDR = 13,
                     A_DATA = 14, A_PARAMS = 24;
    localparam [7:0] R_WEIGHTS = 0, R_VARDOM = 2;
    localparam integer NO_ANSWER = 40 * CPB * 10;  // cycles to wait for a response that must not come

    reg clk = 0;
    always #5 clk <= ~clk;

    reg         rst = 1;
    reg         host_tx = 1;
    wire        host_rx;
    wire [5:0]  addr;
    wire        we, re;
    wire [31:0] wdata, rdata;
    reg         stall = 0, force_busy = 0;
    wire        core_busy, done, wipeout, rx_frame, active;
    integer     seed = 7;
    `include "tb_report.vh"

    sp_uart_bridge #(.CLKS_PER_BIT(CPB), .TIMEOUT_BITS(TIMEOUT_BITS)) dut (
        .clk(clk), .rst(rst), .i_rx(host_tx), .o_tx(host_rx), .o_reg_addr(addr), .o_reg_we(we), .o_reg_re(re),
        .o_reg_wdata(wdata), .i_reg_rdata(rdata), .i_reg_stall(stall), .i_busy(core_busy || force_busy),
        .o_rx_frame(rx_frame), .o_active(active));

    // The window sees the bridge's access only in cycles it is not stalled (the other link has it).
    sp_top #(.LANES(4), .MAX_DOM(16), .WDEPTH(512), .VDEPTH(64), .ADEPTH(64), .RDEPTH(64),
             .LDEPTH(16), .CDEPTH(8), .SDEPTH(16)) top (
        .clk(clk), .rst(rst), .i_reg_addr(addr), .i_reg_we(we && !stall), .i_reg_re(re && !stall),
        .i_reg_wdata(wdata), .o_reg_rdata(rdata), .o_busy(core_busy), .o_done(done), .o_wipeout(wipeout));

    always @(negedge clk) stall <= ($unsigned($random(seed)) % 4) == 0;
    wire unused = &{1'b0, done, wipeout, active, seed};

    `include "uart_host.vh"

    `include "uart_frames.vh"

    reg  [7:0]  mode_seq;
    integer     i;

    initial begin
        repeat (4) @(negedge clk);
        rst = 0;
        repeat (4) @(negedge clk);

        // Every op.
        expect_reg(A_ID, 32'h53500001);
        expect_reg(A_PARAMS + 0, 4);                        // LANES
        expect_reg(A_PARAMS + 2, 512);                      // WDEPTH
        reg_write(A_MAX_ROUNDS, 32'hDEADBEEF);
        expect_reg(A_MAX_ROUNDS, 32'hDEADBEEF);
        for (i = 1; i <= 37; i = i + 1) words[i] = $random(seed);
        mem_write(R_WEIGHTS, 100, 37);
        keep(37);
        expect_reg(A_REGION, {24'd0, R_WEIGHTS});
        expect_reg(A_ADDR, 137);
        expect_mem(R_WEIGHTS, 100, 37, 32'hFFFF);
        expect_reg(A_ADDR, 137);
        // The largest transfers: 1023 words written, 1024 read (the last one written before).
        mem_write(R_WEIGHTS, 1023, 1);
        v = words[1];
        for (i = 1; i <= 1023; i = i + 1) words[i] = $random(seed);
        mem_write(R_WEIGHTS, 0, 1023);
        keep(1023);
        want[1023] = v;
        expect_mem(R_WEIGHTS, 0, 1024, 32'hFFFF);
        expect_reg(A_ADDR, 1024);
        mem_read(R_WEIGHTS, 5, 0);                          // count 0: no words, ADDR set
        expect_reg(A_ADDR, 5);

        // Garbage before a request.
        uart_send(8'h00); uart_send(8'h5A); uart_send(8'h13);
        expect_reg(A_MAX_ROUNDS, 32'hDEADBEEF);

        // A corrupted byte: CRC_ERROR with the SEQ as received, not executed.
        seq = seq + 8'd1;
        words[0] = 32'd12345;
        build(seq, OP_REG_WRITE, A_MAX_ROUNDS, 8'd0, 1);
        req[8] = req[8] ^ 8'h10;
        send_req;
        recv_resp(200 * CPB);
        if (!answered || resp_status !== ST_CRC || resp_seq !== seq || resp_len !== 0) begin
            $display("FAIL corrupted request: answered %0d status %0d seq %0d", answered, resp_status, resp_seq);
            errors = errors + 1;
        end
        seq = seq + 8'd1;
        build(seq, OP_REG_WRITE, A_MAX_ROUNDS, 8'd0, 1);
        req[1] = req[1] ^ 8'h01;                            // the SEQ byte itself: echoed as received
        send_req;
        recv_resp(200 * CPB);
        if (!answered || resp_status !== ST_CRC || resp_seq !== (seq ^ 8'h01)) begin
            $display("FAIL corrupted SEQ: answered %0d status %0d seq %0d", answered, resp_status, resp_seq);
            errors = errors + 1;
        end
        expect_reg(A_MAX_ROUNDS, 32'hDEADBEEF);

        // A request cut short: no answer; after the timeout the next request is answered.
        seq = seq + 8'd1;
        words[0] = 32'd777;
        build(seq, OP_REG_WRITE, A_MAX_ROUNDS, 8'd0, 1);
        req_n = 9;
        send_req;
        recv_resp(NO_ANSWER);
        if (answered) begin $display("FAIL a cut request was answered"); errors = errors + 1; end
        if (rx_frame) begin $display("FAIL a cut request still open after the timeout"); errors = errors + 1; end
        expect_reg(A_MAX_ROUNDS, 32'hDEADBEEF);
        // A pause shorter than the timeout keeps the request.
        seq = seq + 8'd1;
        words[0] = 32'd778;
        build(seq, OP_REG_WRITE, A_MAX_ROUNDS, 8'd0, 1);
        for (i = 0; i < req_n; i = i + 1) begin
            if (i == 6) repeat ((TIMEOUT_BITS - 2) * CPB) @(negedge clk);
            uart_send(req[i]);
        end
        recv_resp(200 * CPB);
        if (!answered || resp_status !== ST_OK) begin $display("FAIL request with a short pause not executed"); errors = errors + 1; end
        expect_reg(A_MAX_ROUNDS, 778);

        // Duplicates. REG_WRITE of DATA advances ADDR: twice with one SEQ, once.
        reg_write(A_REGION, {24'd0, R_VARDOM});
        reg_write(A_ADDR, 10);
        reg_write(A_DATA, 5);
        xfer(seq, OP_REG_WRITE, A_DATA, 1, ST_OK, 0);      // the same request again
        expect_reg(A_ADDR, 11);
        // A MEM_WRITE twice: the second is not executed (here it would overwrite the word below).
        words[1] = 9;
        mem_write(R_VARDOM, 20, 1);
        reg_write(A_REGION, {24'd0, R_VARDOM});
        reg_write(A_ADDR, 20);
        seq = seq + 8'd1;
        words[0] = 13;
        xfer(seq, OP_REG_WRITE, A_DATA, 1, ST_OK, 0);      // VARDOM[20] = 13
        words[0] = 20; words[1] = 9;
        xfer(seq - 8'd3, OP_MEM_WRITE, R_VARDOM, 2, ST_OK, 0);   // an old SEQ: executed, VARDOM[20] = 9
        xfer(seq - 8'd3, OP_MEM_WRITE, R_VARDOM, 2, ST_OK, 0);
        reg_write(A_ADDR, 20);
        reg_write(A_DATA, 14);                              // VARDOM[20] = 14
        words[0] = 20; words[1] = 9;
        xfer(seq, OP_MEM_WRITE, R_VARDOM, 2, ST_OK, 0);    // duplicate of the last: not executed
        want[0] = 14;
        expect_mem(R_VARDOM, 20, 1, 32'h1F);
        // Reads with the SEQ of the last executed request are executed (answered with their words).
        reg_write(A_ADDR, 3);
        xfer(seq, OP_REG_READ, A_ADDR, 0, ST_OK, 1);
        if (resp[0] !== 3) begin $display("FAIL ADDR %0d, want 3", resp[0]); errors = errors + 1; end
        xfer(seq, OP_REG_READ, A_ADDR, 0, ST_OK, 1);
        words[0] = 20; words[1] = 1;
        xfer(seq, OP_MEM_READ, R_VARDOM, 2, ST_OK, 1);
        if (resp[0] !== 14) begin $display("FAIL MEM_READ with the last SEQ: %0d, want 14", resp[0]); errors = errors + 1; end
        expect_reg(A_ADDR, 21);
        // A write with the SEQ of a rejected request is executed.
        seq = seq + 8'd1;
        xfer(seq, 8'h07, 0, 0, ST_BAD, 0);
        words[0] = 41;
        xfer(seq, OP_REG_WRITE, A_ADDR, 1, ST_OK, 0);
        expect_reg(A_ADDR, 41);

        // BAD_REQUEST, nothing executed.
        reg_write(A_MAX_ROUNDS, 99);
        words[0] = 5; words[1] = 1;
        seq = seq + 8'd1; xfer(seq, 8'h00, A_MAX_ROUNDS, 1, ST_BAD, 0);
        seq = seq + 8'd1; xfer(seq, 8'h05, A_MAX_ROUNDS, 1, ST_BAD, 0);
        seq = seq + 8'd1; xfer(seq, OP_REG_READ, A_DATA, 0, ST_BAD, 0);
        seq = seq + 8'd1; xfer(seq, OP_REG_READ, A_MAX_ROUNDS, 1, ST_BAD, 0);
        seq = seq + 8'd1; xfer(seq, OP_REG_READ, 8'd64 + A_MAX_ROUNDS, 0, ST_BAD, 0);
        seq = seq + 8'd1; xfer(seq, OP_REG_WRITE, A_MAX_ROUNDS, 0, ST_BAD, 0);
        seq = seq + 8'd1; xfer(seq, OP_REG_WRITE, A_MAX_ROUNDS, 2, ST_BAD, 0);
        seq = seq + 8'd1; xfer(seq, OP_REG_WRITE, 8'd128 + A_MAX_ROUNDS, 1, ST_BAD, 0);
        seq = seq + 8'd1; xfer(seq, OP_MEM_WRITE, R_VARDOM, 0, ST_BAD, 0);
        seq = seq + 8'd1; xfer(seq, OP_MEM_WRITE, 8'd16 + R_VARDOM, 2, ST_BAD, 0);
        seq = seq + 8'd1; xfer(seq, OP_MEM_READ, R_VARDOM, 1, ST_BAD, 0);
        seq = seq + 8'd1; xfer(seq, OP_MEM_READ, R_VARDOM, 3, ST_BAD, 0);
        seq = seq + 8'd1; xfer(seq, OP_MEM_READ, 8'd16, 2, ST_BAD, 0);
        words[0] = 0; words[1] = 1025;
        seq = seq + 8'd1; xfer(seq, OP_MEM_READ, R_VARDOM, 2, ST_BAD, 0);
        words[1] = 32'h00010001;
        seq = seq + 8'd1; xfer(seq, OP_MEM_READ, R_VARDOM, 2, ST_BAD, 0);
        // LEN 1025: not a request; dropped at its LEN, no answer (the payload is hunted for 0xA5).
        seq = seq + 8'd1;
        words[0] = 3; words[1] = 3;
        build(seq, OP_MEM_WRITE, R_VARDOM, 8'd0, 2);
        req[5] = 8'h01; req[6] = 8'h04;
        send_req;
        recv_resp(NO_ANSWER);
        if (answered) begin $display("FAIL a request with LEN 1025 was answered"); errors = errors + 1; end
        expect_reg(A_MAX_ROUNDS, 99);
        expect_reg(A_ADDR, 41);                             // as the last executed write left it
        want[0] = 14;
        expect_mem(R_VARDOM, 20, 1, 32'h1F);

        // BUSY: refused writes and memory reads, executed register reads and CTRL.
        words[1] = 11;
        mem_write(R_VARDOM, 30, 1);
        force_busy = 1;
        words[0] = 30; words[1] = 12;
        seq = seq + 8'd1; xfer(seq, OP_MEM_WRITE, R_VARDOM, 2, ST_BUSY, 0);
        seq = seq + 8'd1; xfer(seq, OP_MEM_READ, R_VARDOM, 2, ST_BUSY, 0);
        words[0] = 1;
        seq = seq + 8'd1; xfer(seq, OP_REG_WRITE, A_MODE, 1, ST_BUSY, 0);
        mode_seq = seq;
        expect_reg(A_MODE, 0);
        words[0] = 32'd2;                                   // ABORT
        seq = seq + 8'd1; xfer(seq, OP_REG_WRITE, A_CTRL, 1, ST_OK, 0);
        force_busy = 0;
        want[0] = 11;
        expect_mem(R_VARDOM, 30, 1, 32'h1F);
        // The refused write is executed when sent again (same SEQ) once the core is idle.
        words[0] = 1;
        xfer(mode_seq, OP_REG_WRITE, A_MODE, 1, ST_OK, 0);
        expect_reg(A_MODE, 1);

        tb_finish("tb_sp_uart_bridge");
    end
endmodule

`default_nettype wire
