/*
 * softprop_sim: flat C ABI over the Verilated propagator core (hdl/). One handle per simulated
 * device; bulk memory access and run-to-done calls, never one call per signal or per cycle.
 * Memory regions, their layouts and the register map are in hdl/SPEC.md, section 6.
 * Every function returns SP_OK or a negative status code.
 */
#ifndef SOFTPROP_SIM_H
#define SOFTPROP_SIM_H
#include <stdint.h>

/* Status codes (SP_OK, SP_ERR_*), the status bits sp_run returns (SP_STATUS_DONE, _FIXPOINT,
 * _WIPEOUT), register addresses, regions and parameter indices: generated from hdl/spec-constants.json. */
#include "softprop_spec.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct sp_sim sp_sim;

sp_sim *sp_create(void);
void sp_destroy(sp_sim *sim);
/* Synchronous reset of the core (memories keep their contents unless the spec says otherwise). */
int sp_reset(sp_sim *sim);
/* Writes up to n build parameters (order given in hdl/SPEC.md section 6); returns the count written (>= 0). */
int sp_params(sp_sim *sim, uint32_t *out, uint32_t n);
/* Bulk access to the register window (addresses in hdl/SPEC.md section 6). */
int sp_reg_write(sp_sim *sim, uint32_t addr, uint32_t value);
int sp_reg_read(sp_sim *sim, uint32_t addr, uint32_t *value);
/* Bulk memory access through the register window's address/data registers. */
int sp_mem_write(sp_sim *sim, uint32_t region, uint32_t offset, const uint32_t *words, uint32_t n);
int sp_mem_read(sp_sim *sim, uint32_t region, uint32_t offset, uint32_t *words, uint32_t n);
/* Starts the core: mode 0 = hard bitmask, 1 = fixed-point soft; runs up to max_rounds rounds,
 * stopping early at a fixpoint or a wipe-out. Steps the clock until done or cycle_budget cycles. */
int sp_run(sp_sim *sim, uint32_t mode, uint32_t max_rounds, uint64_t cycle_budget, uint32_t *status_out,
           uint32_t *rounds_out, uint64_t *cycles_out);
/* Batch test of the arithmetic units: op 0 = product, 1 = OR (a (+) b); out[k] = op(a[k], b[k]) in Q1.15. */
int sp_unit_batch(sp_sim *sim, uint32_t op, const uint16_t *a, const uint16_t *b, uint16_t *out, uint32_t n);
/* Traced build only (build/libsoftprop_sim_trace.so, `make sim-trace`): every signal of the core is
 * written to the VCD file at path from now on, two time steps of 5 units per clock cycle (rising
 * edge, falling edge); sp_trace_close flushes and closes it (sp_destroy closes an open trace too). */
int sp_trace_open(sp_sim *sim, const char *path);
int sp_trace_close(sp_sim *sim);

#ifdef __cplusplus
}
#endif
#endif
