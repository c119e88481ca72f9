/* bench/presets/brunel_iaf.c — Brunel's balanced random network (2000, model
 * A) with iaf_psc_alpha neurons at NEST's default parameters:
 *   NE = 4K excitatory, NI = K inhibitory neurons; fixed in-degree
 *   CE = 0.1 NE, CI = 0.1 NI (no autapses, multapses allowed); J = 0.1 mV PSP
 *   amplitude converted to a current J_ex, J_in = -g J_ex with g = 5; every
 *   neuron gets an independent Poisson train at eta = 2 times the threshold
 *   rate nu_th = theta C_m / (J_ex CE e tau_m tau_syn), i.e. eta nu_th CE,
 *   with weight J_ex; all delays 1.5 ms; resolution 0.1 ms. Initial V_m is
 *   uniform in [E_L, V_th), drawn per gid (decomposition independent). */
#include <math.h>
#include <string.h>

#include "brunel_wiring.h"
#include "preset.h"

#define G 5.0
#define ETA 2.0
#define J_PSP 0.1
#define DELAY 1.5

static bool has_param(const ss_neuron_model *m, const char *name)
{
    for (uint32_t k = 0; k < m->n_vars; k++)
        if (m->vars[k].kind == SS_VAR_PARAMETER && strcmp(m->vars[k].name, name) == 0)
            return true;
    return false;
}

static const char *tau_syn_name(const ss_neuron_model *m)
{
    return has_param(m, "tau_syn_ex") ? "tau_syn_ex" : has_param(m, "tau_syn_exc") ? "tau_syn_exc" : NULL;
}

static int check(const ss_preset_params *p, const ss_registry *reg, ss_err *err)
{
    ss_err e;
    if (!ss_registry_neuron(reg, p->neuron, &e))
        return ss_fail(err, "network.neuron: %s", e.msg);
    /* Any neuron with these parameters (NEST's or NESTML's synaptic time
     * constant name, DESIGN §9): the built-in and generated iaf_psc_alpha
     * and a user's module (--module). */
    const ss_neuron_model *nm = ss_registry_neuron(reg, p->neuron, &e);
    static const char *const need[] = {"C_m", "tau_m", "E_L", "V_th"};
    for (size_t k = 0; k < sizeof need / sizeof need[0]; k++)
        if (!has_param(nm, need[k]))
            return ss_fail(err, "network.neuron: preset brunel_iaf needs parameter %s, which '%s' does not have",
                           need[k], p->neuron);
    if (!tau_syn_name(nm))
        return ss_fail(err, "network.neuron: preset brunel_iaf needs tau_syn_ex (NEST) or tau_syn_exc (NESTML), which '%s' does not have",
                       p->neuron);
    const ss_synapse_model *s = ss_registry_synapse(reg, p->synapse_exc, &e);
    if (!s)
        return ss_fail(err, "network.synapse_exc: %s", e.msg);
    if (p->stdp_lambda != 0.0 && strcmp(p->synapse_exc, "static_synapse") == 0)
        return ss_fail(err, "network.stdp_lambda: %g needs a plastic network.synapse_exc (got static_synapse)",
                       p->stdp_lambda);
    return 0;
}

static int get(ss_kernel *k, ss_nodes n, const char *name, double *v, ss_err *err)
{
    return ss_kernel_get_param(k, n, name, v, err);
}

static int build(ss_kernel *k, const ss_registry *reg, const ss_preset_params *p, ss_network *net,
                 ss_err *err)
{
    ss_brunel_models m;
    if (ss_brunel_models_find(reg, p, &m, err))
        return -1;
    const ss_neuron_model *nm = m.neuron;
    uint64_t NE = 4 * p->order, NI = p->order;
    net->ce = (uint64_t)llround(0.1 * (double)NE);
    net->ci = (uint64_t)llround(0.1 * (double)NI);
    if (net->ci == 0)
        net->ci = 1;
    if (ss_kernel_add_neurons(k, nm, NE, &net->exc, err) ||
        ss_kernel_add_neurons(k, nm, NI, &net->inh, err))
        return -1;
    double C_m, tau_m, tau_s, E_L, V_th;
    if (get(k, net->exc, "C_m", &C_m, err) || get(k, net->exc, "tau_m", &tau_m, err) ||
        get(k, net->exc, tau_syn_name(nm), &tau_s, err) || get(k, net->exc, "E_L", &E_L, err) ||
        get(k, net->exc, "V_th", &V_th, err))
        return -1;
    net->j_ex = J_PSP / ss_alpha_psp_peak(tau_m, tau_s, C_m);
    net->j_in = -G * net->j_ex;
    double theta = V_th - E_L;
    double nu_th = theta * C_m / (net->j_ex * (double)net->ce * M_E * tau_m * tau_s); /* 1/ms */
    net->poisson_rate_hz = 1000.0 * ETA * nu_th * (double)net->ce;
    if (ss_kernel_set_state_uniform(k, net->exc, "V_m", E_L, V_th, err) ||
        ss_kernel_set_state_uniform(k, net->inh, "V_m", E_L, V_th, err))
        return -1;
    /* check() allows a nonzero learning rate only for a plastic synapse */
    return ss_brunel_wire(k, &m, p, p->stdp_lambda != 0.0 ? "lambda" : NULL, DELAY, net, err);
}

const ss_preset ss_preset_brunel_iaf = {
    .name = "brunel_iaf",
    .summary = "Brunel balanced network, iaf_psc_alpha, static synapses (NE=4K, NI=K, CE=0.1NE, CI=0.1NI)",
    .defaults = {.order = 2500, .neuron = "iaf_psc_alpha", .synapse_exc = "static_synapse",
                 .stdp_lambda = 0.0, .t_sim_ms = 1000.0, .t_presim_ms = 100.0,
                 .resolution_ms = 0.1, .seed = 12345, .record_spikes = true, .threads = 1},
    .check = check,
    .build = build,
};
