/* bench/presets/brunel_aeif.c — the benchmark network of NESTML's HPC
 * benchmark (DESIGN §6; reference/brunel_aeif-nest-3.9.md):
 *   NE = 4K, NI = K; fixed in-degree CE = 1000 from E, CI = 250 from I (no
 *   autapses, multapses allowed); AdEx with alpha currents, C_m 250 pF,
 *   g_L 12.5 nS (tau_m 20 ms), tau_syn 0.5 ms, t_ref 2 ms, E_L = V_reset = 0,
 *   V_th = V_peak = 20 mV, other parameters at NEST's defaults; every neuron
 *   starts at V_m = 0, w = 0. J = 0.1 mV PSP amplitude → J_ex (pA) by the
 *   Lambert-W PSP normalisation for alpha currents, J_in = −g J_ex, g = 5.
 *   One Poisson train per neuron at eta = 2 times the threshold rate, weight
 *   J_ex. E→all: network.synapse_exc (STDP, lambda = network.stdp_lambda,
 *   default 0: bookkeeping without weight change); I→all static. All delays
 *   1.5 ms; resolution 0.01 ms.
 * network.neuron / network.synapse_exc choose the models by name; each
 * supported model has its own parameter map (NEST's names for built-ins,
 * NESTML's for generated models). */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_sf_lambert.h>

#include "aeif_presets.h"
#include "brunel_wiring.h"
#include "param_map.h"
#include "preset.h"

#define CE 1000u
#define CI 250u
#define G 5.0
#define ETA 2.0
#define J_PSP 0.1      /* mV */
#define DELAY 1.5      /* ms */
#define C_M 250.0      /* pF */
#define G_L 12.5       /* nS */
#define TAU_SYN 0.5    /* ms */
#define THETA 20.0     /* V_th - E_L, mV */

#define AEIF_COMMON {"C_m", C_M}, {"g_L", G_L}, {"E_L", 0.0}, {"V_peak", 20.0}, {"V_th", THETA}, \
    {"V_reset", 0.0}, {"a", 4.0}, {"b", 80.5}, {"Delta_T", 2.0}, {"tau_w", 144.0}, {"I_e", 0.0}

static const ss_param_value nest_aeif[] = {
    AEIF_COMMON, {"t_ref", 2.0}, {"tau_syn_ex", TAU_SYN}, {"tau_syn_in", TAU_SYN}, {NULL, 0}};
static const ss_param_value nestml_aeif[] = {
    AEIF_COMMON, {"refr_T", 2.0}, {"tau_syn_exc", TAU_SYN}, {"tau_syn_inh", TAU_SYN}, {NULL, 0}};

static const ss_param_map neuron_maps[] = {
    {"aeif_psc_alpha", nest_aeif},
    {"aeif_psc_alpha_nestml", nestml_aeif},
    {NULL, NULL},
};

/* Peak PSP (mV) of an alpha current of peak 1 pA, NEST's/NESTML's benchmark
 * normalisation: the time of the maximum from the lower branch of Lambert's W. */
double ss_brunel_aeif_psp_norm(double tau_m, double c_m, double tau_syn)
{
    double a = tau_m / tau_syn, b = 1.0 / tau_syn - 1.0 / tau_m;
    double t_max = 1.0 / b * (-gsl_sf_lambert_Wm1(-exp(-1.0 / a) / a) - 1.0 / a);
    return M_E / (tau_syn * c_m * b) *
           ((exp(-t_max / tau_m) - exp(-t_max / tau_syn)) / b - t_max * exp(-t_max / tau_syn));
}

static int check(const ss_preset_params *p, const ss_registry *reg, ss_err *err)
{
    return ss_preset_check_models("brunel_aeif", neuron_maps, p, reg, err);
}

static int build(ss_kernel *k, const ss_registry *reg, const ss_preset_params *p, ss_network *net,
                 ss_err *err)
{
    ss_brunel_models m;
    const ss_param_map *map = ss_param_map_find(neuron_maps, p->neuron);
    const ss_exc_synapse *sn = ss_exc_synapse_find(p->synapse_exc);
    if (ss_brunel_models_find(reg, p, &m, err))
        return -1;
    if (!map || !sn)
        return ss_fail(err, "preset brunel_aeif: unsupported models (run its check first)");
    net->ce = CE;
    net->ci = CI;
    net->j_ex = J_PSP / ss_brunel_aeif_psp_norm(C_M / G_L, C_M, TAU_SYN);
    net->j_in = -G * net->j_ex;
    double tau_m = C_M / G_L;
    double nu_th = THETA * C_M / (net->j_ex * CE * M_E * tau_m * TAU_SYN); /* 1/ms */
    net->poisson_rate_hz = 1000.0 * ETA * nu_th * CE;

    ss_nodes pops[2];
    if (ss_kernel_add_neurons(k, m.neuron, 4 * p->order, &net->exc, err) ||
        ss_kernel_add_neurons(k, m.neuron, p->order, &net->inh, err))
        return -1;
    pops[0] = net->exc;
    pops[1] = net->inh;
    for (int i = 0; i < 2; ++i)
        if (ss_param_map_apply(k, pops[i], map, err) || ss_kernel_set_state(k, pops[i], "V_m", 0.0, err) ||
            ss_kernel_set_state(k, pops[i], "w", 0.0, err))
            return -1;
    /* the learning rate is set even when 0, the preset's default: STDP
     * bookkeeping without weight change */
    return ss_brunel_wire(k, &m, p, sn->lambda, DELAY, net, err);
}

const ss_preset ss_preset_brunel_aeif = {
    .name = "brunel_aeif",
    .summary = "NESTML HPC benchmark: AdEx (aeif_psc_alpha), E->all STDP, CE=1000, CI=250, 0.01 ms",
    .defaults = {.order = 500, .neuron = "aeif_psc_alpha", .synapse_exc = "stdp_synapse",
                 .stdp_lambda = 0.0, .t_sim_ms = 1000.0, .t_presim_ms = 100.0,
                 .resolution_ms = 0.01, .seed = 12345, .record_spikes = true, .threads = 1},
    .check = check,
    .build = build,
};
