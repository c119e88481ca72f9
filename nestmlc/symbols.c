/* nestmlc/symbols.c — scopes and the predefined names (see symbols.h). */
#include "symbols.h"

#include <string.h>

const char *nm_symkind_name(nm_symkind k)
{
    static const char *const names[] = {
        "state variable", "parameter", "internal", "inline expression", "kernel",
        "spiking input port", "continuous input port", "local variable",
        "function parameter", "function", "predefined variable" };
    return names[k];
}

static unsigned hash(const char *s, int order)
{
    unsigned h = 2166136261u ^ (unsigned)order;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

nm_scope *nm_scope_new(nm_arena *a, nm_scope *parent, int nbucket)
{
    nm_scope *s = nm_alloc(a, sizeof *s);
    s->parent = parent;
    s->nbucket = nbucket > 0 ? nbucket : 1;
    s->bucket = nm_alloc(a, sizeof *s->bucket * (size_t)s->nbucket);
    return s;
}

nm_symbol *nm_scope_find_here(const nm_scope *s, const char *name, int order)
{
    for (nm_symbol *y = s->bucket[hash(name, order) % (unsigned)s->nbucket]; y; y = y->next)
        if (y->order == order && strcmp(y->name, name) == 0) return y;
    return NULL;
}

nm_symbol *nm_scope_find(const nm_scope *s, const char *name, int order)
{
    for (; s; s = s->parent) {
        nm_symbol *y = nm_scope_find_here(s, name, order);
        if (y) return y;
    }
    return NULL;
}

nm_symbol *nm_scope_add(nm_arena *a, nm_scope *s, const nm_symbol *sym)
{
    nm_symbol *y = nm_alloc(a, sizeof *y);
    *y = *sym;
    unsigned b = hash(y->name, y->order) % (unsigned)s->nbucket;
    y->next = s->bucket[b];
    s->bucket[b] = y;
    s->count++;
    return y;
}

nm_scope *nm_scope_predefined(nm_arena *a)
{
    nm_scope *s = nm_scope_new(a, NULL, 7);
    nm_unit ms;
    nm_unit_lookup("ms", &ms);
    nm_symbol t = { .name = "t", .kind = NM_SYM_PREDEF_VAR,
                    .type = { NM_TY_UNIT, ms } };
    nm_scope_add(a, s, &t);
    nm_symbol e = { .name = "e", .kind = NM_SYM_PREDEF_VAR,
                    .type = { NM_TY_REAL, nm_unit_one() } };
    nm_scope_add(a, s, &e);
    e.name = "pi";
    nm_scope_add(a, s, &e);
    return s;
}

static const nm_predef_info predefs[NM_PF_COUNT] = {
    [NM_PF_EXP] = { "exp", 1, 1, NM_RES_REAL },
    [NM_PF_LN] = { "ln", 1, 1, NM_RES_REAL },
    [NM_PF_LOG10] = { "log10", 1, 1, NM_RES_REAL },
    [NM_PF_EXPM1] = { "expm1", 1, 1, NM_RES_REAL },
    [NM_PF_SIN] = { "sin", 1, 1, NM_RES_REAL },
    [NM_PF_COS] = { "cos", 1, 1, NM_RES_REAL },
    [NM_PF_TAN] = { "tan", 1, 1, NM_RES_REAL },
    [NM_PF_SINH] = { "sinh", 1, 1, NM_RES_REAL },
    [NM_PF_COSH] = { "cosh", 1, 1, NM_RES_REAL },
    [NM_PF_TANH] = { "tanh", 1, 1, NM_RES_REAL },
    [NM_PF_ERF] = { "erf", 1, 1, NM_RES_REAL },
    [NM_PF_ERFC] = { "erfc", 1, 1, NM_RES_REAL },
    [NM_PF_CEIL] = { "ceil", 1, 1, NM_RES_SAME },
    [NM_PF_FLOOR] = { "floor", 1, 1, NM_RES_SAME },
    [NM_PF_ROUND] = { "round", 1, 1, NM_RES_SAME },
    [NM_PF_ABS] = { "abs", 1, 1, NM_RES_SAME },
    [NM_PF_MIN] = { "min", 2, 2, NM_RES_SAME },
    [NM_PF_MAX] = { "max", 2, 2, NM_RES_SAME },
    [NM_PF_CLIP] = { "clip", 3, 3, NM_RES_SAME },
    [NM_PF_POW] = { "pow", 2, 2, NM_RES_POW },
    [NM_PF_RANDOM_NORMAL] = { "random_normal", 2, 2, NM_RES_SAME },
    [NM_PF_RANDOM_UNIFORM] = { "random_uniform", 2, 2, NM_RES_SAME },
    [NM_PF_RANDOM_POISSON] = { "random_poisson", 1, 1, NM_RES_INTEGER },
    [NM_PF_INTEGRATE_ODES] = { "integrate_odes", 0, -1, NM_RES_VOID },
    [NM_PF_EMIT_SPIKE] = { "emit_spike", 0, 1, NM_RES_VOID },
    [NM_PF_CONVOLVE] = { "convolve", 2, 2, NM_RES_REAL },
    [NM_PF_DELTA] = { "delta", 1, 1, NM_RES_REAL },
    [NM_PF_RESOLUTION] = { "resolution", 0, 0, NM_RES_MS },
    [NM_PF_TIMESTEP] = { "timestep", 0, 0, NM_RES_MS },
    [NM_PF_STEPS] = { "steps", 1, 1, NM_RES_INTEGER },
    [NM_PF_PRINT] = { "print", 1, 1, NM_RES_VOID },
    [NM_PF_PRINTLN] = { "println", 0, 1, NM_RES_VOID },
    [NM_PF_INFO] = { "info", 1, 1, NM_RES_VOID },
    [NM_PF_WARNING] = { "warning", 1, 1, NM_RES_VOID },
};

nm_predef nm_predef_lookup(const char *name)
{
    for (int k = 0; k < NM_PF_COUNT; k++)
        if (strcmp(predefs[k].name, name) == 0) return (nm_predef)k;
    return NM_PF_NONE;
}

const nm_predef_info *nm_predef_get(nm_predef f) { return &predefs[f]; }
