/* Generated from hdl/spec-constants.json by hdl/gen-spec-constants.mjs: do not edit. */
#ifndef SOFTPROP_SPEC_H
#define SOFTPROP_SPEC_H

/* Status codes of every softprop_sim.h call. */
#define SP_OK 0 /* success */
#define SP_ERR_ARG (-1) /* null handle, unknown region, mode or op */
#define SP_ERR_RANGE (-2) /* address or length outside a region, problem too large for the core */
#define SP_ERR_BUDGET (-3) /* cycle budget used up before the core reported done (a hang) */
#define SP_ERR_STATE (-4) /* core busy, or a call out of order */

/* Register window (hdl/SPEC.md 6.2): word addresses, the last one, CTRL and STATUS bits. */
#define SP_REG_ID 0x00u
#define SP_REG_CTRL 0x01u
#define SP_REG_MODE 0x02u
#define SP_REG_MAX_ROUNDS 0x03u
#define SP_REG_STATUS 0x04u
#define SP_REG_ROUNDS 0x05u
#define SP_REG_CYCLES_LO 0x06u
#define SP_REG_CYCLES_HI 0x07u
#define SP_REG_NVARS 0x08u
#define SP_REG_NCLAUSES 0x09u
#define SP_REG_NLITS 0x0Au
#define SP_REG_LSHIFT 0x0Bu
#define SP_REG_REGION 0x0Cu
#define SP_REG_ADDR 0x0Du
#define SP_REG_DATA 0x0Eu
#define SP_REG_UNIT_OP 0x0Fu
#define SP_REG_UNIT_AB 0x10u
#define SP_REG_UNIT_R 0x11u
#define SP_REG_PARAMS 0x18u
#define SP_REG_LAST 0x3Fu
#define SP_CTRL_START 1u
#define SP_CTRL_ABORT 2u
#define SP_STATUS_DONE 1u
#define SP_STATUS_FIXPOINT 2u
#define SP_STATUS_WIPEOUT 4u
#define SP_STATUS_BUSY 8u
#define SP_CORE_ID 0x53500001u

/* Memory regions (hdl/SPEC.md 6.3); regions from SP_FIRST_READ_ONLY_REGION on are read-only. */
#define SP_REGION_WEIGHTS 0u
#define SP_REGION_VARBASE 1u
#define SP_REGION_VARDOM 2u
#define SP_REGION_ARCEND 3u
#define SP_REGION_ARCSRC 4u
#define SP_REGION_ARCROW 5u
#define SP_REGION_ROWS 6u
#define SP_REGION_OCCEND 7u
#define SP_REGION_OCCLIT 8u
#define SP_REGION_LITVAR 9u
#define SP_REGION_LITSET 10u
#define SP_REGION_CLAUSEEND 11u
#define SP_REGION_LITW 12u
#define SP_REGION_LITS 13u
#define SP_N_REGIONS 14u
#define SP_FIRST_READ_ONLY_REGION 12u

/* Build parameters in sp_params order (hdl/SPEC.md 6.1), also at SP_REG_PARAMS + i. */
#define SP_PARAM_LANES 0u
#define SP_PARAM_MAX_DOM 1u
#define SP_PARAM_WDEPTH 2u
#define SP_PARAM_VDEPTH 3u
#define SP_PARAM_ADEPTH 4u
#define SP_PARAM_RDEPTH 5u
#define SP_PARAM_LDEPTH 6u
#define SP_PARAM_CDEPTH 7u
#define SP_PARAM_SDEPTH 8u
#define SP_PARAM_ONE 9u
#define SP_PARAM_ID 10u
#define SP_N_PARAMS 11u

#endif
