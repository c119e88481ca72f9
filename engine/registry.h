/* engine/registry.h — models by name.
 *
 * A registry is a plain object (no global table): bench-run makes one, adds the
 * built-in models (models_builtin/registry.c) and later those of loaded modules.
 * Names are unique across kinds. */
#ifndef SS_REGISTRY_H
#define SS_REGISTRY_H

#include <stddef.h>

#include "device.h"
#include "error.h"
#include "model.h"
#include "synapse.h"

typedef enum ss_model_kind {
    SS_KIND_NEURON,
    SS_KIND_SYNAPSE,
    SS_KIND_GENERATOR,
    SS_KIND_RECORDER
} ss_model_kind;

typedef struct ss_registry_entry {
    ss_model_kind kind;
    const void *model;    /* ss_neuron_model, ss_synapse_model, ... by kind */
} ss_registry_entry;

typedef struct ss_registry {
    ss_registry_entry *entries;
    size_t n, cap;
} ss_registry;

void ss_registry_init(ss_registry *reg);
void ss_registry_free(ss_registry *reg);
/* Fails on a duplicate name or an ABI version other than SS_MODEL_ABI_VERSION. */
int ss_registry_add(ss_registry *reg, ss_model_kind kind, const void *model, ss_err *err);

const char *ss_registry_entry_name(const ss_registry_entry *e);
const ss_registry_entry *ss_registry_find(const ss_registry *reg, const char *name);
/* Lookups by kind; NULL + err naming the model (and its actual kind) otherwise. */
const ss_neuron_model *ss_registry_neuron(const ss_registry *reg, const char *name, ss_err *err);
const ss_synapse_model *ss_registry_synapse(const ss_registry *reg, const char *name, ss_err *err);
const ss_generator_model *ss_registry_generator(const ss_registry *reg, const char *name,
                                                ss_err *err);
const ss_recorder_model *ss_registry_recorder(const ss_registry *reg, const char *name,
                                              ss_err *err);

/* Adds every built-in model (defined in models_builtin/registry.c). */
int ss_builtin_register(ss_registry *reg, ss_err *err);

#endif
