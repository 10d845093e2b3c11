// The test benches' error count and closing line: `PASS <bench>` when nothing failed (what hdl.mk
// and test/hdl look for), else `FAIL <bench>: <n> errors`. Included inside the bench module.
integer errors = 0;

task tb_finish(input [8*24-1:0] bench);
    begin
        if (errors == 0) $display("PASS %0s", bench);
        else $display("FAIL %0s: %0d errors", bench, errors);
        $finish;
    end
endtask
