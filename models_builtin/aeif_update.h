/* models_builtin/aeif_update.h — one instruction-set variant of the AdEx
 * update functions: included by aeif_update_{base,v3,v4}.c with SS_AEIF_ISA
 * set to the suffix (and, for v3/v4, after a `#pragma GCC target`). */
#ifndef SS_AEIF_ISA
#error "define SS_AEIF_ISA (base, v3, v4) before including aeif_update.h"
#endif

#include "aeif_rhs.h"

#define SS_AEIF_NAME2(f, isa) f##_##isa
#define SS_AEIF_NAME(f, isa) SS_AEIF_NAME2(f, isa)

int SS_AEIF_NAME(ss_aeif_psc_update, SS_AEIF_ISA)(void *pop, ss_neuron_step *io, ss_err *err)
{
    return ss_aeif_update_impl(pop, io, err, ss_aeif_psc_rhs);
}

int SS_AEIF_NAME(ss_aeif_cond_update, SS_AEIF_ISA)(void *pop, ss_neuron_step *io, ss_err *err)
{
    return ss_aeif_update_impl(pop, io, err, ss_aeif_cond_rhs);
}
