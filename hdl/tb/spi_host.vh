// SPI mode-0 host tasks shared by the SPI test benches: one frame = command byte + 32 data bits.
// Needs `sck`, `cs_n`, `mosi` regs and a `miso` wire in the including module.
task spi_half;
    repeat (4) @(negedge clk);
endtask

task spi_frame(input [7:0] cmd, input [31:0] din, output [31:0] dout);
    integer k;
    reg [39:0] out;
    begin
        out = {cmd, din};
        dout = 32'd0;
        cs_n = 0;
        spi_half;
        for (k = 39; k >= 0; k = k - 1) begin
            mosi = out[k];
            spi_half;
            sck = 1;                       // both sides sample on the rising edge
            if (k < 32) dout = {dout[30:0], miso};
            spi_half;
            sck = 0;
        end
        spi_half;
        cs_n = 1;
        spi_half;
    end
endtask

task spi_write(input [5:0] a, input [31:0] d);
    reg [31:0] unused_dout;
    spi_frame({2'b10, a}, d, unused_dout);
endtask

task spi_read(input [5:0] a, output [31:0] d);
    spi_frame({2'b00, a}, 32'd0, d);
endtask
