/* bench/presets/brunel_wiring.h — what brunel_iaf and brunel_aeif build
 * alike once their neurons exist: one Poisson train per neuron, a spike
 * recorder, and E→all / I→all fixed in-degree connections. The presets differ
 * only in how they derive in-degrees, weights and rate (left to them, in
 * ss_network) and in when they set a learning rate (the caller's `lambda`).
 * hpc_aeif_cond wires E→E and E→I apart, so it does not use this. */
#ifndef SS_BRUNEL_WIRING_H
#define SS_BRUNEL_WIRING_H

#include "preset.h"

/* The registry's models a Brunel preset uses. */
typedef struct ss_brunel_models {
    const ss_neuron_model *neuron;       /* network.neuron */
    const ss_synapse_model *exc, *inh;   /* network.synapse_exc, static_synapse */
    const ss_generator_model *poisson;
    const ss_recorder_model *spikes;
} ss_brunel_models;

/* Looks up every model before failing, so err holds the last failed
 * lookup's message; -1 if any is missing. */
static inline int ss_brunel_models_find(const ss_registry *reg, const ss_preset_params *p,
                                        ss_brunel_models *m, ss_err *err)
{
    m->neuron = ss_registry_neuron(reg, p->neuron, err);
    m->exc = ss_registry_synapse(reg, p->synapse_exc, err);
    m->inh = ss_registry_synapse(reg, "static_synapse", err);
    m->poisson = ss_registry_generator(reg, "poisson_generator", err);
    m->spikes = ss_registry_recorder(reg, "spike_recorder", err);
    return m->neuron && m->exc && m->inh && m->poisson && m->spikes ? 0 : -1;
}

/* Wires net->exc and net->inh from net->poisson_rate_hz, ce, ci, j_ex, j_in:
 * a poisson_generator to every neuron (weight j_ex), a spike recorder from
 * p->t_presim_ms on, E→all with m->exc (in-degree ce, j_ex) and I→all with
 * m->inh (ci, j_in), every delay delay_ms. If lambda is not NULL, the E→all
 * type's parameter of that name is set to p->stdp_lambda. Fills
 * net->recorder and net->type_exc. */
static inline int ss_brunel_wire(ss_kernel *k, const ss_brunel_models *m, const ss_preset_params *p,
                                 const char *lambda, double delay_ms, ss_network *net, ss_err *err)
{
    ss_nodes gen;
    uint32_t t_ex, t_in;
    if (ss_kernel_add_generator(k, m->poisson, &gen, err) ||
        ss_kernel_set_param(k, gen, "rate", net->poisson_rate_hz, err) ||
        ss_kernel_add_recorder(k, m->spikes, &net->recorder, err) ||
        ss_kernel_set_param(k, net->recorder, "start", p->t_presim_ms, err) ||
        ss_kernel_add_synapse_type(k, m->exc, delay_ms, &t_ex, err) ||
        ss_kernel_add_synapse_type(k, m->inh, delay_ms, &t_in, err))
        return -1;
    net->type_exc = t_ex;
    if (lambda && ss_kernel_set_synapse_param(k, t_ex, lambda, p->stdp_lambda, err))
        return -1;
    const ss_nodes pops[2] = {net->exc, net->inh};
    for (int t = 0; t < 2; ++t)
        if (ss_kernel_connect_fixed_indegree(k, net->exc, pops[t], net->ce, t_ex, net->j_ex, err) ||
            ss_kernel_connect_fixed_indegree(k, net->inh, pops[t], net->ci, t_in, net->j_in, err) ||
            ss_kernel_connect_generator(k, gen, pops[t], net->j_ex, delay_ms, err) ||
            ss_kernel_record_spikes(k, net->recorder, pops[t], err))
            return -1;
    return 0;
}

#endif
