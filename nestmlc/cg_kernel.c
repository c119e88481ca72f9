/* nestmlc/cg_kernel.c — kernels as functions of t to linear ODEs.
 *
 * A kernel is accepted as a sum of terms c·exp(lambda·t) and c·t·exp(lambda·t)
 * (exponential, alpha, beta = difference of exponentials, sums and scalings
 * of these), with c and lambda free of state and time. convolve(K, port)
 * then becomes, per term, the exact linear system
 *   exponential:  y' = lambda·y,             a spike of weight w: y += c·w
 *   alpha:        z' = lambda·z, y' = z + lambda·y,  a spike: z += c·w
 * whose y-values sum to the convolution (z·t is the alpha term: y = t·z).
 * This is NEST's form of the alpha synapse (dI' = -dI/tau, I' = dI - I/tau,
 * jump e/tau), so generated and built-in models share the same right-hand
 * sides. Other kernels (delta, powers of t, kernels given as ODEs) are
 * reported as not supported. */
#include "backend.h"

#include <string.h>

typedef struct term {
    const char *c;       /* coefficient (C text) */
    const char *lambda;  /* rate of the exponential */
    int tpow;            /* 0 or 1 */
} term;

static bool is_t(const nm_expr *e)
{
    return e->kind == NM_E_VAR && e->sym && e->sym->kind == NM_SYM_PREDEF_VAR
           && !strcmp(e->sym->name, "t");
}

/* Multiplies `e` into the term (div: divides). false if not of the form. */
static bool factor(nm_neuron *nr, const nm_expr *e, bool div, term *t)
{
    if (e->kind == NM_E_BINARY && e->op == NM_OP_MUL)
        return factor(nr, e->a, div, t) && factor(nr, e->b, div, t);
    if (e->kind == NM_E_BINARY && e->op == NM_OP_DIV && !div)
        return factor(nr, e->a, false, t) && factor(nr, e->b, true, t);
    if (e->kind == NM_E_UNARY && e->op == NM_OP_NEG) {
        t->c = nm_sprintf(nr->arena, "(-%s)", t->c);
        return factor(nr, e->a, div, t);
    }
    if (e->kind == NM_E_UNARY && e->op == NM_OP_PLUS)
        return factor(nr, e->a, div, t);
    if (is_t(e)) {
        if (div || t->tpow)
            return false;
        t->tpow = 1;
        return true;
    }
    if (e->kind == NM_E_CALL && e->call == NM_CALL_PREDEFINED && e->predef == NM_PF_EXP) {
        const char *l = nm_lin_t_coef(nr, e->args[0]);
        if (!l || t->lambda)
            return false;
        t->lambda = div ? nm_sprintf(nr->arena, "(-%s)", l) : l;
        return true;
    }
    bool ok = false;
    const char *c = nm_coef_text(nr, e, &ok);
    if (!ok)
        return false;
    t->c = nm_sprintf(nr->arena, div ? "(%s / %s)" : "(%s * %s)", t->c, c);
    return true;
}

static bool is_sum(const nm_expr *e)
{
    return e->kind == NM_E_BINARY && (e->op == NM_OP_ADD || e->op == NM_OP_SUB);
}

/* Collects the terms of `e`, each multiplied by the C factor `scale`. A
 * constant factor of a parenthesised sum (norm * (exp(..) - exp(..))) is
 * distributed over its terms. */
static bool terms(nm_neuron *nr, const nm_expr *e, const char *scale, term *out, int *n, int cap)
{
    if (is_sum(e))
        return terms(nr, e->a, scale, out, n, cap)
               && terms(nr, e->b, e->op == NM_OP_SUB ? nm_sprintf(nr->arena, "(-%s)", scale) : scale,
                        out, n, cap);
    if (e->kind == NM_E_UNARY && e->op == NM_OP_NEG)
        return terms(nr, e->a, nm_sprintf(nr->arena, "(-%s)", scale), out, n, cap);
    if (e->kind == NM_E_BINARY && (e->op == NM_OP_MUL || e->op == NM_OP_DIV)) {
        bool ok = false;
        if (is_sum(e->a)) {
            const char *c = nm_coef_text(nr, e->b, &ok);
            if (ok)
                return terms(nr, e->a, nm_sprintf(nr->arena, e->op == NM_OP_MUL ? "(%s * %s)" : "(%s / %s)",
                                                   scale, c), out, n, cap);
        }
        if (e->op == NM_OP_MUL && is_sum(e->b)) {
            const char *c = nm_coef_text(nr, e->a, &ok);
            if (ok)
                return terms(nr, e->b, nm_sprintf(nr->arena, "(%s * %s)", scale, c), out, n, cap);
        }
    }
    if (*n >= cap)
        return false;
    term t = {scale, NULL, 0};
    if (!factor(nr, e, false, &t) || !t.lambda)
        return false;
    out[(*n)++] = t;
    return true;
}

static int add_sys(nm_neuron *nr, nm_sysvar v)
{
    nm_sysvar *s = nm_alloc(nr->arena, (size_t)(nr->n_sys + 1) * sizeof *s);
    if (nr->n_sys)
        memcpy(s, nr->sys, (size_t)nr->n_sys * sizeof *s);
    s[nr->n_sys] = v;
    nr->sys = s;
    return nr->n_sys++;
}

int nm_kernel_conv(nm_neuron *nr, const nm_symbol *kernel, const nm_symbol *port, nm_pos at)
{
    for (int c = 0; c < nr->n_conv; c++)
        if (nr->conv[c].kernel == kernel && nr->conv[c].port == port)
            return c;
    const nm_kernel *k = kernel->kernel;
    if (nr->frozen) {
        nm_diag_error(nr->diags, at, "not supported: convolve() outside the equations block");
        nr->errors++;
        return -1;
    }
    if (port->kind != NM_SYM_SPIKE_PORT) {
        nm_diag_error(nr->diags, at, "not supported: convolve() with the continuous port '%s'",
                      port->name);
        nr->errors++;
        return -1;
    }
    if (!k || k->n != 1 || k->lhs[0]->order != 0) {
        nm_diag_error(nr->diags, k ? k->pos : at,
                      "not supported: kernel '%s' given as a system of ODEs (write it as a "
                      "function of t)", kernel->name);
        nr->errors++;
        return -1;
    }
    term t[8];
    int nt = 0;
    if (!terms(nr, k->rhs[0], "1.0", t, &nt, 8)) {
        nm_diag_error(nr->diags, k->rhs[0]->pos,
                      "not supported: kernel '%s': only sums of c*exp(-t/tau) and "
                      "c*t*exp(-t/tau) terms (no delta, no powers of t)", kernel->name);
        nr->errors++;
        return -1;
    }
    nm_conv cv = {kernel, port, nm_alloc(nr->arena, (size_t)nt * sizeof(int)), nt};
    const int ci = nr->n_conv;
    for (int j = 0; j < nt; j++) {
        const char *base = nt == 1 ? nm_sprintf(nr->arena, "%s__X__%s", kernel->name, port->name)
                                   : nm_sprintf(nr->arena, "%s__X__%s__%d", kernel->name,
                                                port->name, j);
        const char *lam = nm_gint_add(nr, nm_sprintf(nr->arena, "lambda__%s", base), t[j].lambda);
        const char *jmp = nm_gint_add(nr, nm_sprintf(nr->arena, "jump__%s", base), t[j].c);
        nm_sysvar y = {.kind = NM_SYS_KERNEL_Y, .name = base, .conv = ci, .lambda = lam,
                       .partner = -1};
        if (t[j].tpow) {
            nm_sysvar z = {.kind = NM_SYS_KERNEL_Z, .name = nm_sprintf(nr->arena, "%s__z", base),
                           .conv = ci, .lambda = lam, .partner = -1, .jump = jmp};
            y.partner = nr->n_sys + 1;
            cv.ys[j] = add_sys(nr, y);
            add_sys(nr, z);
        } else {
            y.jump = jmp;
            cv.ys[j] = add_sys(nr, y);
        }
    }
    nm_conv *all = nm_alloc(nr->arena, (size_t)(nr->n_conv + 1) * sizeof *all);
    if (nr->n_conv)
        memcpy(all, nr->conv, (size_t)nr->n_conv * sizeof *all);
    all[nr->n_conv++] = cv;
    nr->conv = all;
    return ci;
}
