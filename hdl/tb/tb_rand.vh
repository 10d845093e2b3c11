// Seeded random draws for the test benches (the including module declares `integer seed`).
reg [31:0] rand_word;

// A weight in [0, ONE].
task rand_weight(output [15:0] rand_w);
    begin
        rand_word = $unsigned($random(seed)) % 32'd32769;
        rand_w = rand_word[15:0];
    end
endtask

// A word of random bits.
task rand_bits(output [31:0] rand_r);
    begin
        rand_word = $random(seed);
        rand_r = rand_word;
    end
endtask

// The seed is read by $random, which Verilator's unused check does not count.
wire unused_rand = &{1'b0, seed, rand_word};
