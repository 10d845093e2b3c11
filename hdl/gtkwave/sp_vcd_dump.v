`default_nettype none
/*
 * sp_vcd_dump: a second root compiled beside a test bench by `make hdl-tb VCD=1`, so that the
 * benches need no dump code of their own. It dumps every signal under the bench SP_VCD_TOP into
 * the VCD file SP_VCD_FILE (both given with -D by hdl/hdl.mk).
 */
module sp_vcd_dump;
    initial begin
        $dumpfile(`SP_VCD_FILE);
        $dumpvars(0, `SP_VCD_TOP);
    end
endmodule
`default_nettype wire
