/* bench/run/counters_hooks.h — counters as the engine's phase hooks.
 *
 *   ss_phase_hooks h = ss_counters_phase_hooks(counters);
 *   ss_kernel_set_phase_hooks(kernel, &h);
 *
 * SS_PHASE_UPDATE and SS_PHASE_DELIVER are counted (as SS_CTR_UPDATE and
 * SS_CTR_DELIVER); the engine's other phases are ignored. Each simulating
 * thread starts its event set at its first counted phase. */
#ifndef SS_COUNTERS_HOOKS_H
#define SS_COUNTERS_HOOKS_H

#include "counters.h"
#include "kernel.h"

ss_phase_hooks ss_counters_phase_hooks(ss_counters *c);

#endif
