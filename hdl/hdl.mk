# Placeholder replaced by the hardware work: defines sim, bitstream, hdl-lint, hdl-tb.
.PHONY: sim
sim:
