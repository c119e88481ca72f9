/* models_nestml/module_load.c — bench-run --module: models from a shared
 * object built by `nestmlc build` (docs/codegen.md).
 *
 * The module exports `ss_module_abi_version` (the SS_MODEL_ABI_VERSION it
 * was compiled against) and `ss_module_models` (its table). The version is
 * checked before anything else of the module is used, so a module built
 * for another interface is refused with a message instead of crashing.
 * Modules resolve ss_fail/ss_expm against bench-run (linked with
 * export_dynamic), so they need only the engine's public headers. */
#include "nestml_models.h"

#include <dlfcn.h>
#include <stdint.h>

typedef const ss_registry_entry *(*table_fn)(size_t *n);

int ss_module_load(ss_registry *reg, const char *path, void **handle, ss_err *err)
{
    *handle = NULL;
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return ss_fail(err, "--module %s: cannot load: %s", path, dlerror());
    const uint32_t *abi = dlsym(h, "ss_module_abi_version");
    table_fn table = (table_fn)(uintptr_t)dlsym(h, "ss_module_models");
    if (!abi || !table) {
        dlclose(h);
        return ss_fail(err, "--module %s: not a spikescale model module (no %s; build it with "
                       "'nestmlc build')", path, !abi ? "ss_module_abi_version" : "ss_module_models");
    }
    if (*abi != SS_MODEL_ABI_VERSION) {
        const unsigned got = *abi;
        dlclose(h);
        return ss_fail(err, "--module %s: built for model ABI version %u, this bench-run has "
                       "version %u; rebuild it with this spikescale's 'nestmlc build'", path, got,
                       (unsigned)SS_MODEL_ABI_VERSION);
    }
    size_t n = 0;
    const ss_registry_entry *e = table(&n);
    for (size_t k = 0; k < n; k++)
        if (ss_registry_add(reg, e[k].kind, e[k].model, err) != 0) {
            dlclose(h);
            return -1;
        }
    *handle = h;
    return 0;
}

void ss_module_unload(void *handle)
{
    if (handle)
        dlclose(handle);
}
