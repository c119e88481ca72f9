/* nestmlc/cg_linear.c — affine forms of right-hand sides.
 *
 * An expression is decomposed into sum_j a_j·x_j + sum_u b_u·u_u over the
 * system variables x (state with ODEs, kernel states) and the inputs u
 * (the constant 1 and the continuous ports), where every coefficient is free
 * of state and time (so it can be evaluated once at calibrate time). This is
 * the "linear with constant coefficients" test of NESTML-CODEGEN.md §2, done
 * structurally: sums, differences, negation, products with one constant
 * factor and quotients by a constant. Anything else that depends on state
 * makes the form fail (the variable is then integrated numerically). */
#include "backend.h"

#include <string.h>

/* Coefficient context: parameters, internals, h. */
static const char *coef_var(void *ud, const nm_symbol *s, const nm_expr *e)
{
    nm_neuron *nr = ud;
    (void)e;
    if (s->kind == NM_SYM_PARAMETER)
        return nm_sprintf(nr->arena, "q->%s", s->name);
    if (s->kind == NM_SYM_INTERNAL)
        return nm_sprintf(nr->arena, "d->%s", s->name);
    return NULL;
}

/* Is `e` free of state, time and inputs (inlines expanded)? */
static bool is_const(const nm_expr *e)
{
    if (nm_expr_mentions(e, NM_SYM_STATE) || nm_expr_mentions(e, NM_SYM_CONT_PORT)
        || nm_expr_mentions(e, NM_SYM_SPIKE_PORT) || nm_expr_mentions(e, NM_SYM_LOCAL))
        return false;
    return true;
}

static bool mentions_t(const nm_expr *e)
{
    if (!e)
        return false;
    switch (e->kind) {
    case NM_E_VAR:
        if (e->sym && e->sym->kind == NM_SYM_PREDEF_VAR && !strcmp(e->sym->name, "t"))
            return true;
        if (e->sym && e->sym->kind == NM_SYM_INLINE && e->sym->decl)
            return mentions_t(e->sym->decl->init);
        return false;
    case NM_E_CALL:
        for (int i = 0; i < e->nargs; i++)
            if (mentions_t(e->args[i]))
                return true;
        return false;
    case NM_E_UNARY:
        return mentions_t(e->a);
    case NM_E_BINARY:
        return mentions_t(e->a) || mentions_t(e->b);
    case NM_E_TERNARY:
        return mentions_t(e->a) || mentions_t(e->b) || mentions_t(e->c);
    default:
        return false;
    }
}

const char *nm_coef_text(nm_neuron *nr, const nm_expr *e, bool *ok)
{
    nm_emitctx c = {.var = coef_var, .ud = nr, .h = "d->h", .nr = nr};
    /* silent: a failure only means "not a constant coefficient" */
    int errors = nr->errors;
    nm_diags *saved = nr->diags;
    nm_diags sink;
    nm_diags_init(&sink, NULL);
    nr->diags = &sink;
    const char *s = nm_emit_expr(&c, e);
    nr->diags = saved;
    nm_diags_free(&sink);
    nr->errors = errors;
    *ok = !c.failed;
    return s;
}

/* ---- the form algebra ---- */

typedef struct lspace {
    int n;                                  /* number of variables */
    int (*index)(nm_neuron *nr, const nm_expr *var, bool *is_var); /* var slot or -1 */
} lspace;

typedef struct form {
    bool ok;
    const char **c; /* n + 1 entries: [0] constant, [1 + k] variable k */
} form;

static form form_new(nm_neuron *nr, int n)
{
    form f = {true, nm_alloc(nr->arena, (size_t)(n + 1) * sizeof(char *))};
    return f;
}

static const char *scale(nm_neuron *nr, const char *coef, const char *by, bool div, bool left)
{
    if (!coef)
        return NULL;
    if (div)
        return nm_sprintf(nr->arena, "(%s / %s)", coef, by);
    if (!strcmp(coef, "1.0"))
        return by;
    return left ? nm_sprintf(nr->arena, "(%s * %s)", by, coef)
                : nm_sprintf(nr->arena, "(%s * %s)", coef, by);
}

static form lin(nm_neuron *nr, const lspace *sp, const nm_expr *e)
{
    form r = form_new(nr, sp->n);
    bool isvar = false;
    if (e->kind == NM_E_VAR && e->sym && e->sym->kind == NM_SYM_INLINE && e->sym->decl)
        return lin(nr, sp, e->sym->decl->init);
    if (e->kind == NM_E_VAR || e->kind == NM_E_CALL) {
        int k = sp->index(nr, e, &isvar);
        if (isvar) {
            if (k < 0)
                r.ok = false;
            else if (k >= 1000000) { /* a convolution: sum of several slots */
                const nm_conv *cv = &nr->conv[k - 1000000];
                for (int j = 0; j < cv->nys; j++)
                    r.c[1 + cv->ys[j]] = "1.0";
            } else
                r.c[1 + k] = "1.0";
            return r;
        }
    }
    switch (e->kind) {
    case NM_E_UNARY:
        if (e->op == NM_OP_PLUS || e->op == NM_OP_NEG) {
            form a = lin(nr, sp, e->a);
            if (e->op == NM_OP_NEG)
                for (int k = 0; k <= sp->n; k++)
                    if (a.c[k])
                        a.c[k] = nm_sprintf(nr->arena, "(-%s)", a.c[k]);
            return a;
        }
        break;
    case NM_E_BINARY: {
        if (e->op == NM_OP_ADD || e->op == NM_OP_SUB) {
            form a = lin(nr, sp, e->a), b = lin(nr, sp, e->b);
            if (!a.ok || !b.ok) {
                r.ok = false;
                return r;
            }
            const char *op = e->op == NM_OP_ADD ? "+" : "-";
            for (int k = 0; k <= sp->n; k++) {
                if (a.c[k] && b.c[k])
                    r.c[k] = nm_sprintf(nr->arena, "(%s %s %s)", a.c[k], op, b.c[k]);
                else if (a.c[k])
                    r.c[k] = a.c[k];
                else if (b.c[k])
                    r.c[k] = e->op == NM_OP_ADD ? b.c[k] : nm_sprintf(nr->arena, "(-%s)", b.c[k]);
            }
            return r;
        }
        if (e->op == NM_OP_MUL || e->op == NM_OP_DIV) {
            bool ok_b = false, ok_a = false;
            const char *cb = (!mentions_t(e->b) && is_const(e->b)) ? nm_coef_text(nr, e->b, &ok_b) : NULL;
            if (ok_b) {
                form a = lin(nr, sp, e->a);
                for (int k = 0; k <= sp->n; k++)
                    a.c[k] = scale(nr, a.c[k], cb, e->op == NM_OP_DIV, false);
                return a;
            }
            if (e->op == NM_OP_MUL) {
                const char *ca = (!mentions_t(e->a) && is_const(e->a)) ? nm_coef_text(nr, e->a, &ok_a) : NULL;
                if (ok_a) {
                    form b = lin(nr, sp, e->b);
                    for (int k = 0; k <= sp->n; k++)
                        b.c[k] = scale(nr, b.c[k], ca, false, true);
                    return b;
                }
            }
        }
        break;
    }
    default:
        break;
    }
    /* no state: a constant term */
    bool ok = false;
    if (!mentions_t(e) && is_const(e)) {
        r.c[0] = nm_coef_text(nr, e, &ok);
        if (ok)
            return r;
        r.c[0] = NULL;
    }
    r.ok = false;
    return r;
}

/* Slots of the system: sysvars 0..n_sys-1, then continuous ports. */
static int sys_index(nm_neuron *nr, const nm_expr *e, bool *is_var)
{
    *is_var = false;
    if (e->kind == NM_E_CALL) {
        if (e->call == NM_CALL_PREDEFINED && e->predef == NM_PF_CONVOLVE) {
            *is_var = true;
            for (int c = 0; c < nr->n_conv; c++)
                if (nr->conv[c].kernel == e->args[0]->sym && nr->conv[c].port == e->args[1]->sym)
                    return 1000000 + c;
            return -1;
        }
        return -1;
    }
    const nm_symbol *s = e->sym;
    if (!s || e->is_unit)
        return -1;
    if (s->kind == NM_SYM_STATE) {
        *is_var = true;
        for (int j = 0; j < nr->n_sys; j++)
            if (nr->sys[j].kind == NM_SYS_USER && nr->sys[j].sym == s)
                return j;
        return -1;
    }
    if (s->kind == NM_SYM_CONT_PORT) {
        *is_var = true;
        for (int k = 0; k < nr->n_cports; k++)
            if (nr->cports[k]->sym == s || !strcmp(nr->cports[k]->name, s->name))
                return nr->n_sys + k;
        return -1;
    }
    if (s->kind == NM_SYM_SPIKE_PORT || s->kind == NM_SYM_LOCAL) {
        *is_var = true;
        return -1;
    }
    if (s->kind == NM_SYM_PREDEF_VAR && !strcmp(s->name, "t")) {
        *is_var = true;
        return -1;
    }
    return -1;
}

nm_lin nm_lin_of(nm_neuron *nr, const nm_expr *e)
{
    lspace sp = {nr->n_sys + nr->n_cports, sys_index};
    form f = lin(nr, &sp, e);
    nm_lin l = {f.ok, NULL, NULL};
    l.coef = nm_alloc(nr->arena, (size_t)nr->n_sys * sizeof(char *));
    l.ucoef = nm_alloc(nr->arena, (size_t)nr->n_inputs * sizeof(char *));
    if (!f.ok)
        return l;
    for (int j = 0; j < nr->n_sys; j++)
        l.coef[j] = f.c[1 + j];
    l.ucoef[0] = f.c[0];
    for (int k = 0; k < nr->n_cports; k++)
        l.ucoef[1 + k] = f.c[1 + nr->n_sys + k];
    return l;
}

static int t_index(nm_neuron *nr, const nm_expr *e, bool *is_var)
{
    (void)nr;
    *is_var = false;
    if (e->kind == NM_E_VAR && e->sym && e->sym->kind == NM_SYM_PREDEF_VAR
        && !strcmp(e->sym->name, "t")) {
        *is_var = true;
        return 0;
    }
    return -1;
}

const char *nm_lin_t_coef(nm_neuron *nr, const nm_expr *e)
{
    lspace sp = {1, t_index};
    form f = lin(nr, &sp, e);
    if (!f.ok || f.c[0] || !f.c[1])
        return NULL;
    return f.c[1];
}
