/* bench/presets/hpc_aeif_cond.c — network A of reference/network-A-nest-3.9.md:
 *   NE = 4K, NI = K (K = 2000: 8000 + 2000); fixed in-degree CE = 1000 from
 *   E, CI = 250 from I (no autapses, multapses allowed); aeif_cond_alpha at
 *   NEST's defaults except t_ref = 2 ms, tau_syn_ex = tau_syn_in = 0.5 ms;
 *   V_m initial uniform in [−70.6, −50.4] mV, drawn per gid from the keyed
 *   RNG (decomposition independent), w = 0.
 *   E→E: network.synapse_exc (STDP: w0 1 nS, lambda = network.stdp_lambda,
 *   default 0.01, Wmax 2 nS, other parameters at their defaults); E→I static
 *   1 nS; I→all static −9 nS (g = 9). One Poisson train per neuron at 12 kHz,
 *   weight 1 nS. Delay 1.5 ms everywhere; resolution 0.1 ms. */

#include "param_map.h"
#include "preset.h"

#define CE 1000u
#define CI 250u
#define W_EXC 1.0        /* nS */
#define W_INH (-9.0)     /* nS */
#define W_MAX 2.0        /* nS */
#define RATE_HZ 12000.0
#define DELAY 1.5        /* ms */
#define V_LO (-70.6)
#define V_HI (-50.4)

#define COND_COMMON {"C_m", 281.0}, {"g_L", 30.0}, {"E_L", -70.6}, {"V_th", -50.4}, \
    {"Delta_T", 2.0}, {"a", 4.0}, {"b", 80.5}, {"tau_w", 144.0}, {"V_peak", 0.0},   \
    {"V_reset", -60.0}, {"I_e", 0.0}

static const ss_param_value nest_cond[] = {
    COND_COMMON, {"E_ex", 0.0}, {"E_in", -85.0}, {"t_ref", 2.0}, {"tau_syn_ex", 0.5},
    {"tau_syn_in", 0.5}, {NULL, 0}};
static const ss_param_value nestml_cond[] = {
    COND_COMMON, {"E_exc", 0.0}, {"E_inh", -85.0}, {"refr_T", 2.0}, {"tau_syn_exc", 0.5},
    {"tau_syn_inh", 0.5}, {NULL, 0}};

static const ss_param_map neuron_maps[] = {
    {"aeif_cond_alpha", nest_cond},
    {"aeif_cond_alpha_nestml", nestml_cond},
    {NULL, NULL},
};

static int check(const ss_preset_params *p, const ss_registry *reg, ss_err *err)
{
    return ss_preset_check_models("hpc_aeif_cond", neuron_maps, p, reg, err);
}

static int make_types(ss_kernel *k, const ss_registry *reg, const ss_preset_params *p,
                      uint32_t types[3], ss_err *err)
{
    const ss_synapse_model *se = ss_registry_synapse(reg, p->synapse_exc, err);
    const ss_synapse_model *ss = ss_registry_synapse(reg, "static_synapse", err);
    const ss_exc_synapse *sn = ss_exc_synapse_find(p->synapse_exc);
    if (!se || !ss)
        return -1;
    if (!sn)
        return ss_fail(err, "preset hpc_aeif_cond: unsupported synapse (run its check first)");
    if (ss_kernel_add_synapse_type(k, se, DELAY, &types[0], err) ||
        ss_kernel_add_synapse_type(k, ss, DELAY, &types[1], err))
        return -1;
    types[2] = types[1]; /* one static type: one source index to search */
    if (sn->lambda && (ss_kernel_set_synapse_param(k, types[0], sn->lambda, p->stdp_lambda, err) ||
                       ss_kernel_set_synapse_param(k, types[0], sn->wmax, W_MAX, err)))
        return -1;
    return 0;
}

static int build(ss_kernel *k, const ss_registry *reg, const ss_preset_params *p, ss_network *net,
                 ss_err *err)
{
    const ss_neuron_model *nm = ss_registry_neuron(reg, p->neuron, err);
    const ss_generator_model *pg = ss_registry_generator(reg, "poisson_generator", err);
    const ss_recorder_model *sr = ss_registry_recorder(reg, "spike_recorder", err);
    const ss_param_map *map = ss_param_map_find(neuron_maps, p->neuron);
    if (!nm || !pg || !sr)
        return -1;
    if (!map)
        return ss_fail(err, "preset hpc_aeif_cond: unsupported neuron (run its check first)");
    net->ce = CE;
    net->ci = CI;
    net->j_ex = W_EXC;
    net->j_in = W_INH;
    net->poisson_rate_hz = RATE_HZ;
    ss_nodes pops[2], gen;
    uint32_t ty[3]; /* E->E plastic, E->I static, I->all static */
    if (ss_kernel_add_neurons(k, nm, 4 * p->order, &net->exc, err) ||
        ss_kernel_add_neurons(k, nm, p->order, &net->inh, err))
        return -1;
    pops[0] = net->exc;
    pops[1] = net->inh;
    for (int i = 0; i < 2; ++i)
        if (ss_param_map_apply(k, pops[i], map, err) ||
            ss_kernel_set_state_uniform(k, pops[i], "V_m", V_LO, V_HI, err) ||
            ss_kernel_set_state(k, pops[i], "w", 0.0, err))
            return -1;
    if (ss_kernel_add_generator(k, pg, &gen, err) ||
        ss_kernel_set_param(k, gen, "rate", RATE_HZ, err) ||
        ss_kernel_add_recorder(k, sr, &net->recorder, err) ||
        ss_kernel_set_param(k, net->recorder, "start", p->t_presim_ms, err) ||
        make_types(k, reg, p, ty, err))
        return -1;
    net->type_exc = ty[0];
    if (ss_kernel_connect_fixed_indegree(k, net->exc, net->exc, CE, ty[0], W_EXC, err) ||
        ss_kernel_connect_fixed_indegree(k, net->exc, net->inh, CE, ty[1], W_EXC, err))
        return -1;
    for (int t = 0; t < 2; ++t)
        if (ss_kernel_connect_fixed_indegree(k, net->inh, pops[t], CI, ty[2], W_INH, err) ||
            ss_kernel_connect_generator(k, gen, pops[t], W_EXC, DELAY, err) ||
            ss_kernel_record_spikes(k, net->recorder, pops[t], err))
            return -1;
    return 0;
}

const ss_preset ss_preset_hpc_aeif_cond = {
    .name = "hpc_aeif_cond",
    .summary = "network A: AdEx (aeif_cond_alpha), E->E STDP (lambda 0.01, Wmax 2 nS), 12 kHz Poisson, 0.1 ms",
    .defaults = {.order = 2000, .neuron = "aeif_cond_alpha", .synapse_exc = "stdp_synapse",
                 .stdp_lambda = 0.01, .t_sim_ms = 1000.0, .t_presim_ms = 100.0,
                 .resolution_ms = 0.1, .seed = 12345, .record_spikes = true, .threads = 1},
    .check = check,
    .build = build,
};
