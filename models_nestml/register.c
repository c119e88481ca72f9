/* models_nestml/register.c — adds the generated models to a registry. */
#include "nestml_models.h"

int ss_nestml_register(ss_registry *reg, ss_err *err)
{
    size_t n = 0;
    const ss_registry_entry *e = ss_nestml_models(&n);
    for (size_t k = 0; k < n; k++)
        if (ss_registry_add(reg, e[k].kind, e[k].model, err) != 0)
            return -1;
    return 0;
}
