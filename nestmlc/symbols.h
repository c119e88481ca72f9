/* nestmlc/symbols.h — symbol tables and NESTML's predefined names (NESTML.md §6).
 *
 * Scopes nest: predefined (t, e, pi) → model (state, parameters, internals,
 * inline expressions, kernels, input ports, functions) → function/handler
 * body → nested statement blocks (locals). A symbol is keyed by name and
 * differential order, so `g` and `g'` are two state variables. Each scope is a
 * small hash table in the arena, so a 10,000-variable model stays linear. */
#ifndef NM_SYMBOLS_H
#define NM_SYMBOLS_H

#include "ast.h"

typedef enum nm_symkind {
    NM_SYM_STATE, NM_SYM_PARAMETER, NM_SYM_INTERNAL, NM_SYM_INLINE, NM_SYM_KERNEL,
    NM_SYM_SPIKE_PORT, NM_SYM_CONT_PORT, NM_SYM_LOCAL, NM_SYM_FUNC_PARAM,
    NM_SYM_FUNCTION, NM_SYM_PREDEF_VAR
} nm_symkind;

/* "state variable", "parameter", ... for messages. */
const char *nm_symkind_name(nm_symkind k);

typedef struct nm_symbol {
    const char *name;
    int order;             /* apostrophes of a derivative-named state variable */
    nm_symkind kind;
    nm_type type;
    nm_pos pos;
    nm_decl *decl;         /* declaring declaration (variables, inlines) */
    nm_port *port;         /* input ports */
    nm_function *fn;       /* functions */
    nm_kernel *kernel;     /* kernels, and state variables defined by a kernel ODE */
    struct nm_ode *ode;    /* state variables: the ODE that defines them, or NULL */
    nm_expr *size;         /* vector size expression, or NULL for scalars */
    struct nm_symbol *next; /* hash chain */
} nm_symbol;

typedef struct nm_scope {
    struct nm_scope *parent;
    nm_symbol **bucket;
    int nbucket, count;
} nm_scope;

nm_scope *nm_scope_new(nm_arena *a, nm_scope *parent, int nbucket);
/* Looks only in `s`. */
nm_symbol *nm_scope_find_here(const nm_scope *s, const char *name, int order);
/* Looks in `s` and its parents. */
nm_symbol *nm_scope_find(const nm_scope *s, const char *name, int order);
/* Adds a copy of `sym` to `s` and returns it. Duplicates are the caller's
 * business (check with nm_scope_find_here first). */
nm_symbol *nm_scope_add(nm_arena *a, nm_scope *s, const nm_symbol *sym);
/* The scope of predefined variables t (ms), e, pi (real). */
nm_scope *nm_scope_predefined(nm_arena *a);

/* ---- predefined functions -------------------------------------------------------- */

typedef enum nm_predef {
    NM_PF_NONE = -1,
    NM_PF_EXP, NM_PF_LN, NM_PF_LOG10, NM_PF_EXPM1, NM_PF_SIN, NM_PF_COS, NM_PF_TAN,
    NM_PF_SINH, NM_PF_COSH, NM_PF_TANH, NM_PF_ERF, NM_PF_ERFC,
    NM_PF_CEIL, NM_PF_FLOOR, NM_PF_ROUND, NM_PF_ABS, NM_PF_MIN, NM_PF_MAX, NM_PF_CLIP,
    NM_PF_POW, NM_PF_RANDOM_NORMAL, NM_PF_RANDOM_UNIFORM, NM_PF_RANDOM_POISSON,
    NM_PF_INTEGRATE_ODES, NM_PF_EMIT_SPIKE, NM_PF_CONVOLVE, NM_PF_DELTA,
    NM_PF_RESOLUTION, NM_PF_TIMESTEP, NM_PF_STEPS,
    NM_PF_PRINT, NM_PF_PRINTLN, NM_PF_INFO, NM_PF_WARNING,
    NM_PF_COUNT
} nm_predef;

/* How the result type follows from the arguments. */
typedef enum nm_resrule {
    NM_RES_REAL,      /* real -> real math functions */
    NM_RES_SAME,      /* result = type of the first argument; args agree */
    NM_RES_POW,       /* unit of arg0 ** constant arg1 */
    NM_RES_INTEGER, NM_RES_VOID, NM_RES_MS
} nm_resrule;

typedef struct nm_predef_info {
    const char *name;
    int min_args, max_args; /* max -1 = any */
    nm_resrule result;
} nm_predef_info;

/* NM_PF_NONE if `name` is not predefined. */
nm_predef nm_predef_lookup(const char *name);
const nm_predef_info *nm_predef_get(nm_predef f);

#endif
