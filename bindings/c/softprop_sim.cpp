// softprop_sim: the C ABI of bindings/c/softprop_sim.h over the Verilated register-window top
// (hdl/rtl/sp_top.v). Every call drives the register window of hdl/SPEC.md section 6.2; bulk
// memory access and run-to-done loops stay in C so one FFI call covers many clock cycles.
#include "softprop_sim.h"

#include <memory>
#include <new>

#include "Vsp_top.h"
#include "verilated.h"
#ifdef SP_TRACE
#include "verilated_vcd_c.h"
#endif

#define SP_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

// Words in a region (hdl/SPEC.md 6.3), from the build parameters.
uint64_t region_size(const uint32_t *params, uint32_t region) {
  switch (region) {
    case SP_REGION_WEIGHTS: return uint64_t(params[SP_PARAM_WDEPTH]) * params[SP_PARAM_LANES];
    case SP_REGION_VARBASE: case SP_REGION_VARDOM: case SP_REGION_ARCEND: case SP_REGION_OCCEND:
      return params[SP_PARAM_VDEPTH];
    case SP_REGION_ARCSRC: case SP_REGION_ARCROW: return params[SP_PARAM_ADEPTH];
    case SP_REGION_ROWS: return params[SP_PARAM_RDEPTH];
    case SP_REGION_OCCLIT: case SP_REGION_LITVAR: case SP_REGION_LITW: case SP_REGION_LITS:
      return params[SP_PARAM_LDEPTH];
    case SP_REGION_LITSET: return params[SP_PARAM_SDEPTH];
    case SP_REGION_CLAUSEEND: return params[SP_PARAM_CDEPTH];
    default: return 0;
  }
}

}  // namespace

struct sp_sim {
  std::unique_ptr<VerilatedContext> ctx;
  std::unique_ptr<Vsp_top> top;
  uint32_t params[SP_N_PARAMS];
#ifdef SP_TRACE
  std::unique_ptr<VerilatedVcdC> vcd;
#endif

  // Records the signals after a clock edge (traced build only); a half period is 5 time units.
  void dump() {
#ifdef SP_TRACE
    if (vcd) {
      vcd->dump(ctx->time());
      ctx->timeInc(5);
    }
#endif
  }

  // One clock edge pair: clk=1 -> eval -> clk=0 -> eval, each edge dumped when tracing.
  void edges() {
    top->clk = 1;
    top->eval();
    dump();
    top->clk = 0;
    top->eval();
    dump();
  }

  // One clock cycle: eval (settle the new inputs) -> the two edges.
  void tick() {
    top->eval();
    edges();
  }

  void write(uint32_t addr, uint32_t value) {
    top->i_reg_addr = addr;
    top->i_reg_wdata = value;
    top->i_reg_we = 1;
    tick();
    top->i_reg_we = 0;
  }

  uint32_t read(uint32_t addr) {
    top->i_reg_addr = addr;
    top->eval();
    uint32_t v = top->o_reg_rdata;
    if (addr == SP_REG_DATA) {  // DATA reads advance ADDR
      top->i_reg_re = 1;
      tick();
      top->i_reg_re = 0;
    }
    return v;
  }

  bool busy() { return (read(SP_REG_STATUS) & SP_STATUS_BUSY) != 0; }

  // Checks a bulk access and points REGION / ADDR at its first word.
  int seek(uint32_t region, uint32_t offset, uint32_t n) {
    if (region >= SP_N_REGIONS) return SP_ERR_ARG;
    if (uint64_t(offset) + n > region_size(params, region)) return SP_ERR_RANGE;
    if (busy()) return SP_ERR_STATE;
    write(SP_REG_REGION, region);
    write(SP_REG_ADDR, offset);
    return SP_OK;
  }
};

SP_EXPORT sp_sim *sp_create(void) {
  // No C++ exception may cross the C ABI: an allocation failure is a null handle.
  std::unique_ptr<sp_sim> owned;
  try {
    owned = std::make_unique<sp_sim>();
    owned->ctx = std::make_unique<VerilatedContext>();
#ifdef SP_TRACE
    owned->ctx->traceEverOn(true);
#endif
    owned->top = std::make_unique<Vsp_top>(owned->ctx.get(), "sp_top");
  } catch (const std::bad_alloc &) {
    return nullptr;
  }
  sp_sim *sim = owned.release();
  sim->top->clk = 0;
  sim->top->rst = 1;
  sim->tick();
  sim->top->rst = 0;
  sim->tick();
  for (uint32_t i = 0; i < SP_N_PARAMS; i++) sim->params[i] = sim->read(SP_REG_PARAMS + i);
  return sim;
}

SP_EXPORT void sp_destroy(sp_sim *sim) {
  if (!sim) return;
  sim->top->final();
#ifdef SP_TRACE
  if (sim->vcd) sim->vcd->close();
#endif
  delete sim;
}

SP_EXPORT int sp_reset(sp_sim *sim) {
  if (!sim) return SP_ERR_ARG;
  sim->top->i_reg_we = 0;
  sim->top->i_reg_re = 0;
  sim->top->rst = 1;
  sim->tick();
  sim->top->rst = 0;
  sim->tick();
  return SP_OK;
}

SP_EXPORT int sp_params(sp_sim *sim, uint32_t *out, uint32_t n) {
  if (!sim || (!out && n)) return SP_ERR_ARG;
  uint32_t k = n < SP_N_PARAMS ? n : SP_N_PARAMS;
  for (uint32_t i = 0; i < k; i++) out[i] = sim->params[i];
  return int(k);
}

SP_EXPORT int sp_reg_write(sp_sim *sim, uint32_t addr, uint32_t value) {
  if (!sim) return SP_ERR_ARG;
  if (addr > SP_REG_LAST) return SP_ERR_RANGE;
  sim->write(addr, value);
  return SP_OK;
}

SP_EXPORT int sp_reg_read(sp_sim *sim, uint32_t addr, uint32_t *value) {
  if (!sim || !value) return SP_ERR_ARG;
  if (addr > SP_REG_LAST) return SP_ERR_RANGE;
  *value = sim->read(addr);
  return SP_OK;
}

SP_EXPORT int sp_mem_write(sp_sim *sim, uint32_t region, uint32_t offset, const uint32_t *words, uint32_t n) {
  if (!sim || (!words && n)) return SP_ERR_ARG;
  if (region >= SP_FIRST_READ_ONLY_REGION && region < SP_N_REGIONS) return SP_ERR_ARG;
  int rc = sim->seek(region, offset, n);
  if (rc != SP_OK) return rc;
  auto *top = sim->top.get();
  top->i_reg_addr = SP_REG_DATA;
  top->i_reg_we = 1;
  for (uint32_t k = 0; k < n; k++) {
    top->i_reg_wdata = words[k];
    sim->tick();
  }
  top->i_reg_we = 0;
  return SP_OK;
}

SP_EXPORT int sp_mem_read(sp_sim *sim, uint32_t region, uint32_t offset, uint32_t *words, uint32_t n) {
  if (!sim || (!words && n)) return SP_ERR_ARG;
  int rc = sim->seek(region, offset, n);
  if (rc != SP_OK) return rc;
  auto *top = sim->top.get();
  top->i_reg_addr = SP_REG_DATA;
  top->i_reg_re = 1;
  for (uint32_t k = 0; k < n; k++) {
    top->eval();
    words[k] = top->o_reg_rdata;
    sim->tick();
  }
  top->i_reg_re = 0;
  return SP_OK;
}

SP_EXPORT int sp_run(sp_sim *sim, uint32_t mode, uint32_t max_rounds, uint64_t cycle_budget, uint32_t *status_out,
                     uint32_t *rounds_out, uint64_t *cycles_out) {
  if (!sim || mode > 1) return SP_ERR_ARG;
  if (sim->busy()) return SP_ERR_STATE;
  sim->write(SP_REG_MODE, mode);
  sim->write(SP_REG_MAX_ROUNDS, max_rounds);
  sim->write(SP_REG_CTRL, SP_CTRL_START);
  // The START write's own clock edge was the run's first stepped cycle (the core starts one later).
  auto *top = sim->top.get();
  uint64_t stepped = 1;
  while (top->o_busy && stepped < cycle_budget) {
    sim->edges();
    stepped++;
  }
  uint32_t status = sim->read(SP_REG_STATUS);
  if (status_out) *status_out = status & (SP_STATUS_DONE | SP_STATUS_FIXPOINT | SP_STATUS_WIPEOUT);
  if (rounds_out) *rounds_out = sim->read(SP_REG_ROUNDS);
  if (cycles_out) *cycles_out = (uint64_t(sim->read(SP_REG_CYCLES_HI)) << 32) | sim->read(SP_REG_CYCLES_LO);
  return (status & SP_STATUS_BUSY) ? SP_ERR_BUDGET : SP_OK;
}

SP_EXPORT int sp_unit_batch(sp_sim *sim, uint32_t op, const uint16_t *a, const uint16_t *b, uint16_t *out, uint32_t n) {
  if (!sim || op > 1 || (n && (!a || !b || !out))) return SP_ERR_ARG;
  const uint32_t one = sim->params[SP_PARAM_ONE];
  for (uint32_t k = 0; k < n; k++)
    if (a[k] > one || b[k] > one) return SP_ERR_RANGE;
  if (sim->busy()) return SP_ERR_STATE;
  sim->write(SP_REG_UNIT_OP, op);
  auto *top = sim->top.get();
  for (uint32_t k = 0; k < n; k++) {
    sim->write(SP_REG_UNIT_AB, uint32_t(a[k]) | (uint32_t(b[k]) << 16));
    top->i_reg_addr = SP_REG_UNIT_R;
    top->eval();
    out[k] = uint16_t(top->o_reg_rdata);
  }
  return SP_OK;
}

#ifdef SP_TRACE
SP_EXPORT int sp_trace_open(sp_sim *sim, const char *path) {
  if (!sim || !path || sim->vcd) return SP_ERR_ARG;
  auto vcd = std::make_unique<VerilatedVcdC>();
  sim->top->trace(vcd.get(), 99);
  vcd->open(path);
  if (!vcd->isOpen()) return SP_ERR_STATE;
  sim->vcd = std::move(vcd);
  sim->dump();  // the state the trace starts from
  return SP_OK;
}

SP_EXPORT int sp_trace_close(sp_sim *sim) {
  if (!sim || !sim->vcd) return SP_ERR_ARG;
  sim->vcd->close();
  sim->vcd.reset();
  return SP_OK;
}
#endif
