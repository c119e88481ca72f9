#include "registry.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"neuron", "synapse", "generator", "recorder"};

void ss_registry_init(ss_registry *reg)
{
    memset(reg, 0, sizeof *reg);
}

void ss_registry_free(ss_registry *reg)
{
    free(reg->entries);
    memset(reg, 0, sizeof *reg);
}

const char *ss_registry_entry_name(const ss_registry_entry *e)
{
    switch (e->kind) {
    case SS_KIND_NEURON: return ((const ss_neuron_model *)e->model)->name;
    case SS_KIND_SYNAPSE: return ((const ss_synapse_model *)e->model)->name;
    case SS_KIND_GENERATOR: return ((const ss_generator_model *)e->model)->name;
    case SS_KIND_RECORDER: return ((const ss_recorder_model *)e->model)->name;
    }
    return "";
}

/* Every model struct starts with its ABI version (same first member). */
static uint32_t entry_abi(const ss_registry_entry *e)
{
    return *(const uint32_t *)e->model;
}

int ss_registry_add(ss_registry *reg, ss_model_kind kind, const void *model, ss_err *err)
{
    ss_registry_entry e = {kind, model};
    const char *name = ss_registry_entry_name(&e);
    if (entry_abi(&e) != SS_MODEL_ABI_VERSION)
        return ss_fail(err, "model '%s' was built for model ABI %u, this engine has ABI %u",
                       name, entry_abi(&e), SS_MODEL_ABI_VERSION);
    if (ss_registry_find(reg, name))
        return ss_fail(err, "model '%s' is registered twice", name);
    if (reg->n == reg->cap) {
        size_t cap = reg->cap ? 2 * reg->cap : 16;
        ss_registry_entry *p = realloc(reg->entries, cap * sizeof *p);
        if (!p)
            return ss_fail(err, "registry: out of memory");
        reg->entries = p;
        reg->cap = cap;
    }
    reg->entries[reg->n++] = e;
    return 0;
}

const ss_registry_entry *ss_registry_find(const ss_registry *reg, const char *name)
{
    for (size_t i = 0; i < reg->n; ++i)
        if (strcmp(ss_registry_entry_name(&reg->entries[i]), name) == 0)
            return &reg->entries[i];
    return NULL;
}

static const void *find_kind(const ss_registry *reg, const char *name, ss_model_kind kind,
                             ss_err *err)
{
    const ss_registry_entry *e = ss_registry_find(reg, name);
    if (!e) {
        ss_fail(err, "unknown %s model '%s'", kind_names[kind], name);
        return NULL;
    }
    if (e->kind != kind) {
        ss_fail(err, "model '%s' is a %s model, not a %s model", name, kind_names[e->kind],
                kind_names[kind]);
        return NULL;
    }
    return e->model;
}

const ss_neuron_model *ss_registry_neuron(const ss_registry *reg, const char *name, ss_err *err)
{
    return find_kind(reg, name, SS_KIND_NEURON, err);
}

const ss_synapse_model *ss_registry_synapse(const ss_registry *reg, const char *name, ss_err *err)
{
    return find_kind(reg, name, SS_KIND_SYNAPSE, err);
}

const ss_generator_model *ss_registry_generator(const ss_registry *reg, const char *name,
                                                ss_err *err)
{
    return find_kind(reg, name, SS_KIND_GENERATOR, err);
}

const ss_recorder_model *ss_registry_recorder(const ss_registry *reg, const char *name,
                                              ss_err *err)
{
    return find_kind(reg, name, SS_KIND_RECORDER, err);
}
