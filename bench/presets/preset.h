/* bench/presets/preset.h — network presets: named networks that bench-run
 * builds into a kernel. A preset fills the settings the user did not give
 * with its own defaults (resolve), then creates nodes and connections (build).
 * To add one: a file defining a `const ss_preset`, and a line in presets.c. */
#ifndef SS_PRESET_H
#define SS_PRESET_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel.h"
#include "registry.h"

/* Fully resolved settings of one run. */
typedef struct ss_preset_params {
    uint64_t order;
    const char *neuron;
    const char *synapse_exc;
    double stdp_lambda;
    double t_sim_ms, t_presim_ms, resolution_ms;
    uint64_t seed;
    bool record_spikes;
    int threads;
} ss_preset_params;

/* What a preset built: the populations statistics are computed for. */
typedef struct ss_network {
    ss_nodes exc, inh;          /* gids 1..NE, NE+1..NE+NI */
    ss_nodes recorder;          /* records exc and inh after t_presim */
    uint32_t type_exc;          /* synapse type of E->all connections (weight statistics) */
    uint64_t ce, ci;            /* in-degrees */
    double j_ex, j_in;          /* pA */
    double poisson_rate_hz;     /* per neuron */
} ss_network;

typedef struct ss_preset {
    const char *name;
    const char *summary;
    ss_preset_params defaults;
    /* Checks the resolved settings (model names against the registry and the
     * preset's parameter maps); message names the setting. */
    int (*check)(const ss_preset_params *p, const ss_registry *reg, ss_err *err);
    int (*build)(ss_kernel *k, const ss_registry *reg, const ss_preset_params *p,
                 ss_network *net, ss_err *err);
} ss_preset;

const ss_preset *ss_preset_find(const char *name);
/* NULL-terminated list of all presets. */
const ss_preset *const *ss_preset_all(void);

/* Peak of the PSP (mV) caused by an alpha-shaped PSC of peak 1 pA in a leaky
 * membrane (tau_m, C_m), for converting a PSP amplitude J (mV) to a current:
 * J_pA = J / ss_alpha_psp_peak(...). Also right for tau_m == tau_syn. */
double ss_alpha_psp_peak(double tau_m, double tau_syn, double c_m);

#endif
