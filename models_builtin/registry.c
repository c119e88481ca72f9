/* models_builtin/registry.c — the table of built-in models. To add a model:
 * one extern declaration and one table line. */
#include "registry.h"

extern const ss_neuron_model ss_model_iaf_psc_alpha;
extern const ss_generator_model ss_model_poisson_generator;
extern const ss_synapse_model ss_model_static_synapse;
extern const ss_recorder_model ss_model_spike_recorder;
extern const ss_neuron_model ss_model_aeif_psc_alpha;
extern const ss_neuron_model ss_model_aeif_cond_alpha;
extern const ss_synapse_model ss_model_stdp_synapse;

static const ss_registry_entry builtin[] = {
    {SS_KIND_NEURON, &ss_model_iaf_psc_alpha},
    {SS_KIND_GENERATOR, &ss_model_poisson_generator},
    {SS_KIND_SYNAPSE, &ss_model_static_synapse},
    {SS_KIND_RECORDER, &ss_model_spike_recorder},
    {SS_KIND_NEURON, &ss_model_aeif_psc_alpha},
    {SS_KIND_NEURON, &ss_model_aeif_cond_alpha},
    {SS_KIND_SYNAPSE, &ss_model_stdp_synapse},
};

int ss_builtin_register(ss_registry *reg, ss_err *err)
{
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; ++i)
        if (ss_registry_add(reg, builtin[i].kind, builtin[i].model, err) != 0)
            return -1;
    return 0;
}
