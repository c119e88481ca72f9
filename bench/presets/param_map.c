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
