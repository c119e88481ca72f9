/* bench/presets/param_map.c — see param_map.h. */
#include "param_map.h"

#include <stdio.h>
#include <string.h>

const ss_param_map *ss_param_map_find(const ss_param_map *maps, const char *model)
{
    for (; maps->model; ++maps)
        if (strcmp(maps->model, model) == 0)
            return maps;
    return NULL;
}

void ss_param_map_models(const ss_param_map *maps, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const ss_param_map *m = maps; m->model && used < cap; ++m) {
        int n = snprintf(buf + used, cap - used, "%s%s", m == maps ? "" : ", ", m->model);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

int ss_param_map_apply(ss_kernel *k, ss_nodes nodes, const ss_param_map *map, ss_err *err)
{
    for (const ss_param_value *v = map->values; v->name; ++v)
        if (ss_kernel_set_param(k, nodes, v->name, v->value, err) != 0)
            return -1;
    return 0;
}

int ss_param_map_apply_synapse(ss_kernel *k, uint32_t type, const ss_param_map *map, ss_err *err)
{
    for (const ss_param_value *v = map->values; v->name; ++v)
        if (ss_kernel_set_synapse_param(k, type, v->name, v->value, err) != 0)
            return -1;
    return 0;
}

static const ss_exc_synapse exc_synapses[] = {
    {"stdp_synapse", "lambda", "Wmax"},
    {"stdp_synapse_nestml", "lambda", "Wmax"},
    {"static_synapse", NULL, NULL},
    {NULL, NULL, NULL},
};

const ss_exc_synapse *ss_exc_synapse_find(const char *model)
{
    for (const ss_exc_synapse *s = exc_synapses; s->model; ++s)
        if (strcmp(s->model, model) == 0)
            return s;
    return NULL;
}

int ss_preset_check_models(const char *preset, const ss_param_map *neuron_maps,
                           const ss_preset_params *p, const ss_registry *reg, ss_err *err)
{
    ss_err e;
    char list[256];
    if (!ss_registry_neuron(reg, p->neuron, &e))
        return ss_fail(err, "network.neuron: %s", e.msg);
    if (!ss_param_map_find(neuron_maps, p->neuron)) {
        ss_param_map_models(neuron_maps, list, sizeof list);
        return ss_fail(err, "network.neuron: preset %s has no parameters for '%s' (supported: %s)",
                       preset, p->neuron, list);
    }
    if (!ss_registry_synapse(reg, p->synapse_exc, &e))
        return ss_fail(err, "network.synapse_exc: %s", e.msg);
    const ss_exc_synapse *s = ss_exc_synapse_find(p->synapse_exc);
    if (!s)
        return ss_fail(err, "network.synapse_exc: preset %s has no parameters for '%s' (supported: stdp_synapse, stdp_synapse_nestml, static_synapse)",
                       preset, p->synapse_exc);
    if (p->stdp_lambda != 0.0 && !s->lambda)
        return ss_fail(err, "network.stdp_lambda: %g needs a plastic network.synapse_exc (got %s)",
                       p->stdp_lambda, p->synapse_exc);
    if (p->order < 1)
        return ss_fail(err, "network.order: must be >= 1");
    return 0;
}
