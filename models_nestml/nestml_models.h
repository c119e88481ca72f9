/* models_nestml/nestml_models.h — the models nestmlc generated from
 * the .nestml files of models_nestml at build time (docs/codegen.md). */
#ifndef SS_NESTML_MODELS_H
#define SS_NESTML_MODELS_H

#include <stddef.h>

#include "registry.h"

/* The table of generated models (nestml_models.c, written by nestmlc gen). */
const ss_registry_entry *ss_nestml_models(size_t *n);

/* Adds every generated model to the registry (names end in _nestml). */
int ss_nestml_register(ss_registry *reg, ss_err *err);

/* bench-run --module PATH: dlopens a module built by `nestmlc build`,
 * refuses one built for another SS_MODEL_ABI_VERSION (err names the file
 * and both versions) and adds its models. *handle stays open until
 * ss_module_unload (the registry points into the module). */
int ss_module_load(ss_registry *reg, const char *path, void **handle, ss_err *err);
void ss_module_unload(void *handle);

#endif
