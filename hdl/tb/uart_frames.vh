// Request / response frames of the UART link (hdl/SPEC.md 7.2-7.4) for the UART test benches,
// over the line tasks of uart_host.vh (included first) and the error count of tb_report.vh.
// Needs a localparam CPB in the including module. `seq` is the SEQ of the last new request; xfer
// sends any SEQ (retries, duplicates).
/* verilator lint_off UNUSEDPARAM */    // not every bench sends every op or sees every status
localparam [7:0] OP_REG_WRITE = 1, OP_REG_READ = 2, OP_MEM_WRITE = 3, OP_MEM_READ = 4;
localparam [7:0] ST_OK = 0, ST_CRC = 1, ST_BAD = 2, ST_BUSY = 3;
/* verilator lint_on UNUSEDPARAM */
reg  [7:0]  req [0:4500];
integer     req_n;
reg  [31:0] words [0:1100];     // request payload
reg  [31:0] resp [0:1100];      // response payload
reg  [31:0] want [0:1100];      // expected words of a MEM_READ
reg  [7:0]  resp_seq, resp_status;
integer     resp_len;
reg         answered;
reg  [7:0]  seq = 8'd0;
reg  [31:0] v;

// req = a request frame: header, `len` words of `words`, CRC.
task build(input [7:0] s, input [7:0] op, input [7:0] arg0, input [7:0] arg1, input integer len);
    integer k;
    reg [15:0] c;
    begin
        req[0] = 8'hA5; req[1] = s; req[2] = op; req[3] = arg0; req[4] = arg1;
        req[5] = len[7:0]; req[6] = len[15:8];
        for (k = 0; k < len; k = k + 1) begin
            req[7 + 4 * k] = words[k][7:0];
            req[8 + 4 * k] = words[k][15:8];
            req[9 + 4 * k] = words[k][23:16];
            req[10 + 4 * k] = words[k][31:24];
        end
        req_n = 7 + 4 * len;
        c = 16'hFFFF;
        for (k = 1; k < req_n; k = k + 1) c = crc_ref(c, req[k]);
        req[req_n] = c[15:8];
        req[req_n + 1] = c[7:0];
        req_n = req_n + 2;
    end
endtask

task send_req;
    integer k;
    for (k = 0; k < req_n; k = k + 1) uart_send(req[k]);
endtask

// Reads a response; answered = 0 when none starts within `wait_cycles`. Checks its CRC.
task recv_resp(input integer wait_cycles);
    integer k;
    reg [7:0] b;
    reg ok;
    reg [15:0] c;
    reg [7:0] hdr [0:4];
    begin
        uart_recv(wait_cycles, b, ok);
        answered = ok;
        resp_len = 0;
        if (ok) begin
            if (b !== 8'h5A) begin $display("FAIL response sync %h", b); errors = errors + 1; end
            for (k = 1; k < 5; k = k + 1) begin
                uart_recv(4 * CPB, hdr[k], ok);
                if (!ok) begin $display("FAIL response header byte %0d missing", k); errors = errors + 1; end
            end
            c = 16'hFFFF;
            for (k = 1; k < 5; k = k + 1) c = crc_ref(c, hdr[k]);
            resp_seq = hdr[1];
            resp_status = hdr[2];
            resp_len = {16'd0, hdr[4], hdr[3]};
            for (k = 0; k < 4 * resp_len; k = k + 1) begin
                uart_recv(4 * CPB, b, ok);
                c = crc_ref(c, b);
                resp[k / 4] = {b, resp[k / 4][31:8]};
            end
            uart_recv(4 * CPB, b, ok);
            if (b !== c[15:8]) begin $display("FAIL response CRC_HI %h, want %h", b, c[15:8]); errors = errors + 1; end
            uart_recv(4 * CPB, b, ok);
            if (b !== c[7:0]) begin $display("FAIL response CRC_LO %h, want %h", b, c[7:0]); errors = errors + 1; end
        end
    end
endtask

// One exchange: request with SEQ s, response checked for SEQ, status and LEN.
task xfer(input [7:0] s, input [7:0] op, input [7:0] arg0, input integer len, input [7:0] want_status,
          input integer want_len);
    begin
        build(s, op, arg0, 8'd0, len);
        send_req;
        recv_resp(200 * CPB + 8 * len);             // a MEM_WRITE takes a few cycles per word
        if (!answered) begin
            $display("FAIL op %0d seq %0d: no response", op, s);
            errors = errors + 1;
        end else if (resp_seq !== s || resp_status !== want_status || resp_len !== want_len) begin
            $display("FAIL op %0d seq %0d arg0 %0d: response seq %0d status %0d len %0d, want %0d %0d %0d",
                     op, s, arg0, resp_seq, resp_status, resp_len, s, want_status, want_len);
            errors = errors + 1;
        end
    end
endtask

// New requests: the next SEQ.
task reg_read(input [7:0] a, output [31:0] d);
    begin
        seq = seq + 8'd1;
        xfer(seq, OP_REG_READ, a, 0, ST_OK, 1);
        d = resp[0];
    end
endtask

task reg_write(input [7:0] a, input [31:0] d);
    begin
        seq = seq + 8'd1;
        words[0] = d;
        xfer(seq, OP_REG_WRITE, a, 1, ST_OK, 0);
    end
endtask

task expect_reg(input [7:0] a, input [31:0] want_v);
    begin
        reg_read(a, v);
        if (v !== want_v) begin $display("FAIL register %h: %h, want %h", a, v, want_v); errors = errors + 1; end
    end
endtask

// MEM_WRITE of words[1..n] at `offset` of `region`.
task mem_write(input [7:0] region, input [31:0] offset, input integer n_words);
    begin
        seq = seq + 8'd1;
        words[0] = offset;
        xfer(seq, OP_MEM_WRITE, region, n_words + 1, ST_OK, 0);
    end
endtask

// MEM_READ of `count` words into resp.
task mem_read(input [7:0] region, input [31:0] offset, input integer count);
    begin
        seq = seq + 8'd1;
        words[0] = offset;
        words[1] = count;
        xfer(seq, OP_MEM_READ, region, 2, ST_OK, count);
    end
endtask

// want[0..n-1] = the data words of the last mem_write.
task keep(input integer n_words);
    integer k;
    for (k = 0; k < n_words; k = k + 1) want[k] = words[k + 1];
endtask

// MEM_READ compared with want, masked to the bits the region keeps (WEIGHTS 16, VARDOM 5).
task expect_mem(input [7:0] region, input [31:0] offset, input integer count, input [31:0] mask);
    integer k;
    begin
        mem_read(region, offset, count);
        for (k = 0; k < count; k = k + 1)
            if (resp[k] !== (want[k] & mask)) begin
                $display("FAIL region %0d word %0d: %h, want %h", region, offset + k, resp[k], want[k] & mask);
                errors = errors + 1;
            end
    end
endtask

