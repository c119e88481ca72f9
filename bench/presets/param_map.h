/* bench/presets/param_map.h — per-model parameter maps of a preset
 * (DESIGN §9 "Parameter names"): built-in models take NEST's names,
 * generated ones NESTML's, so a preset lists its values once per model it
 * supports. A model without a map is refused by the preset's check; a name
 * the model does not know fails in set_param, naming model and parameter. */
#ifndef SS_PARAM_MAP_H
#define SS_PARAM_MAP_H

#include <stddef.h>

#include "kernel.h"
#include "preset.h"

typedef struct ss_param_value {
    const char *name;
    double value;
} ss_param_value;

typedef struct ss_param_map {
    const char *model;               /* registry name */
    const ss_param_value *values;    /* NULL-name terminated */
} ss_param_map;

/* The map of `model` in a NULL-model terminated list, or NULL. */
const ss_param_map *ss_param_map_find(const ss_param_map *maps, const char *model);
/* "a, b, c": the models of a list (for messages). */
void ss_param_map_models(const ss_param_map *maps, char *buf, size_t cap);
/* Sets every value of the map on a node collection (neurons or synapse type). */
int ss_param_map_apply(ss_kernel *k, ss_nodes nodes, const ss_param_map *map, ss_err *err);
int ss_param_map_apply_synapse(ss_kernel *k, uint32_t type, const ss_param_map *map, ss_err *err);

/* An excitatory synapse model the AdEx presets accept, with the names of its
 * learning-rate and maximum-weight parameters (both NULL: static). */
typedef struct ss_exc_synapse {
    const char *model, *lambda, *wmax;
} ss_exc_synapse;

/* The entry of `model`, or NULL if the presets do not support it. */
const ss_exc_synapse *ss_exc_synapse_find(const char *model);

/* The checks an AdEx preset makes of network.neuron (registered, and in
 * `neuron_maps`), network.synapse_exc (registered and supported),
 * network.stdp_lambda (0 unless plastic) and network.order; messages name the
 * preset and the key. */
int ss_preset_check_models(const char *preset, const ss_param_map *neuron_maps,
                           const ss_preset_params *p, const ss_registry *reg, ss_err *err);

#endif
