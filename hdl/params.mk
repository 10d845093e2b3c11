# Generated from hdl/spec-constants.json by hdl/gen-spec-constants.mjs: do not edit.
# Build parameters of the simulator and the iCE40 builds (hdl/SPEC.md 6.1).
SIM_PARAMS := -GLANES=8 -GMAX_DOM=1024 -GWDEPTH=131072 -GVDEPTH=65536 -GADEPTH=262144 -GRDEPTH=1048576 -GLDEPTH=262144 -GCDEPTH=131072 -GSDEPTH=524288
ICE40_PARAMS := -set LANES 8 -set MAX_DOM 16 -set WDEPTH 256 -set VDEPTH 128 -set ADEPTH 2048 -set RDEPTH 512 -set LDEPTH 256 -set CDEPTH 128 -set SDEPTH 256
