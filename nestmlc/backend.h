/* nestmlc/backend.h — the code generator's view of one checked neuron model.
 *
 * Analysis (cg_analyze.c) turns the checked AST into a system of first-order
 * ODEs over "system variables": the user's state variables with ODEs and the
 * kernel states that `convolve(K, port)` introduces (cg_kernel.c), each with
 * a linear form (cg_linear.c) where its right-hand side is linear with
 * constant coefficients. Classification (NESTML-CODEGEN.md §2): a variable is
 * exact if its form exists and every variable it depends on is exact; the
 * rest is integrated numerically. Code generation (codegen_neuron.c) reads
 * only this structure and the AST. Everything lives in the frontend's arena.
 * docs/codegen.md describes the scheme and the generated code. */
#ifndef NM_BACKEND_H
#define NM_BACKEND_H

#include <stdio.h>

#include "ast.h"
#include "frontend.h"
#include "symbols.h"

/* An affine form sum_j coef[j]·sysvar_j + sum_u ucoef[u]·input_u, where
 * input 0 is the constant 1 and input 1+k is continuous port k. Coefficients
 * are C expressions over parameters and internals (q->X, d->X), or NULL
 * for zero. ok is false where the expression is not such a form. */
typedef struct nm_lin {
    bool ok;
    const char **coef;   /* n_sys entries */
    const char **ucoef;  /* n_inputs entries */
} nm_lin;

typedef enum nm_sys_kind {
    NM_SYS_USER,     /* a state variable with a first-order ODE */
    NM_SYS_KERNEL_Y, /* value state of one kernel term: y' = z + lambda y (alpha) or lambda y */
    NM_SYS_KERNEL_Z  /* exponential factor of an alpha term: z' = lambda z */
} nm_sys_kind;

typedef struct nm_sysvar {
    nm_sys_kind kind;
    const char *name;        /* C identifier part and state name */
    const nm_symbol *sym;    /* USER: the state variable */
    nm_expr *rhs;            /* USER: the ODE's right-hand side */
    int conv;                /* KERNEL_*: index of the convolution */
    const char *lambda;      /* KERNEL_*: internal holding the decay rate (1/ms, negative) */
    int partner;             /* KERNEL_Y of an alpha term: index of its Z; else -1 */
    const char *jump;        /* state receiving the spike jump: internal holding w-factor, or NULL */
    nm_lin lin;
    bool *deps;              /* deps[k]: the right-hand side reads system variable k */
    bool exact;
} nm_sysvar;

/* One `convolve(K, port)` pair: its value is the sum of its Y states. */
typedef struct nm_conv {
    const nm_symbol *kernel;
    const nm_symbol *port;
    int *ys;
    int nys;
} nm_conv;

/* A spike port and its receptor. */
typedef struct nm_rport {
    const nm_port *port;
    bool negate;             /* inhibitory: weights arrive negative, stored as magnitudes */
} nm_rport;

/* A distinct argument set of integrate_odes() (NESTML compiles one solver
 * per set): sel[j] says whether system variable j is integrated. */
typedef struct nm_iset {
    bool *sel;
    bool numeric;            /* some selected variable is numeric */
    int *rk;                 /* system variables in the RKF45 state vector */
    int nrk;
} nm_iset;

/* An internal computed at calibrate time by the generated code (beyond the
 * user's internals): name and C expression. */
typedef struct nm_gint {
    const char *name;
    const char *expr;
} nm_gint;

typedef struct nm_neuron {
    nm_arena *arena;
    nm_diags *diags;
    const nm_model *m;
    const char *reg_name;    /* registered name: <name minus _neuron>_nestml */
    const char *cname;       /* C identifier prefix */
    nm_sysvar *sys;
    int n_sys;
    nm_conv *conv;
    int n_conv;
    const nm_port **cports;  /* continuous ports (inputs 1..) */
    int n_cports;
    int n_inputs;            /* 1 + n_cports */
    nm_rport *rports;
    int n_rports;
    bool route_by_sign;
    nm_iset *isets;
    int n_isets;
    bool any_numeric;
    nm_gint *gints;
    int n_gints, cap_gints;
    int errors;              /* "not supported" diagnostics issued */
    bool frozen;             /* system complete: no new convolutions */
    const nm_expr **icalls;  /* integrate_odes() calls of the update block ... */
    int *icall_set;          /* ... and their argument sets */
    int n_icalls;
    /* co-generation: the post-trace time constant a paired synapse moves
     * into this neuron (its post_trace_tau), or NULL */
    const char *extra_param;
    double extra_default;
    bool gints_frozen;       /* reciprocals: look up only (after analysis) */
} nm_neuron;

/* Builds the analysis of `m` (a checked neuron). Unsupported constructs are
 * reported as `not supported: ...` errors with their position; returns
 * false if any was. */
bool nm_analyze_neuron(nm_neuron *nr, nm_arena *a, nm_diags *d, const nm_model *m);

/* The generated internal holding 1/(den) for a state-free divisor `den`
 * (C text in the calibrate context); created during analysis, looked up
 * afterwards. NULL if there is none. */
const char *nm_recip(nm_neuron *nr, const char *den);
/* Adds a generated internal and returns its name. */
const char *nm_gint_add(nm_neuron *nr, const char *prefix, const char *expr);

/* ---- expressions (cg_expr.c) ---- */

/* How symbols are written in the C context being generated. Returns the C
 * text for a reference to `sym` (expression `e`), or NULL if not allowed
 * there (the emitter then reports `not supported`). */
typedef struct nm_emitctx {
    const char *(*var)(void *ud, const nm_symbol *sym, const nm_expr *e);
    /* C text of system variable j (kernel states of convolve()), or NULL */
    const char *(*sysvar)(void *ud, int j);
    void *ud;
    const char *h;           /* C text of resolution()/timestep() or NULL */
    nm_neuron *nr;           /* for diagnostics and convolutions */
    bool recip;              /* divisions by state-free expressions become products with
                              * reciprocals computed at calibrate time (right-hand sides:
                              * as the built-in models, no division in the solver's stages) */
    bool vec;                /* SS_LANES-wide code (ss_vd values, ss_vm masks): what is not
                              * expressible fails silently, the caller falls back to scalar */
    const char *pow_fn;      /* function written for x**y and pow(x, y); NULL: libm's pow.
                              * Synapses use an inline one that returns x and 1 for the
                              * exponents 1 and 0 without calling pow (the same values) */
    bool failed;
} nm_emitctx;

/* C text of `e`, fully parenthesised; inline expressions are expanded. */
const char *nm_emit_expr(nm_emitctx *c, const nm_expr *e);
/* Folds a constant expression (numbers, units, inf, e, pi, arithmetic,
 * parameters through `env`); false if not constant. */
bool nm_eval_const(const nm_expr *e, double (*env)(void *ud, const nm_symbol *s, bool *ok),
                   void *ud, double *out);
/* Does `e` (inlines expanded) mention a symbol of kind `k`? */
bool nm_expr_mentions(const nm_expr *e, nm_symkind k);
/* Vector code: `text` (the emission of e) as an ss_vd. */
const char *nm_vwrap(nm_arena *a, const nm_expr *e, const char *text);
/* Free of state, inputs, locals and t (constant over a step)? */
bool nm_state_free(const nm_expr *e);
/* Text of an expression as NESTML source (for messages). */
const char *nm_expr_text(nm_arena *a, const nm_expr *e);

/* ---- linear forms (cg_linear.c) ---- */

nm_lin nm_lin_of(nm_neuron *nr, const nm_expr *e);
/* C text of a state-free expression in the calibrate context (q->, d->);
 * *ok false (silently) if it is not one. */
const char *nm_coef_text(nm_neuron *nr, const nm_expr *e, bool *ok);
/* Coefficient of t in `e` if e is c·t with c t-free (kernels), else NULL. */
const char *nm_lin_t_coef(nm_neuron *nr, const nm_expr *e);

/* ---- kernels (cg_kernel.c) ---- */

/* Adds the system variables of convolve(kernel, port); returns the conv index or -1. */
int nm_kernel_conv(nm_neuron *nr, const nm_symbol *kernel, const nm_symbol *port, nm_pos at);

/* ---- C generation (codegen_neuron.c) ---- */

typedef struct nm_genmeta {
    const char *source_path;
    const char *source_sha256;
    const char *version;
} nm_genmeta;

/* Writes the C source of the analysed neuron; false on failure (diagnosed). */
bool nm_codegen_neuron(nm_neuron *nr, const nm_genmeta *meta, FILE *out);

/* ---- helpers ---- */
void nm_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
