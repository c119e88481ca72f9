/* nestmlc/codegen_neuron.c — C for one analysed neuron (engine/model.h).
 *
 * The generated file mirrors the hand-written models (models_builtin/): one
 * SoA array per state variable, parameters and internals stored once per
 * population and copied to locals in update(), propagators computed at
 * calibrate time with ss_expm(), the numeric part integrated by the engine's
 * RKF45 (engine/rkf45.h) with a right-hand side the compiler inlines, and the
 * per-step order of NESTML-CODEGEN.md §3:
 *   update block (integrate_odes: exact variables by propagators from the
 *   start-of-step values, numeric ones by RKF45 over them and the exact
 *   variables they read, unselected derivatives zero) → kernel states
 *   propagated exactly → this step's spikes jump the kernel states →
 *   instability check → onCondition blocks in source order → spike at the
 *   end of the step; this step's continuous input drives the next step.
 * docs/codegen.md shows an example. */
#include "backend.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct gen {
    nm_neuron *nr;
    FILE *out;
    const char *P;           /* C prefix: the registered name */
    int rk_set;              /* iset whose RHS is being emitted, or -1 */
    bool in_rhs;
    bool vec;                /* emitting SS_LANES-wide code */
    bool vec_failed;         /* something had no vector form */
    int masks;               /* lane masks named so far */
} gen;

static void out(gen *g, int indent, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void out(gen *g, int indent, const char *fmt, ...)
{
    for (int k = 0; k < indent; k++)
        fputs("    ", g->out);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(g->out, fmt, ap);
    va_end(ap);
}

static void unsupported(nm_neuron *nr, nm_pos pos, const char *what)
{
    nm_diag_error(nr->diags, pos, "not supported: %s", what);
    nr->errors++;
}

/* A C string literal body for `s`. */
static const char *c_str(nm_arena *a, const char *s)
{
    size_t n = strlen(s);
    char *o = nm_alloc(a, 4 * n + 1), *w = o;
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            *w++ = '\\', *w++ = *s;
        else if (*s == '%')
            *w++ = '%', *w++ = '%';
        else if (*s == '\n')
            *w++ = ' ';
        else
            *w++ = *s;
    }
    *w = 0;
    return o;
}

static const char *const c_keywords[] = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch",
    "typedef", "union", "unsigned", "void", "volatile", "while", "h", "tol", NULL};

/* A NESTML name as a C identifier part ($ is legal in NESTML names). */
static const char *cid(nm_arena *a, const char *name)
{
    size_t n = strlen(name);
    char *o = nm_alloc(a, 8 * n + 2), *w = o;
    for (const char *s = name; *s; s++) {
        if (*s == '$') {
            memcpy(w, "__dollar", 8);
            w += 8;
        } else {
            *w++ = *s;
        }
    }
    for (int k = 0; c_keywords[k]; k++)
        if (!strcmp(o, c_keywords[k]))
            *w++ = '_';
    *w = 0;
    return o;
}

/* ---- symbol mappings ---- */

static int sys_of_sym(const nm_neuron *nr, const nm_symbol *s)
{
    for (int j = 0; j < nr->n_sys; j++)
        if (nr->sys[j].kind == NM_SYS_USER && nr->sys[j].sym == s)
            return j;
    return -1;
}

static int rk_slot(const nm_iset *is, int j)
{
    for (int k = 0; k < is->nrk; k++)
        if (is->rk[k] == j)
            return k;
    return -1;
}

/* calibrate: parameters, internals */
static const char *cal_var(void *ud, const nm_symbol *s, const nm_expr *e)
{
    gen *g = ud;
    (void)e;
    if (s->kind == NM_SYM_PARAMETER)
        return nm_sprintf(g->nr->arena, "q->%s", cid(g->nr->arena, s->name));
    if (s->kind == NM_SYM_INTERNAL)
        return nm_sprintf(g->nr->arena, "d->%s", cid(g->nr->arena, s->name));
    return NULL;
}

/* one neuron's step: locals s_ (state), l_ (locals), in_ (continuous input) */
static const char *step_var(void *ud, const nm_symbol *s, const nm_expr *e)
{
    gen *g = ud;
    nm_arena *a = g->nr->arena;
    switch (s->kind) {
    case NM_SYM_STATE: return nm_sprintf(a, "s_%s", cid(a, s->name));
    case NM_SYM_LOCAL: return nm_sprintf(a, "l_%s", cid(a, s->name));
    case NM_SYM_CONT_PORT: return nm_sprintf(a, "in_%s", cid(a, s->name));
    default: return cal_var(ud, s, e);
    }
}

static const char *step_sysvar(void *ud, int j)
{
    gen *g = ud;
    return nm_sprintf(g->nr->arena, "s_%s", cid(g->nr->arena, g->nr->sys[j].name));
}

/* the right-hand side of iset g->rk_set: the solver's y[] */
static const char *rhs_sysvar(void *ud, int j)
{
    gen *g = ud;
    int k = rk_slot(&g->nr->isets[g->rk_set], j);
    return k < 0 ? NULL : nm_sprintf(g->nr->arena, "y[%d]", k);
}

static const char *rhs_var(void *ud, const nm_symbol *s, const nm_expr *e)
{
    gen *g = ud;
    nm_arena *a = g->nr->arena;
    if (s->kind == NM_SYM_STATE) {
        int j = sys_of_sym(g->nr, s);
        return j < 0 ? NULL : rhs_sysvar(ud, j);
    }
    if (s->kind == NM_SYM_CONT_PORT)
        return nm_sprintf(a, "c->in_%s", cid(a, s->name));
    return cal_var(ud, s, e);
}

static const char *emit_in(gen *g, const nm_expr *e, int which)
{
    nm_emitctx c = {.ud = g, .nr = g->nr, .vec = g->vec};
    if (which == 0) {
        c.var = cal_var;
        c.h = "d->h";
    } else if (which == 1) {
        c.var = step_var;
        c.sysvar = step_sysvar;
        c.h = "d->h";
    } else {
        c.var = rhs_var;
        c.sysvar = rhs_sysvar;
        c.h = "d->h";
        c.recip = true;
    }
    const char *r = nm_emit_expr(&c, e);
    if (c.failed && g->vec)
        g->vec_failed = true;
    return r;
}

/* ---- constant folding of defaults ---- */

typedef struct defenv {
    const nm_model *m;
    double *vals;   /* parameter defaults, in declaration order */
    int nvals;
} defenv;

static double def_lookup(void *ud, const nm_symbol *s, bool *ok)
{
    defenv *de = ud;
    int k = 0;
    for (int i = 0; i < de->m->parameters.n; i++)
        for (int j = 0; j < de->m->parameters.v[i]->nvars; j++, k++)
            if (de->m->parameters.v[i]->vars[j].sym == s && k < de->nvals) {
                *ok = true;
                return de->vals[k];
            }
    *ok = false;
    return 0;
}

static const char *unit_text(nm_arena *a, const nm_decl *d)
{
    if (!d->type || d->type->resolved.kind != NM_TY_UNIT)
        return "1";
    char buf[128];
    nm_unit_format(nm_unit_canonical(d->type->resolved.unit), buf, sizeof buf);
    return nm_strdup(a, buf);
}

static const char *dbl(nm_arena *a, double v)
{
    if (isinf(v))
        return v > 0 ? "INFINITY" : "-INFINITY";
    return nm_sprintf(a, "%.17g", v);
}

/* ---- pieces of the file ---- */

typedef struct pvar { const char *name; const nm_decl *decl; const nm_symbol *sym; } pvar;

static int list_vars(nm_arena *a, const nm_decls *ds, pvar **outv)
{
    int n = 0;
    for (int i = 0; i < ds->n; i++)
        n += ds->v[i]->nvars;
    pvar *v = nm_alloc(a, (size_t)(n + 1) * sizeof *v);
    int k = 0;
    for (int i = 0; i < ds->n; i++)
        for (int j = 0; j < ds->v[i]->nvars; j++)
            v[k++] = (pvar){ds->v[i]->vars[j].name, ds->v[i], ds->v[i]->vars[j].sym};
    *outv = v;
    return n;
}

/* Propagator set 0 covers the kernel states; set 1 + s the exact user
 * variables integrated by argument set s. */
static bool row_in_set(const nm_neuron *nr, int set, int j)
{
    if (!nr->sys[j].exact)
        return false;
    if (nr->sys[j].kind != NM_SYS_USER)
        return true;
    return set > 0 && nr->isets[set - 1].sel[j];
}

static bool row_is_dynamic(const nm_neuron *nr, int j)
{
    for (int k = 0; k < nr->n_sys; k++)
        if (nr->sys[j].lin.coef[k])
            return true;
    return false;
}

/* reach[k]: system variable k influences row j's propagation in set `set` */
static void reach_of(const nm_neuron *nr, int set, int j, bool *reach)
{
    memset(reach, 0, (size_t)nr->n_sys * sizeof *reach);
    reach[j] = true;
    for (bool grew = true; grew;) {
        grew = false;
        for (int r = 0; r < nr->n_sys; r++)
            if (reach[r] && row_in_set(nr, set, r))
                for (int k = 0; k < nr->n_sys; k++)
                    if (nr->sys[r].lin.coef[k] && !reach[k]) {
                        reach[k] = true;
                        grew = true;
                    }
    }
}

static bool input_reached(const nm_neuron *nr, const bool *reach, int u)
{
    for (int k = 0; k < nr->n_sys; k++)
        if (reach[k] && nr->sys[k].exact && nr->sys[k].lin.ucoef[u])
            return true;
    return false;
}

static const char *input_name(const nm_neuron *nr, int u)
{
    return u == 0 ? "1" : nr->cports[u - 1]->name;
}

static const char *pname(gen *g, int set, int r, const char *col)
{
    nm_arena *a = g->nr->arena;
    return nm_sprintf(a, "P%d__%s__%s", set, cid(a, g->nr->sys[r].name), cid(a, col));
}

/* Rows that get propagators in `set`. */
static bool row_propagated(const nm_neuron *nr, int set, int j)
{
    if (!row_in_set(nr, set, j) || !row_is_dynamic(nr, j))
        return false;
    return set == 0 ? nr->sys[j].kind != NM_SYS_USER : nr->sys[j].kind == NM_SYS_USER;
}

static void emit_prop_fields(gen *g)
{
    nm_neuron *nr = g->nr;
    bool *reach = nm_alloc(nr->arena, (size_t)nr->n_sys * sizeof *reach);
    for (int set = 0; set <= nr->n_isets; set++)
        for (int r = 0; r < nr->n_sys; r++) {
            if (!row_propagated(nr, set, r))
                continue;
            reach_of(nr, set, r, reach);
            for (int k = 0; k < nr->n_sys; k++)
                if (reach[k] && nr->sys[k].exact)
                    out(g, 1, "double %s;\n", pname(g, set, r, nr->sys[k].name));
            for (int u = 0; u < nr->n_inputs; u++)
                if (input_reached(nr, reach, u))
                    out(g, 1, "double %s;\n", pname(g, set, r, input_name(nr, u)));
        }
}

static bool set_has_rows(const nm_neuron *nr, int set)
{
    for (int r = 0; r < nr->n_sys; r++)
        if (row_propagated(nr, set, r))
            return true;
    return false;
}

/* calibrate: A·h of each set, its exponential, the used entries */
static void emit_prop_calc(gen *g)
{
    nm_neuron *nr = g->nr;
    int *ex = nm_alloc(nr->arena, (size_t)(nr->n_sys + 1) * sizeof *ex);
    int ne = 0;
    for (int j = 0; j < nr->n_sys; j++)
        ex[j] = nr->sys[j].exact ? ne++ : -1;
    const int N = ne + nr->n_inputs;
    bool *reach = nm_alloc(nr->arena, (size_t)nr->n_sys * sizeof *reach);
    for (int set = 0; set <= nr->n_isets; set++) {
        if (!set_has_rows(nr, set))
            continue;
        out(g, 1, "{\n");
        out(g, 2, "/* propagators of set %d: exp(A h) over the exact variables and inputs */\n", set);
        out(g, 2, "double A[%d] = {0}, P[%d];\n", N * N, N * N);
        for (int r = 0; r < nr->n_sys; r++) {
            if (!row_in_set(nr, set, r))
                continue;
            for (int k = 0; k < nr->n_sys; k++)
                if (nr->sys[r].lin.coef[k])
                    out(g, 2, "A[%d] = %s * h;\n", ex[r] * N + ex[k], nr->sys[r].lin.coef[k]);
            for (int u = 0; u < nr->n_inputs; u++)
                if (nr->sys[r].lin.ucoef[u])
                    out(g, 2, "A[%d] = %s * h;\n", ex[r] * N + ne + u, nr->sys[r].lin.ucoef[u]);
        }
        out(g, 2, "if (ss_expm(%d, A, P) != 0)\n", N);
        out(g, 3, "return ss_fail(err, \"%s: cannot compute the propagators (h = %%g ms; "
                  "non-finite parameters?)\", h);\n", g->P);
        for (int r = 0; r < nr->n_sys; r++) {
            if (!row_propagated(nr, set, r))
                continue;
            reach_of(nr, set, r, reach);
            for (int k = 0; k < nr->n_sys; k++)
                if (reach[k] && nr->sys[k].exact)
                    out(g, 2, "d->%s = P[%d];\n", pname(g, set, r, nr->sys[k].name),
                        ex[r] * N + ex[k]);
            for (int u = 0; u < nr->n_inputs; u++)
                if (input_reached(nr, reach, u))
                    out(g, 2, "d->%s = P[%d];\n", pname(g, set, r, input_name(nr, u)),
                        ex[r] * N + ne + u);
        }
        out(g, 1, "}\n");
    }
}

/* C expression of row r's exact value over the step in `set`, from the
 * current (start-of-step) locals. */
static const char *prop_expr(gen *g, int set, int r)
{
    nm_neuron *nr = g->nr;
    nm_arena *a = nr->arena;
    if (!row_is_dynamic(nr, r)) /* x' = b: x + h·b */
        return nm_sprintf(a, "s_%s + d->h * %s", cid(a, nr->sys[r].name),
                          emit_in(g, nr->sys[r].rhs, 1));
    bool *reach = nm_alloc(a, (size_t)nr->n_sys * sizeof *reach);
    reach_of(nr, set, r, reach);
    const char *s = NULL;
    for (int k = 0; k < nr->n_sys; k++)
        if (reach[k] && nr->sys[k].exact) {
            const char *t = nm_sprintf(a, "d->%s * s_%s", pname(g, set, r, nr->sys[k].name),
                                       cid(a, nr->sys[k].name));
            s = s ? nm_sprintf(a, "%s + %s", s, t) : t;
        }
    for (int u = 0; u < nr->n_inputs; u++)
        if (input_reached(nr, reach, u)) {
            const char *t = u == 0 ? nm_sprintf(a, "d->%s", pname(g, set, r, "1"))
                                   : nm_sprintf(a, "d->%s * in_%s", pname(g, set, r, input_name(nr, u)),
                                                cid(a, input_name(nr, u)));
            s = nm_sprintf(a, "%s + %s", s, t);
        }
    return s;
}

/* ---- statements ---- */

static void emit_block(gen *g, const nm_block *b, int ind);

static void emit_integrate(gen *g, const nm_expr *call, int ind)
{
    nm_neuron *nr = g->nr;
    nm_arena *a = nr->arena;
    int set = -1;
    for (int k = 0; k < nr->n_icalls; k++)
        if (nr->icalls[k] == call)
            set = nr->icall_set[k];
    if (set < 0)
        return;
    const nm_iset *is = &nr->isets[set];
    out(g, ind, "{ /* integrate_odes(");
    for (int k = 0; k < call->nargs; k++)
        fprintf(g->out, "%s%s", k ? ", " : "", call->args[k]->name);
    fprintf(g->out, ") */\n");
    /* exact part from the start values, applied after the solver */
    for (int r = 0; r < nr->n_sys; r++)
        if (nr->sys[r].kind == NM_SYS_USER && nr->sys[r].exact && is->sel[r])
            out(g, ind + 1, "const double e_%s = %s;\n", cid(a, nr->sys[r].name),
                prop_expr(g, set + 1, r));
    if (is->numeric) {
        out(g, ind + 1, "double y[%d] = {", is->nrk);
        for (int k = 0; k < is->nrk; k++)
            fprintf(g->out, "%ss_%s", k ? ", " : "", cid(a, nr->sys[is->rk[k]].name));
        fprintf(g->out, "};\n");
        out(g, ind + 1, "const %s_ctx c = {q, d", g->P);
        for (int k = 0; k < nr->n_cports; k++)
            fprintf(g->out, ", in_%s", cid(a, nr->cports[k]->name));
        fprintf(g->out, "};\n");
        out(g, ind + 1, "failed |= ss_rkf45_advance(d->tol, %d, %s_rhs%d, &c, d->h, &h_int, y, NULL) != 0;\n",
            is->nrk, g->P, set);
        for (int k = 0; k < is->nrk; k++) {
            int j = is->rk[k];
            if (nr->sys[j].kind == NM_SYS_USER && !nr->sys[j].exact && is->sel[j])
                out(g, ind + 1, "s_%s = y[%d];\n", cid(a, nr->sys[j].name), k);
        }
    }
    for (int r = 0; r < nr->n_sys; r++)
        if (nr->sys[r].kind == NM_SYS_USER && nr->sys[r].exact && is->sel[r])
            out(g, ind + 1, "s_%s = e_%s;\n", cid(a, nr->sys[r].name), cid(a, nr->sys[r].name));
    out(g, ind, "}\n");
}

static const char *assign_target(gen *g, const nm_expr *t)
{
    const nm_symbol *s = t->sym;
    if (!s || t->index || (s->kind != NM_SYM_STATE && s->kind != NM_SYM_LOCAL)) {
        unsupported(g->nr, t->pos, "assignment to this variable");
        return "s_invalid";
    }
    return step_var(g, s, t);
}

static void emit_stmt(gen *g, const nm_stmt *s, int ind)
{
    nm_neuron *nr = g->nr;
    nm_arena *a = nr->arena;
    switch (s->kind) {
    case NM_S_ASSIGN: {
        const char *t = assign_target(g, s->target);
        const char *v = emit_in(g, s->value, 1);
        if (s->aop == NM_OP_ASSIGN)
            out(g, ind, "%s = %s;\n", t, v);
        else
            out(g, ind, "%s = %s %s %s;\n", t, t, nm_op_text(s->aop), v);
        return;
    }
    case NM_S_DECL:
        for (int k = 0; k < s->decl->nvars; k++) {
            if (s->decl->vars[k].size) {
                unsupported(nr, s->decl->vars[k].pos, "vector local variables");
                continue;
            }
            out(g, ind, "double l_%s = %s;\n", cid(a, s->decl->vars[k].name),
                s->decl->init ? emit_in(g, s->decl->init, 1) : "0.0");
            out(g, ind, "(void)l_%s;\n", cid(a, s->decl->vars[k].name));
        }
        return;
    case NM_S_CALL: {
        const nm_expr *c = s->value;
        if (c->call == NM_CALL_PREDEFINED && c->predef == NM_PF_INTEGRATE_ODES) {
            emit_integrate(g, c, ind);
            return;
        }
        if (c->call == NM_CALL_PREDEFINED && c->predef == NM_PF_EMIT_SPIKE && c->nargs == 0) {
            out(g, ind, "spiked = true;\n");
            return;
        }
        unsupported(nr, c->pos, nm_sprintf(a, "the statement %s()", c->name));
        return;
    }
    case NM_S_IF:
        for (int k = 0; k < s->nbranches; k++) {
            const char *cond = emit_in(g, s->conds[k], 1);
            if (k == 0)
                out(g, ind, "if (%s) {\n", cond);
            else
                out(g, ind, "} else if (%s) {\n", cond);
            emit_block(g, s->bodies[k], ind + 1);
        }
        if (s->else_body) {
            out(g, ind, "} else {\n");
            emit_block(g, s->else_body, ind + 1);
        }
        out(g, ind, "}\n");
        return;
    case NM_S_RETURN:
        unsupported(nr, s->pos, "return statements in blocks");
        return;
    case NM_S_FOR:
    case NM_S_WHILE:
        unsupported(nr, s->pos, "for and while loops");
        return;
    }
}

static void emit_block(gen *g, const nm_block *b, int ind)
{
    if (!b)
        return;
    for (int k = 0; k < b->n; k++)
        emit_stmt(g, b->stmts[k], ind);
}

static bool mentions_other_param(const nm_expr *e, const nm_symbol *self)
{
    if (!e)
        return false;
    switch (e->kind) {
    case NM_E_VAR:
        return e->sym && e->sym != self
               && (e->sym->kind == NM_SYM_PARAMETER || e->sym->kind == NM_SYM_INTERNAL);
    case NM_E_CALL:
        for (int i = 0; i < e->nargs; i++)
            if (mentions_other_param(e->args[i], self))
                return true;
        return false;
    case NM_E_UNARY:
        return mentions_other_param(e->a, self);
    case NM_E_BINARY:
        return mentions_other_param(e->a, self) || mentions_other_param(e->b, self);
    case NM_E_TERNARY:
        return mentions_other_param(e->a, self) || mentions_other_param(e->b, self)
               || mentions_other_param(e->c, self);
    default:
        return false;
    }
}

/* ---- the SS_LANES-wide step (models with a numeric part) ----
 *
 * Like the built-in AdEx models: SS_LANES neurons advance together through
 * the engine's lockstep RKF45 (every lane makes the scalar solver's own
 * decisions), branches become lane masks (if-conversion), and the
 * integrate_odes() calls of a leading if/elif/else are fused into one solver
 * call whose right-hand side zeroes, lane by lane, the derivatives of the
 * variables the lane's branch does not integrate. Used when the update
 * block has that shape and every expression has a vector form; otherwise
 * the scalar step is generated. */

static bool is_integrate(const nm_stmt *s)
{
    return s->kind == NM_S_CALL && s->value->call == NM_CALL_PREDEFINED
           && s->value->predef == NM_PF_INTEGRATE_ODES;
}

static bool block_has_integrate(const nm_block *b)
{
    if (!b)
        return false;
    for (int k = 0; k < b->n; k++) {
        const nm_stmt *s = b->stmts[k];
        if (is_integrate(s) || block_has_integrate(s->else_body) || block_has_integrate(s->body))
            return true;
        for (int j = 0; j < s->nbranches; j++)
            if (block_has_integrate(s->bodies[j]))
                return true;
    }
    return false;
}

static int set_of_call(const nm_neuron *nr, const nm_expr *call)
{
    for (int k = 0; k < nr->n_icalls; k++)
        if (nr->icalls[k] == call)
            return nr->icall_set[k];
    return -1;
}

static void emit_stmt_v(gen *g, const nm_stmt *s, const char *mask, int ind);

static void emit_block_v(gen *g, const nm_block *b, int from, const char *mask, int ind)
{
    for (int k = from; b && k < b->n; k++)
        emit_stmt_v(g, b->stmts[k], mask, ind);
}

static bool is_mask_expr(const nm_expr *e)
{
    if (e->kind == NM_E_BINARY)
        return (e->op >= NM_OP_LT && e->op <= NM_OP_GT) || e->op == NM_OP_AND || e->op == NM_OP_OR;
    return e->kind == NM_E_UNARY && e->op == NM_OP_NOT && is_mask_expr(e->a);
}

static void emit_stmt_v(gen *g, const nm_stmt *s, const char *mask, int ind)
{
    nm_arena *a = g->nr->arena;
    switch (s->kind) {
    case NM_S_ASSIGN: {
        const nm_symbol *sym = s->target->sym;
        if (!sym || s->target->index || (sym->kind != NM_SYM_STATE && sym->kind != NM_SYM_LOCAL)) {
            g->vec_failed = true;
            return;
        }
        const char *t = step_var(g, sym, s->target);
        const char *v = emit_in(g, s->value, 1);
        if (s->aop != NM_OP_ASSIGN)
            v = nm_sprintf(a, "%s %s %s", t, nm_op_text(s->aop), v);
        if (!mask)
            out(g, ind, "%s = NM_V(%s);\n", t, v);
        else
            out(g, ind, "%s = ss_vsel(%s, NM_V(%s), %s);\n", t, mask, v, t);
        return;
    }
    case NM_S_DECL:
        for (int k = 0; k < s->decl->nvars; k++) {
            out(g, ind, "ss_vd l_%s = NM_V(%s);\n", cid(a, s->decl->vars[k].name),
                s->decl->init ? emit_in(g, s->decl->init, 1) : "0.0");
            out(g, ind, "(void)l_%s;\n", cid(a, s->decl->vars[k].name));
        }
        return;
    case NM_S_CALL:
        if (s->value->call == NM_CALL_PREDEFINED && s->value->predef == NM_PF_EMIT_SPIKE
            && s->value->nargs == 0) {
            out(g, ind, "spiked |= %s;\n", mask ? mask : "all");
            return;
        }
        g->vec_failed = true;
        return;
    case NM_S_IF: {
        const char *rest = mask ? mask : "all";
        out(g, ind, "{\n");
        for (int k = 0; k < s->nbranches; k++) {
            if (!is_mask_expr(s->conds[k])) {
                g->vec_failed = true;
                return;
            }
            int id = g->masks++;
            out(g, ind + 1, "const ss_vm b%d = %s & %s;\n", id, rest, emit_in(g, s->conds[k], 1));
            emit_block_v(g, s->bodies[k], 0, nm_sprintf(a, "b%d", id), ind + 1);
            int r = g->masks++;
            out(g, ind + 1, "const ss_vm b%d = %s & ~b%d;\n", r, rest, id);
            rest = nm_sprintf(a, "b%d", r);
        }
        if (s->else_body)
            emit_block_v(g, s->else_body, 0, rest, ind + 1);
        out(g, ind, "}\n");
        return;
    }
    default:
        g->vec_failed = true;
        return;
    }
}

/* ---- kernel states in closed form (engine/rkf45.h, ss_rkf45_lin_shape) ----
 * The kernel states integrated with the numeric variables are linear and
 * autonomous (y' = z + lambda y, z' = lambda z): the solver evaluates their
 * stages as precomputed maps when told which they are. The built-in AdEx
 * models declare the same, so both compute the same bits. */

enum { NM_MAX_LIN = 8 };     /* SS_RKF45_MAX_LIN */

typedef struct lin_part {
    int n;
    int slot[NM_MAX_LIN];    /* position in the solver's state vector */
    int partner[NM_MAX_LIN]; /* index into slot[] of an alpha term's Z, or -1 */
    int sys[NM_MAX_LIN];     /* system variable */
} lin_part;

/* The union of the solver states of every numeric integrate_odes() set, in
 * system-variable order (what the vector step integrates in one call). */
static nm_iset numeric_union(nm_neuron *nr)
{
    nm_iset u = {.sel = NULL, .numeric = false,
                 .rk = nm_alloc(nr->arena, (size_t)(nr->n_sys + 1) * sizeof(int)), .nrk = 0};
    for (int j = 0; j < nr->n_sys; j++) {
        bool in = false;
        for (int s = 0; s < nr->n_isets; s++)
            if (nr->isets[s].numeric && rk_slot(&nr->isets[s], j) >= 0)
                in = true;
        if (in)
            u.rk[u.nrk++] = j;
    }
    u.numeric = u.nrk > 0;
    return u;
}

/* The kernel states of the state vector `is`; n = 0 when there are none,
 * too many, or an alpha term's Z is not integrated beside its Y. */
static lin_part linear_part(const nm_neuron *nr, const nm_iset *is)
{
    lin_part lp = {.n = 0};
    for (int k = 0; k < is->nrk; k++) {
        if (nr->sys[is->rk[k]].kind == NM_SYS_USER)
            continue;
        if (lp.n == NM_MAX_LIN)
            return (lin_part){.n = 0};
        lp.slot[lp.n] = k;
        lp.sys[lp.n++] = is->rk[k];
    }
    for (int i = 0; i < lp.n; i++) {
        const int z = nr->sys[lp.sys[i]].partner;
        lp.partner[i] = -1;
        if (nr->sys[lp.sys[i]].kind != NM_SYS_KERNEL_Y || z < 0)
            continue;
        for (int m = 0; m < lp.n; m++)
            if (lp.sys[m] == z)
                lp.partner[i] = m;
        if (lp.partner[i] < 0)
            return (lin_part){.n = 0};
    }
    return lp;
}

/* The shape object (file scope, every compile). */
static void emit_lin_shape(gen *g, const lin_part *lp)
{
    FILE *f = g->out;
    out(g, 0, "/* The kernel states in the solver's state vector: linear, their stages\n"
              " * evaluated in closed form (engine/rkf45.h). */\n");
    out(g, 0, "static const ss_rkf45_lin_shape %s_linear __attribute__((unused)) = {\n", g->P);
    out(g, 1, ".n = %d,\n", lp->n);
    out(g, 1, ".comp = {");
    for (int i = 0; i < lp->n; i++)
        fprintf(f, "%s%d", i ? ", " : "", lp->slot[i]);
    fprintf(f, "},\n");
    out(g, 1, ".n_dep = {");
    for (int i = 0; i < lp->n; i++)
        fprintf(f, "%s%d", i ? ", " : "", lp->partner[i] < 0 ? 1 : 2);
    fprintf(f, "},\n");
    out(g, 1, ".dep = {");
    for (int i = 0; i < lp->n; i++) {
        if (lp->partner[i] < 0)
            fprintf(f, "%s{%d}", i ? ", " : "", i);
        else
            fprintf(f, "%s{%d, %d}", i ? ", " : "", i, lp->partner[i]);
    }
    fprintf(f, "},\n};\n\n");
}

/* In calibrate: the system matrix (decay rates on the diagonal, 1 from an
 * alpha term's Z into its Y) and the maps over h. */
static void emit_lin_prepare(gen *g, const lin_part *lp)
{
    nm_arena *a = g->nr->arena;
    FILE *f = g->out;
    out(g, 1, "{ /* the kernel states' stage maps over h */\n");
    out(g, 2, "const double a[%d] = { /* row: derivative of, column: state */\n", lp->n * lp->n);
    for (int i = 0; i < lp->n; i++) {
        out(g, 3, "%s", "");
        for (int m = 0; m < lp->n; m++) {
            const char *v = "0.0";
            if (m == i)
                v = nm_sprintf(a, "d->%s", cid(a, g->nr->sys[lp->sys[i]].lambda));
            else if (m == lp->partner[i])
                v = "1.0";
            fprintf(f, "%s%s", v, m + 1 < lp->n ? ", " : ",\n");
        }
    }
    out(g, 2, "};\n");
    out(g, 2, "const char *why = NULL;\n");
    out(g, 2, "if (ss_rkf45_lin_prepare(&d->lin, &%s_linear, a, h, &why))\n", g->P);
    out(g, 3, "return ss_fail(err, \"%s: kernel states: %%s\", why);\n", g->P);
    out(g, 1, "}\n");
}

/* The calls of the leading statement and their lane masks. */
typedef struct vcall {
    int set;
    const char *mask;        /* C name of the lane mask, "all" at top level */
    const nm_block *body;    /* branch whose remaining statements follow */
} vcall;

/* The update entry points: per-ISA compiles (NM_ISA_VARIANT) define
 * P_update_v4/_v3, the plain compile picks one at run time as the built-in
 * AdEx models do (models_builtin/aeif_common.c). A plain compile alone (the
 * module build, nestmlc build) falls back to GCC's target_clones. */
static void emit_update_dispatch(gen *g)
{
    const char *P = g->P;
    const char *sig = "(void *vp, ss_neuron_step *io, ss_err *err)";
    const char *x86 = "defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(SS_NO_CLONES)";
    for (int v = 4; v >= 3; v--) {
        out(g, 0, "#%s defined(NM_ISA_VARIANT) && NM_ISA_VARIANT == %d\n", v == 4 ? "if" : "elif", v);
        out(g, 0, "int %s_update_v%d%s;\nint %s_update_v%d%s\n{\n", P, v, sig, P, v, sig);
        out(g, 1, "return %s_update_all(vp, io, err);\n}\n", P);
    }
    out(g, 0, "#elif defined(NM_ISA_VARIANTS) && %s\n", x86);
    out(g, 0, "int %s_update_v4%s;\nint %s_update_v3%s;\n", P, sig, P, sig);
    out(g, 0, "static int %s_update%s\n{\n", P, sig);
    out(g, 1, "if (__builtin_cpu_supports(\"x86-64-v4\"))\n        return %s_update_v4(vp, io, err);\n", P);
    out(g, 1, "if (__builtin_cpu_supports(\"x86-64-v3\"))\n        return %s_update_v3(vp, io, err);\n", P);
    out(g, 1, "return %s_update_all(vp, io, err);\n}\n", P);
    out(g, 0, "#else\n#if %s\n", x86);
    out(g, 0, "__attribute__((target_clones(\"arch=x86-64-v4\", \"arch=x86-64-v3\", \"default\")))\n#endif\n");
    out(g, 0, "static int %s_update%s\n{\n", P, sig);
    out(g, 1, "return %s_update_all(vp, io, err);\n}\n#endif\n\n", P);
}

static bool emit_vector_step(gen *g, const pvar *sv, int ns)
{
    nm_neuron *nr = g->nr;
    nm_arena *a = nr->arena;
    const nm_model *m = nr->m;
    const char *P = g->P;
    const nm_block *ub = m->update;
    for (int k = 0; k < ns; k++)
        if (sv[k].decl->type && sv[k].decl->type->resolved.kind == NM_TY_BOOLEAN)
            return false;
    /* shape: the integrate_odes() calls are the update block's first
     * statement, or the first statements of its first statement's branches */
    if (!ub || ub->n == 0)
        return false;
    const nm_stmt *lead = ub->stmts[0];
    vcall calls[16];
    int ncalls = 0;
    if (is_integrate(lead)) {
        calls[ncalls++] = (vcall){set_of_call(nr, lead->value), "all", NULL};
    } else if (lead->kind == NM_S_IF) {
        for (int k = 0; k < lead->nbranches; k++)
            if (!is_mask_expr(lead->conds[k]))
                return false;
        for (int k = 0; k <= lead->nbranches && ncalls < 16; k++) {
            const nm_block *b = k < lead->nbranches ? lead->bodies[k] : lead->else_body;
            if (!b)
                continue;
            if (b->n == 0 || !is_integrate(b->stmts[0]))
                return false;
            for (int j = 1; j < b->n; j++)
                if (is_integrate(b->stmts[j]) || b->stmts[j]->kind == NM_S_IF)
                    return false;
            calls[ncalls++] = (vcall){set_of_call(nr, b->stmts[0]->value),
                                      nm_sprintf(a, "mc%d", k), b};
        }
    } else {
        return false;
    }
    for (int k = 1; k < ub->n; k++)
        if (block_has_integrate(&(nm_block){.stmts = (nm_stmt **)&ub->stmts[k], .n = 1}))
            return false;
    for (int c = 0; c < ncalls; c++)
        if (calls[c].set < 0)
            return false;

    /* emit into memory: only a complete vector step replaces the scalar one */
    FILE *real = g->out;
    char *buf = NULL;
    size_t len = 0;
    g->out = open_memstream(&buf, &len);
    if (!g->out) {
        g->out = real;
        return false;
    }
    g->vec = true;
    g->vec_failed = false;
    g->masks = 0;

    /* the union of the solver states of all numeric sets */
    bool *inrk = nm_alloc(a, (size_t)nr->n_sys * sizeof *inrk);
    bool numeric = false;
    for (int c = 0; c < ncalls; c++) {
        const nm_iset *is = &nr->isets[calls[c].set];
        numeric |= is->numeric;
        for (int k = 0; k < is->nrk; k++)
            inrk[is->rk[k]] = true;
    }
    nm_iset uni = {.sel = NULL, .numeric = numeric,
                   .rk = nm_alloc(a, (size_t)nr->n_sys * sizeof(int)), .nrk = 0};
    for (int j = 0; j < nr->n_sys; j++)
        if (inrk[j])
            uni.rk[uni.nrk++] = j;
    /* the kernel states' maps, computed at calibrate for the union of all
     * numeric sets: usable when this solver state is that union */
    const nm_iset all_sets = numeric_union(nr);
    const bool uses_lin = numeric && linear_part(nr, &all_sets).n > 0
                          && all_sets.nrk == uni.nrk
                          && !memcmp(all_sets.rk, uni.rk, (size_t)uni.nrk * sizeof(int));
    /* the RHS reads y[] through rk_set: register the union as a pseudo set */
    nm_iset *sets = nm_alloc(a, (size_t)(nr->n_isets + 1) * sizeof *sets);
    memcpy(sets, nr->isets, (size_t)nr->n_isets * sizeof *sets);
    sets[nr->n_isets] = uni;
    nm_iset *saved_sets = nr->isets;
    nr->isets = sets;
    const int U = nr->n_isets;

    out(g, 0, "#define NM_V(x) ((ss_vd){0} + (x))\n");
    out(g, 0, "static inline __attribute__((always_inline)) ss_vd nm_vmin(ss_vd a, ss_vd b) { return ss_vsel(ss_vlt(b, a), b, a); }\n");
    out(g, 0, "static inline __attribute__((always_inline)) ss_vd nm_vmax(ss_vd a, ss_vd b) { return ss_vsel(ss_vlt(a, b), b, a); }\n\n");
    out(g, 0, "/* What the right-hand side of SS_LANES neurons sees besides their state:\n"
              " * inputs, and per integrated variable the lanes that integrate it. */\n");
    out(g, 0, "typedef struct %s_vctx {\n    const %s_params *q;\n    const %s_internals *d;\n", P, P, P);
    for (int k = 0; k < nr->n_cports; k++)
        out(g, 1, "ss_vd in_%s;\n", cid(a, nr->cports[k]->name));
    for (int k = 0; k < uni.nrk; k++)
        if (nr->sys[uni.rk[k]].kind == NM_SYS_USER)
            out(g, 1, "ss_vm sel_%s;\n", cid(a, nr->sys[uni.rk[k]].name));
    out(g, 0, "} %s_vctx;\n\n", P);
    if (numeric) {
        g->rk_set = U;
        out(g, 0, "static inline __attribute__((always_inline)) void %s_rhsv(const void *vc, const ss_vd *y,\n"
                  "        ss_vd *f)\n{\n", P);
        out(g, 1, "const %s_vctx *c = vc;\n    const %s_params *q = c->q;\n    const %s_internals *d = c->d;\n", P, P, P);
        out(g, 1, "(void)q;\n    (void)d;\n");
        for (int k = 0; k < uni.nrk; k++) {
            const nm_sysvar *v = &nr->sys[uni.rk[k]];
            const char *rhs;
            if (v->kind == NM_SYS_USER)
                rhs = nm_sprintf(a, "ss_vsel(c->sel_%s, %s, ss_vsplat(0.0))", cid(a, v->name),
                                 nm_vwrap(a, v->rhs, emit_in(g, v->rhs, 2)));
            else if (v->kind == NM_SYS_KERNEL_Y && v->partner >= 0)
                rhs = nm_sprintf(a, "%s + d->%s * y[%d]", rhs_sysvar(g, v->partner), cid(a, v->lambda), k);
            else
                rhs = nm_sprintf(a, "d->%s * y[%d]", cid(a, v->lambda), k);
            out(g, 1, "f[%d] = %s; /* %s' */\n", k, rhs, v->name);
        }
        out(g, 0, "}\n\n");
        g->rk_set = -1;
    }

    /* SS_RKF45_MAX_BLOCKS blocks of SS_LANES neurons per solver call (their
     * stages interleave, rkf45.h), as the built-in AdEx models do */
    out(g, 0, "typedef struct %s_run {\n    const %s_params *q;\n    const %s_internals *d;\n", P, P, P);
    out(g, 1, "double *x[%s_N_ARRAYS + 1];\n", P);
    for (int k = 0; k < nr->n_rports; k++)
        out(g, 1, "const double *sp_%d;\n", k);
    out(g, 1, "const double *cur;\n    ss_neuron_step *io;\n    ss_err *err;\n    size_t n;\n} %s_run;\n\n", P);
    out(g, 0, "/* nb blocks from g0 (nb constant at each call site; every lane's arithmetic\n"
              " * is the same whatever nb is). */\n");
    out(g, 0, "static inline __attribute__((always_inline)) int %s_group(const %s_run *u, size_t g0, size_t nb)\n{\n", P, P);
    out(g, 1, "const %s_params *q = u->q;\n    const %s_internals *d = u->d;\n    double *const *x = u->x;\n", P, P);
    out(g, 1, "(void)q;\n    (void)d;\n");
    for (int k = 0; k < nr->n_rports; k++)
        out(g, 1, "const double *sp_%d = u->sp_%d;\n    (void)sp_%d;\n", k, k, k);
    out(g, 1, "const double *cur = u->cur;\n    ss_neuron_step *io = u->io;\n    ss_err *err = u->err;\n    const size_t n = u->n;\n");
    out(g, 1, "ss_vd lane_index;\n    for (unsigned l = 0; l < SS_LANES; l++)\n        lane_index[l] = (double)l;\n");
    out(g, 1, "const ss_vm all = lane_index == lane_index;\n");
    for (int part = 0; part < 2; part++) {
        if (part == 0 && !numeric)
            continue;
        if (part == 0) {
            out(g, 1, "ss_rkf45_vstate yv[SS_RKF45_MAX_BLOCKS];\n    %s_vctx cv[SS_RKF45_MAX_BLOCKS];\n", P);
            out(g, 1, "const void *cp[SS_RKF45_MAX_BLOCKS];\n    ss_vd hv[SS_RKF45_MAX_BLOCKS];\n    ss_vm fv[SS_RKF45_MAX_BLOCKS];\n");
            out(g, 1, "SS_RKF45_FOR_BLOCKS(b, nb) {\n");
        } else {
            out(g, 1, "for (size_t b = 0; b < nb; b++) {\n");
        }
        out(g, 2, "const size_t i0 = g0 + b * SS_LANES;\n");
        for (int k = 0; k < ns; k++)
            out(g, 2, "ss_vd s_%s = ss_vload(&x[%s_A_%s][i0]);\n", cid(a, sv[k].name), P, cid(a, sv[k].name));
        for (int j = 0; j < nr->n_sys; j++)
            if (nr->sys[j].kind != NM_SYS_USER)
                out(g, 2, "ss_vd s_%s = ss_vload(&x[%s_A_%s][i0]);\n", cid(a, nr->sys[j].name), P,
                    cid(a, nr->sys[j].name));
        for (int k = 0; k < nr->n_cports; k++)
            out(g, 2, "const ss_vd in_%s = ss_vload(&x[%s_A_in_%s][i0]);\n        (void)in_%s;\n",
                cid(a, nr->cports[k]->name), P, cid(a, nr->cports[k]->name), cid(a, nr->cports[k]->name));
        if (lead->kind == NM_S_IF) {
            out(g, 2, "/* integrate_odes(): lane masks of the branches, one fused solver call */\n");
            const char *rest = "all";
            for (int k = 0; k <= lead->nbranches; k++) {
                const char *mk = nm_sprintf(a, "mc%d", k);
                if (k < lead->nbranches) {
                    out(g, 2, "const ss_vm %s = %s & %s;\n", mk, rest, emit_in(g, lead->conds[k], 1));
                    out(g, 2, "const ss_vm rest%d = %s & ~%s;\n", k, rest, mk);
                    out(g, 2, "(void)rest%d;\n", k);
                    rest = nm_sprintf(a, "rest%d", k);
                } else {
                    out(g, 2, "const ss_vm %s = %s;\n", mk, rest);
                }
                out(g, 2, "(void)%s;\n", mk);
            }
        }
        if (part == 0) {
            for (int k = 0; k < uni.nrk; k++)
                out(g, 2, "yv[b][%d] = s_%s;\n", k, cid(a, nr->sys[uni.rk[k]].name));
            out(g, 2, "cv[b] = (%s_vctx){q, d", P);
            for (int k = 0; k < nr->n_cports; k++)
                fprintf(g->out, ", in_%s", cid(a, nr->cports[k]->name));
            for (int k = 0; k < uni.nrk; k++) {
                int j = uni.rk[k];
                if (nr->sys[j].kind != NM_SYS_USER)
                    continue;
                const char *sel = NULL;
                for (int cc = 0; cc < ncalls; cc++)
                    if (nr->isets[calls[cc].set].sel[j])
                        sel = sel ? nm_sprintf(a, "%s | %s", sel, calls[cc].mask) : calls[cc].mask;
                fprintf(g->out, ", %s", sel ? sel : "all & ~all");
            }
            fprintf(g->out, "};\n");
            out(g, 2, "cp[b] = &cv[b];\n");
            out(g, 2, "hv[b] = ss_vload(&x[%s_A_h_int][i0]);\n", P);
            for (int k = 0; k < ns; k++)
                out(g, 2, "(void)s_%s;\n", cid(a, sv[k].name));
            for (int k = 0; k < nr->n_cports; k++)
                out(g, 2, "(void)in_%s;\n", cid(a, nr->cports[k]->name));
            out(g, 1, "}\n");
            if (uses_lin)
                out(g, 1, "ss_rkf45_advance_vbl(d->tol, %d, nb, %s_rhsv, cp, d->h, hv, yv, fv,\n"
                          "                     &%s_linear, &d->lin);\n", uni.nrk, P, P);
            else
                out(g, 1, "ss_rkf45_advance_vb(d->tol, %d, nb, %s_rhsv, cp, d->h, hv, yv, fv);\n", uni.nrk, P);
            continue;
        }
        if (numeric)
            out(g, 2, "ss_vd h_int = hv[b];\n        ss_vm failed = fv[b], spiked = all & ~all;\n");
        else
            out(g, 2, "ss_vd h_int = ss_vload(&x[%s_A_h_int][i0]);\n        ss_vm failed = all & ~all, spiked = all & ~all;\n", P);
        /* exact parts of each call, from the start values */
        for (int c = 0; c < ncalls; c++) {
            const nm_iset *is = &nr->isets[calls[c].set];
            for (int r = 0; r < nr->n_sys; r++)
                if (nr->sys[r].kind == NM_SYS_USER && nr->sys[r].exact && is->sel[r])
                    out(g, 2, "const ss_vd e%d_%s = NM_V(%s);\n", c, cid(a, nr->sys[r].name),
                        prop_expr(g, calls[c].set + 1, r));
        }
        if (numeric)
            for (int k = 0; k < uni.nrk; k++) {
                int j = uni.rk[k];
                if (nr->sys[j].kind == NM_SYS_USER && !nr->sys[j].exact)
                    out(g, 2, "s_%s = yv[b][%d];\n", cid(a, nr->sys[j].name), k);
            }
    for (int c = 0; c < ncalls; c++) {
        const nm_iset *is = &nr->isets[calls[c].set];
        for (int r = 0; r < nr->n_sys; r++)
            if (nr->sys[r].kind == NM_SYS_USER && nr->sys[r].exact && is->sel[r])
                out(g, 2, "s_%s = ss_vsel(%s, e%d_%s, s_%s);\n", cid(a, nr->sys[r].name),
                    calls[c].mask, c, cid(a, nr->sys[r].name), cid(a, nr->sys[r].name));
    }
    /* the rest of each branch, then the rest of the block */
    for (int c = 0; c < ncalls; c++)
        if (calls[c].body)
            emit_block_v(g, calls[c].body, 1, calls[c].mask, 2);
    emit_block_v(g, ub, 1, NULL, 2);
    /* kernels */
    out(g, 2, "/* kernel states: exact over the step, then this step's spikes */\n");
    for (int j = 0; j < nr->n_sys; j++)
        if (nr->sys[j].kind != NM_SYS_USER)
            out(g, 2, "const ss_vd k_%s = %s;\n", cid(a, nr->sys[j].name), prop_expr(g, 0, j));
    for (int j = 0; j < nr->n_sys; j++) {
        const nm_sysvar *v = &nr->sys[j];
        if (v->kind == NM_SYS_USER)
            continue;
        if (v->jump) {
            int r = 0;
            for (int k = 0; k < nr->n_rports; k++)
                if (nr->rports[k].port->sym == nr->conv[v->conv].port
                    || !strcmp(nr->rports[k].port->name, nr->conv[v->conv].port->name))
                    r = k;
            out(g, 2, "s_%s = k_%s + %sss_vload(&sp_%d[i0])%s * d->%s;\n", cid(a, v->name),
                cid(a, v->name), nr->rports[r].negate ? "(-" : "", r,
                nr->rports[r].negate ? ")" : "", cid(a, v->jump));
        } else {
            out(g, 2, "s_%s = k_%s;\n", cid(a, v->name), cid(a, v->name));
        }
    }
    out(g, 2, "const ss_vm real = ss_vlt(lane_index, ss_vsplat((double)(n - (i0 < n ? i0 : n))));\n");
    out(g, 2, "const ss_vm bad = (failed");
    for (int j = 0; j < nr->n_sys; j++)
        if (!nr->sys[j].exact)
            fprintf(g->out, " | ~ss_vlt(ss_vabs(s_%s), ss_vsplat(INFINITY))", cid(a, nr->sys[j].name));
    fprintf(g->out, ") & real;\n");
    out(g, 2, "if (ss_vany(bad))\n");
    out(g, 3, "for (unsigned l = 0; l < SS_LANES; l++)\n");
    out(g, 4, "if (bad[l])\n");
    out(g, 5, "return ss_fail(err, \"%s: numerical instability in neuron %%zu (local index): "
              "solver step %%g ms", P);
    for (int j = 0; j < nr->n_sys; j++)
        if (!nr->sys[j].exact)
            fprintf(g->out, ", %s = %%g", nr->sys[j].name);
    fprintf(g->out, "\", i0 + l, h_int[l]");
    for (int j = 0; j < nr->n_sys; j++)
        if (!nr->sys[j].exact)
            fprintf(g->out, ", s_%s[l]", cid(a, nr->sys[j].name));
    fprintf(g->out, ");\n");
    for (int k = 0; k < m->noncondition; k++) {
        const nm_oncondition *oc = m->oncondition[k];
        if (oc->nparams || !is_mask_expr(oc->cond))
            g->vec_failed = true;
        out(g, 2, "{ /* onCondition %d */\n", k + 1);
        out(g, 3, "const ss_vm oc = %s;\n", emit_in(g, oc->cond, 1));
        out(g, 3, "if (ss_vany(oc)) {\n");
        emit_block_v(g, oc->body, 0, "oc", 4);
        out(g, 3, "}\n        }\n");
    }
    out(g, 2, "/* store */\n");
    for (int k = 0; k < ns; k++)
        out(g, 2, "ss_vstore(&x[%s_A_%s][i0], s_%s);\n", P, cid(a, sv[k].name), cid(a, sv[k].name));
    for (int j = 0; j < nr->n_sys; j++)
        if (nr->sys[j].kind != NM_SYS_USER)
            out(g, 2, "ss_vstore(&x[%s_A_%s][i0], s_%s);\n", P, cid(a, nr->sys[j].name), cid(a, nr->sys[j].name));
    for (int k = 0; k < nr->n_cports; k++)
        out(g, 2, "ss_vstore(&x[%s_A_in_%s][i0], cur ? ss_vload(&cur[i0]) : ss_vsplat(0.0));\n", P,
            cid(a, nr->cports[k]->name));
    out(g, 2, "ss_vstore(&x[%s_A_h_int][i0], h_int);\n", P);
    out(g, 2, "const ss_vm out = spiked & real;\n");
    out(g, 2, "if (ss_vany(out))\n            for (unsigned l = 0; l < SS_LANES; l++)\n"
              "                if (out[l])\n                    io->spiked[io->n_spiked++] = (uint32_t)(i0 + l);\n");
        out(g, 1, "}\n");
    }
    out(g, 1, "(void)cur;\n    (void)io;\n    (void)err;\n    return 0;\n}\n\n");
    out(g, 0, "static inline __attribute__((always_inline)) int %s_update_all(void *vp, ss_neuron_step *io,\n"
              "        ss_err *err)\n{\n", P);
    out(g, 1, "%s_pop *p = vp;\n", P);
    out(g, 1, "if (!p->calibrated)\n        return ss_fail(err, \"%s: update before calibrate\");\n", P);
    out(g, 1, "/* local copies: stores to the state arrays cannot alias them */\n");
    out(g, 1, "const %s_params q_local = p->p;\n    const %s_internals d_local = p->d;\n", P, P);
    out(g, 1, "%s_run u = {.q = &q_local, .d = &d_local, .cur = io->current_in, .io = io, .err = err, .n = p->n", P);
    for (int k = 0; k < nr->n_rports; k++)
        fprintf(g->out, ", .sp_%d = io->spike_in[%d]", k, k);
    fprintf(g->out, "};\n");
    out(g, 1, "memcpy(u.x, p->x, sizeof u.x);\n    io->n_spiked = 0;\n");
    out(g, 1, "const size_t end = io->end ? io->end : p->n_pad;\n");
    out(g, 1, "size_t i0 = io->begin;\n");
    out(g, 1, "for (; i0 + SS_RKF45_MAX_BLOCKS * SS_LANES <= end; i0 += SS_RKF45_MAX_BLOCKS * SS_LANES)\n");
    out(g, 2, "if (%s_group(&u, i0, SS_RKF45_MAX_BLOCKS) != 0)\n            return -1;\n", P);
    out(g, 1, "for (; i0 < end; i0 += SS_LANES)\n");
    out(g, 2, "if (%s_group(&u, i0, 1) != 0)\n            return -1;\n", P);
    out(g, 1, "return 0;\n}\n\n");
    emit_update_dispatch(g);


    fclose(g->out);
    g->out = real;
    g->vec = false;
    nr->isets = saved_sets;
    const bool ok = !g->vec_failed;
    if (ok)
        fwrite(buf, 1, len, real);
    free(buf);
    return ok;
}

/* ---- the whole file ---- */

static void emit_header(gen *g, const nm_genmeta *meta)
{
    nm_neuron *nr = g->nr;
    out(g, 0, "/* %s — generated by nestmlc %s from %s\n", g->P, meta->version, meta->source_path);
    out(g, 0, " * (source sha256 %s). Do not edit: run `nestmlc gen` again.\n", meta->source_sha256);
    out(g, 0, " *\n * NESTML model %s, registered as %s (engine/model.h).\n", nr->m->name, g->P);
    out(g, 0, " * Exact (propagators, computed at calibrate time):");
    for (int j = 0; j < nr->n_sys; j++)
        if (nr->sys[j].exact)
            fprintf(g->out, " %s", nr->sys[j].name);
    fprintf(g->out, ".\n * Numeric (RKF45, engine/rkf45.h):");
    for (int j = 0; j < nr->n_sys; j++)
        if (!nr->sys[j].exact)
            fprintf(g->out, " %s", nr->sys[j].name);
    fprintf(g->out, "%s.\n */\n", nr->any_numeric ? "" : " none");
    /* One file, compiled once per instruction set as the built-in AdEx
     * update is (models_builtin/aeif_update_v4.c): the pragma must come
     * before every include so that ss_simd.h picks its lane comparisons for
     * that set. */
    out(g, 0, "/* Compiled with NM_ISA_VARIANT=4 or 3 this file gives only the update\n"
              " * loops, for AVX-512 or AVX2 (%s_update_v4/_v3); the plain compile\n"
              " * calls them when NM_ISA_VARIANTS is defined. */\n", g->P);
    out(g, 0, "#if defined(NM_ISA_VARIANT) && defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)\n"
              "#if NM_ISA_VARIANT == 4\n#pragma GCC target(\"arch=x86-64-v4\")\n"
              "#else\n#pragma GCC target(\"arch=x86-64-v3\")\n#endif\n#endif\n");
    out(g, 0, "#include <math.h>\n#include <stdbool.h>\n#include <stdint.h>\n#include <stdlib.h>\n"
              "#include <string.h>\n\n#include \"expm.h\"\n#include \"model.h\"\n#include \"rkf45.h\"\n\n");
    out(g, 0, "static inline double nm_min(double a, double b) { return b < a ? b : a; }\n");
    out(g, 0, "static inline double nm_max(double a, double b) { return a < b ? b : a; }\n");
    out(g, 0, "static inline double nm_clip(double x, double lo, double hi) { return nm_max(lo, nm_min(x, hi)); }\n\n");
}

bool nm_codegen_neuron(nm_neuron *nr, const nm_genmeta *meta, FILE *f)
{
    nm_arena *a = nr->arena;
    gen G = {nr, f, nr->cname, -1, false, false, false, 0}, *g = &G;
    const nm_model *m = nr->m;
    const char *P = g->P;
    pvar *pv, *sv, *iv;
    const int np = list_vars(a, &m->parameters, &pv);
    const int ns = list_vars(a, &m->state, &sv);
    const int ni = list_vars(a, &m->internals, &iv);

    /* defaults */
    double *defs = nm_alloc(a, (size_t)(np + 1) * sizeof *defs);
    defenv de = {m, defs, 0};
    for (int k = 0; k < np; k++, de.nvals++)
        if (!pv[k].decl->init || !nm_eval_const(pv[k].decl->init, def_lookup, &de, &defs[k]))
            unsupported(nr, pv[k].decl->pos, nm_sprintf(a, "a default of '%s' that is not a constant "
                                                           "expression of parameters", pv[k].name));
    double *sdefs = nm_alloc(a, (size_t)(ns + 1) * sizeof *sdefs);
    for (int k = 0; k < ns; k++)
        if (sv[k].decl->init && !nm_eval_const(sv[k].decl->init, def_lookup, &de, &sdefs[k]))
            unsupported(nr, sv[k].decl->pos, nm_sprintf(a, "an initial value of '%s' that is not a "
                                                           "constant expression of parameters", sv[k].name));
    if (nr->errors)
        return false;

    emit_header(g, meta);

    /* parameters and internals */
    out(g, 0, "/* Parameters: stored once per population (homogeneous). */\ntypedef struct %s_params {\n", P);
    for (int k = 0; k < np; k++)
        out(g, 1, "double %s;%s%s\n", cid(a, pv[k].name), pv[k].decl->comment ? " /* " : "",
            pv[k].decl->comment ? nm_sprintf(a, "%s */", c_str(a, pv[k].decl->comment)) : "");
    if (nr->extra_param)
        out(g, 1, "double %s; /* co-generation: post-trace time constant of a paired synapse */\n",
            cid(a, nr->extra_param));
    if (np == 0 && !nr->extra_param)
        out(g, 1, "double unused;\n");
    out(g, 0, "} %s_params;\n\n", P);
    out(g, 0, "/* Internals and propagators: computed by calibrate(). */\ntypedef struct %s_internals {\n", P);
    out(g, 1, "double h;\n    ss_rkf45_tol tol;\n");
    for (int k = 0; k < ni; k++)
        out(g, 1, "double %s;\n", cid(a, iv[k].name));
    for (int k = 0; k < nr->n_gints; k++)
        out(g, 1, "double %s;\n", cid(a, nr->gints[k].name));
    emit_prop_fields(g);
    const nm_iset lin_set = numeric_union(nr);
    const lin_part lin = linear_part(nr, &lin_set);
    if (lin.n > 0)
        out(g, 1, "ss_rkf45_lin lin; /* the kernel states' stage maps over h */\n");
    out(g, 0, "} %s_internals;\n\n", P);
    if (lin.n > 0)
        emit_lin_shape(g, &lin);

    /* arrays */
    out(g, 0, "/* One SoA array (n_pad entries) per state variable, kernel state, input. */\nenum {\n");
    for (int k = 0; k < ns; k++)
        out(g, 1, "%s_A_%s,\n", P, cid(a, sv[k].name));
    for (int j = 0; j < nr->n_sys; j++)
        if (nr->sys[j].kind != NM_SYS_USER)
            out(g, 1, "%s_A_%s,\n", P, cid(a, nr->sys[j].name));
    for (int k = 0; k < nr->n_cports; k++)
        out(g, 1, "%s_A_in_%s, /* input of the last step, used in this one */\n", P,
            cid(a, nr->cports[k]->name));
    if (nr->any_numeric)
        out(g, 1, "%s_A_h_int, /* integration step carried between steps */\n", P);
    out(g, 1, "%s_N_ARRAYS\n};\n\n", P);
    out(g, 0, "typedef struct %s_pop {\n    size_t n, n_pad;\n    %s_params p;\n    %s_internals d;\n"
              "    bool calibrated;\n    double *mem;\n    double *x[%s_N_ARRAYS + 1];\n} %s_pop;\n\n",
        P, P, P, P, P);

    /* var table */
    out(g, 0, "#ifndef NM_ISA_VARIANT /* the per-ISA compiles hold only the update */\n");
    out(g, 0, "static const ss_var_info %s_vars[] = {\n", P);
    for (int k = 0; k < np; k++)
        out(g, 1, "{\"%s\", \"%s\", SS_VAR_PARAMETER, %s},\n", pv[k].name, unit_text(a, pv[k].decl),
            dbl(a, defs[k]));
    if (nr->extra_param)
        out(g, 1, "{\"%s\", \"ms\", SS_VAR_PARAMETER, %s},\n", nr->extra_param, dbl(a, nr->extra_default));
    for (int k = 0; k < ns; k++)
        out(g, 1, "{\"%s\", \"%s\", SS_VAR_STATE, %s},\n", sv[k].name, unit_text(a, sv[k].decl),
            dbl(a, sv[k].decl->init ? sdefs[k] : 0.0));
    /* recordable inlines that are exactly one kernel state */
    const char **alias = nm_alloc(a, (size_t)(m->inlines.n + 1) * sizeof *alias);
    for (int k = 0; k < m->inlines.n; k++) {
        const nm_decl *d = m->inlines.v[k];
        const nm_expr *e = d->init;
        if (e && e->kind == NM_E_BINARY && e->op == NM_OP_MUL && e->b->kind == NM_E_VAR
            && e->b->is_unit && e->b->canon == 1.0)
            e = e->a;
        if (!d->recordable || !e || e->kind != NM_E_CALL || e->predef != NM_PF_CONVOLVE)
            continue;
        for (int c = 0; c < nr->n_conv; c++)
            if (nr->conv[c].kernel == e->args[0]->sym && nr->conv[c].port == e->args[1]->sym
                && nr->conv[c].nys == 1) {
                alias[k] = nr->sys[nr->conv[c].ys[0]].name;
                out(g, 1, "{\"%s\", \"%s\", SS_VAR_STATE, 0.0},\n", d->vars[0].name, unit_text(a, d));
            }
    }
    out(g, 0, "};\n\n");

    /* receptors */
    if (nr->n_rports) {
        out(g, 0, "static const char *const %s_receptors[] = {", P);
        for (int k = 0; k < nr->n_rports; k++)
            fprintf(f, "%s\"%s\"", k ? ", " : "", nr->rports[k].port->name);
        fprintf(f, "};\n\n");
    }

    /* create / destroy / bytes */
    out(g, 0, "static void *%s_create(size_t n, size_t n_pad, ss_err *err)\n{\n", P);
    out(g, 1, "if (n_pad < n || n_pad %% SS_SIMD_PAD != 0) {\n");
    out(g, 2, "ss_fail(err, \"%s: n_pad = %%zu must be >= n = %%zu and a multiple of %%u\", n_pad, n, SS_SIMD_PAD);\n", P);
    out(g, 2, "return NULL;\n    }\n");
    out(g, 1, "%s_pop *p = calloc(1, sizeof *p);\n", P);
    out(g, 1, "size_t len = (size_t)%s_N_ARRAYS * (n_pad ? n_pad : SS_SIMD_PAD) * sizeof(double);\n", P);
    out(g, 1, "len = (len + 63) / 64 * 64;\n    if (p)\n        p->mem = aligned_alloc(64, len ? len : 64);\n");
    out(g, 1, "if (!p || !p->mem) {\n        free(p);\n        ss_fail(err, \"%s: out of memory for %%zu neurons\", n);\n        return NULL;\n    }\n", P);
    out(g, 1, "memset(p->mem, 0, len);\n    p->n = n;\n    p->n_pad = n_pad;\n");
    for (int k = 0; k < np; k++)
        out(g, 1, "p->p.%s = %s;\n", cid(a, pv[k].name), dbl(a, defs[k]));
    if (nr->extra_param)
        out(g, 1, "p->p.%s = %s;\n", cid(a, nr->extra_param), dbl(a, nr->extra_default));
    out(g, 1, "for (int k = 0; k < %s_N_ARRAYS; k++)\n        p->x[k] = p->mem + (size_t)k * n_pad;\n", P);
    out(g, 1, "for (size_t i = 0; i < n_pad; i++) {\n");
    for (int k = 0; k < ns; k++)
        if (sv[k].decl->init && sdefs[k] != 0.0)
            out(g, 2, "p->x[%s_A_%s][i] = %s;\n", P, cid(a, sv[k].name), dbl(a, sdefs[k]));
    out(g, 2, "(void)i;\n    }\n    return p;\n}\n\n");
    out(g, 0, "static void %s_destroy(void *vp)\n{\n    %s_pop *p = vp;\n    if (p)\n        free(p->mem);\n    free(p);\n}\n\n", P, P);
    out(g, 0, "static size_t %s_bytes(const void *vp)\n{\n    const %s_pop *p = vp;\n"
              "    return sizeof *p + (size_t)%s_N_ARRAYS * p->n_pad * sizeof(double);\n}\n\n", P, P, P);

    /* guards */
    out(g, 0, "/* The parameters' guards ([[...]]): on set_param those that involve only the\n"
              " * parameter set, all of them at calibrate. */\n");
    out(g, 0, "static int %s_guards(const %s_params *q, const char *only, ss_err *err)\n{\n", P, P);
    out(g, 1, "(void)q;\n    (void)only;\n    (void)err;\n");
    for (int k = 0; k < np; k++) {
        const nm_expr *gd = pv[k].decl->guard;
        if (!gd)
            continue;
        const bool self_only = !mentions_other_param(gd, pv[k].sym);
        const char *txt = c_str(a, nm_expr_text(a, gd));
        const char *cond = emit_in(g, gd, 0);
        const char *ref = c_str(a, nm_sprintf(a, "%s:%d", pv[k].decl->pos.src ? pv[k].decl->pos.src->name : "?",
                                              pv[k].decl->pos.line));
        if (self_only)
            out(g, 1, "if ((!only || !strcmp(only, \"%s\")) && !(%s))\n", pv[k].name, cond);
        else
            out(g, 1, "if (!only && !(%s))\n", cond);
        out(g, 2, "return ss_fail(err, \"%s: parameter %s = %%g violates its guard [[%s]] (%s)\", q->%s);\n",
            P, pv[k].name, txt, ref, cid(a, pv[k].name));
    }
    out(g, 1, "return 0;\n}\n\n");

    /* set/get param */
    out(g, 0, "static double *%s_param_ptr(%s_params *q, const char *name)\n{\n", P, P);
    for (int k = 0; k < np; k++)
        out(g, 1, "if (!strcmp(name, \"%s\"))\n        return &q->%s;\n", pv[k].name, cid(a, pv[k].name));
    if (nr->extra_param)
        out(g, 1, "if (!strcmp(name, \"%s\"))\n        return &q->%s;\n", nr->extra_param,
            cid(a, nr->extra_param));
    out(g, 1, "(void)q;\n    (void)name;\n    return NULL;\n}\n\n");
    out(g, 0, "static int %s_set_param(void *vp, const char *name, double value, ss_err *err)\n{\n", P);
    out(g, 1, "%s_pop *p = vp;\n    %s_params q = p->p;\n    double *f = %s_param_ptr(&q, name);\n", P, P, P);
    out(g, 1, "if (!f)\n        return ss_fail(err, \"%s: unknown parameter '%%s'\", name);\n", P);
    out(g, 1, "if (isnan(value))\n        return ss_fail(err, \"%s: parameter %%s = %%g is not a number\", name, value);\n", P);
    out(g, 1, "*f = value;\n    if (%s_guards(&q, name, err))\n        return -1;\n", P);
    out(g, 1, "p->p = q;\n    p->calibrated = false;\n    return 0;\n}\n\n");
    out(g, 0, "static int %s_get_param(const void *vp, const char *name, double *value, ss_err *err)\n{\n", P);
    out(g, 1, "%s_params q = ((const %s_pop *)vp)->p;\n    const double *f = %s_param_ptr(&q, name);\n", P, P, P);
    out(g, 1, "if (!f)\n        return ss_fail(err, \"%s: unknown parameter '%%s'\", name);\n", P);
    out(g, 1, "*value = *f;\n    return 0;\n}\n\n");

    /* state */
    out(g, 0, "static double *%s_state(void *vp, const char *name)\n{\n    %s_pop *p = vp;\n", P, P);
    for (int k = 0; k < ns; k++)
        out(g, 1, "if (!strcmp(name, \"%s\"))\n        return p->x[%s_A_%s];\n", sv[k].name, P, cid(a, sv[k].name));
    for (int j = 0; j < nr->n_sys; j++)
        if (nr->sys[j].kind != NM_SYS_USER)
            out(g, 1, "if (!strcmp(name, \"%s\"))\n        return p->x[%s_A_%s];\n", nr->sys[j].name, P,
                cid(a, nr->sys[j].name));
    for (int k = 0; k < m->inlines.n; k++)
        if (alias[k])
            out(g, 1, "if (!strcmp(name, \"%s\"))\n        return p->x[%s_A_%s];\n",
                m->inlines.v[k]->vars[0].name, P, cid(a, alias[k]));
    out(g, 1, "(void)p;\n    return NULL;\n}\n\n");

    /* calibrate */
    out(g, 0, "static int %s_calibrate(void *vp, double h, ss_err *err)\n{\n", P);
    out(g, 1, "%s_pop *p = vp;\n    const %s_params *q = &p->p;\n    %s_internals *d = &p->d;\n", P, P, P);
    out(g, 1, "if (!(h > 0) || !isfinite(h))\n        return ss_fail(err, \"%s: resolution h = %%g ms must be > 0\", h);\n", P);
    out(g, 1, "if (%s_guards(q, NULL, err))\n        return -1;\n", P);
    out(g, 1, "const double h_before = d->h;\n    (void)h_before;\n    d->h = h;\n");
    out(g, 1, "d->tol = (ss_rkf45_tol){SS_RKF45_EPS_ABS_DEFAULT, SS_RKF45_EPS_REL_DEFAULT};\n");
    for (int k = 0; k < ni; k++)
        out(g, 1, "d->%s = %s;\n", cid(a, iv[k].name),
            iv[k].decl->init ? emit_in(g, iv[k].decl->init, 0) : "0.0");
    for (int k = 0; k < nr->n_gints; k++)
        out(g, 1, "d->%s = %s;\n", cid(a, nr->gints[k].name), nr->gints[k].expr);
    emit_prop_calc(g);
    if (lin.n > 0)
        emit_lin_prepare(g, &lin);
    if (nr->any_numeric) {
        out(g, 1, "/* the carried integration step starts at h and restarts there only\n"
                  "     * when the resolution changes */\n");
        out(g, 1, "for (size_t i = 0; i < p->n_pad; i++)\n");
        out(g, 2, "if (h != h_before || !(p->x[%s_A_h_int][i] > 0))\n", P);
        out(g, 3, "p->x[%s_A_h_int][i] = h;\n", P);
    }
    out(g, 1, "p->calibrated = true;\n    return 0;\n}\n#endif /* NM_ISA_VARIANT */\n\n");

    /* the step: SS_LANES-wide where the model allows it, else scalar */
    const bool vec_done = nr->any_numeric && emit_vector_step(g, sv, ns);
    if (!vec_done)
        out(g, 0, "#ifndef NM_ISA_VARIANT /* scalar step: one compile only */\n");
    if (!vec_done) {
    /* solver context and right-hand sides */
    if (nr->any_numeric) {
        out(g, 0, "/* What the right-hand side sees besides the solver state. */\n");
        out(g, 0, "typedef struct %s_ctx {\n    const %s_params *q;\n    const %s_internals *d;\n", P, P, P);
        for (int k = 0; k < nr->n_cports; k++)
            out(g, 1, "double in_%s;\n", cid(a, nr->cports[k]->name));
        out(g, 0, "} %s_ctx;\n\n", P);
    }
    for (int s = 0; s < nr->n_isets; s++) {
        const nm_iset *is = &nr->isets[s];
        if (!is->numeric)
            continue;
        g->rk_set = s;
        out(g, 0, "/* Right-hand side of integrate_odes(");
        bool first = true;
        for (int j = 0; j < nr->n_sys; j++)
            if (is->sel[j]) {
                fprintf(f, "%s%s", first ? "" : ", ", nr->sys[j].name);
                first = false;
            }
        fprintf(f, "): unselected variables have zero derivative. */\n");
        out(g, 0, "static inline __attribute__((always_inline)) void %s_rhs%d(const void *vc, double t,\n"
                  "        const double *y, double *f)\n{\n", P, s);
        out(g, 1, "const %s_ctx *c = vc;\n    const %s_params *q = c->q;\n    const %s_internals *d = c->d;\n", P, P, P);
        out(g, 1, "(void)t;\n    (void)q;\n    (void)d;\n");
        for (int k = 0; k < is->nrk; k++) {
            const nm_sysvar *v = &nr->sys[is->rk[k]];
            const char *rhs;
            if (v->kind == NM_SYS_USER)
                rhs = is->sel[is->rk[k]] ? emit_in(g, v->rhs, 2) : "0.0";
            else if (v->kind == NM_SYS_KERNEL_Y && v->partner >= 0)
                rhs = nm_sprintf(a, "%s + d->%s * y[%d]", rhs_sysvar(g, v->partner), cid(a, v->lambda), k);
            else
                rhs = nm_sprintf(a, "d->%s * y[%d]", cid(a, v->lambda), k);
            out(g, 1, "f[%d] = %s; /* %s' */\n", k, rhs, v->name);
        }
        out(g, 0, "}\n\n");
    }
    g->rk_set = -1;

    /* update */
    out(g, 0, "/* One step of the population (NESTML-CODEGEN.md §3 order, docs/codegen.md). */\n");
    out(g, 0, "static int %s_update(void *vp, ss_neuron_step *io, ss_err *err)\n{\n", P);
    out(g, 1, "%s_pop *p = vp;\n", P);
    out(g, 1, "if (!p->calibrated)\n        return ss_fail(err, \"%s: update before calibrate\");\n", P);
    out(g, 1, "/* local copies: stores to the state arrays cannot alias them */\n");
    out(g, 1, "const %s_params q_local = p->p;\n    const %s_internals d_local = p->d;\n", P, P);
    out(g, 1, "const %s_params *q = &q_local;\n    const %s_internals *d = &d_local;\n    (void)q;\n    (void)d;\n", P, P);
    for (int k = 0; k < nr->n_rports; k++)
        out(g, 1, "const double *sp_%d = io->spike_in[%d];\n    (void)sp_%d;\n", k, k, k);
    out(g, 1, "const double *cur = io->current_in;\n    (void)cur;\n");
    out(g, 1, "double *x[%s_N_ARRAYS + 1];\n    memcpy(x, p->x, sizeof x);\n", P);
    out(g, 1, "const size_t n = p->n;\n    io->n_spiked = 0;\n");
    out(g, 1, "const size_t end = io->end ? io->end : p->n_pad;\n");
    out(g, 1, "for (size_t i = io->begin; i < end; i++) {\n");
    for (int k = 0; k < ns; k++)
        out(g, 2, "double s_%s = x[%s_A_%s][i];\n", cid(a, sv[k].name), P, cid(a, sv[k].name));
    for (int j = 0; j < nr->n_sys; j++)
        if (nr->sys[j].kind != NM_SYS_USER)
            out(g, 2, "double s_%s = x[%s_A_%s][i];\n", cid(a, nr->sys[j].name), P, cid(a, nr->sys[j].name));
    for (int k = 0; k < nr->n_cports; k++)
        out(g, 2, "const double in_%s = x[%s_A_in_%s][i];\n", cid(a, nr->cports[k]->name), P,
            cid(a, nr->cports[k]->name));
    if (nr->any_numeric)
        out(g, 2, "double h_int = x[%s_A_h_int][i];\n        bool failed = false;\n", P);
    out(g, 2, "bool spiked = false;\n");
    out(g, 2, "/* update block */\n");
    emit_block(g, m->update, 2);
    /* kernel states */
    bool any_kernel = false;
    for (int j = 0; j < nr->n_sys; j++)
        any_kernel |= nr->sys[j].kind != NM_SYS_USER;
    if (any_kernel) {
        out(g, 2, "/* kernel states: exact over the step, then this step's spikes */\n");
        for (int j = 0; j < nr->n_sys; j++)
            if (nr->sys[j].kind != NM_SYS_USER)
                out(g, 2, "const double k_%s = %s;\n", cid(a, nr->sys[j].name), prop_expr(g, 0, j));
        for (int j = 0; j < nr->n_sys; j++) {
            const nm_sysvar *v = &nr->sys[j];
            if (v->kind == NM_SYS_USER)
                continue;
            if (v->jump) {
                int r = -1;
                for (int k = 0; k < nr->n_rports; k++)
                    if (nr->rports[k].port->sym == nr->conv[v->conv].port
                        || !strcmp(nr->rports[k].port->name, nr->conv[v->conv].port->name))
                        r = k;
                out(g, 2, "s_%s = k_%s + %ssp_%d[i]%s * d->%s;\n", cid(a, v->name), cid(a, v->name),
                    nr->rports[r].negate ? "(-" : "", r, nr->rports[r].negate ? ")" : "",
                    cid(a, v->jump));
            } else {
                out(g, 2, "s_%s = k_%s;\n", cid(a, v->name), cid(a, v->name));
            }
        }
    }
    if (nr->any_numeric) {
        out(g, 2, "/* a real neuron whose solver failed or whose state is no longer finite */\n");
        out(g, 2, "if (i < n && (failed");
        for (int j = 0; j < nr->n_sys; j++)
            if (!nr->sys[j].exact)
                fprintf(f, " || !isfinite(s_%s)", cid(a, nr->sys[j].name));
        fprintf(f, "))\n");
        out(g, 3, "return ss_fail(err, \"%s: numerical instability in neuron %%zu (local index): "
                  "solver step %%g ms", P);
        for (int j = 0; j < nr->n_sys; j++)
            if (!nr->sys[j].exact)
                fprintf(f, ", %s = %%g", nr->sys[j].name);
        fprintf(f, "\", i, h_int");
        for (int j = 0; j < nr->n_sys; j++)
            if (!nr->sys[j].exact)
                fprintf(f, ", s_%s", cid(a, nr->sys[j].name));
        fprintf(f, ");\n");
    }
    for (int k = 0; k < m->noncondition; k++) {
        const nm_oncondition *oc = m->oncondition[k];
        if (oc->nparams)
            unsupported(nr, oc->pos, "onCondition parameters");
        out(g, 2, "/* onCondition %d */\n", k + 1);
        out(g, 2, "if (%s) {\n", emit_in(g, oc->cond, 1));
        emit_block(g, oc->body, 3);
        out(g, 2, "}\n");
    }
    out(g, 2, "/* store */\n");
    for (int k = 0; k < ns; k++)
        out(g, 2, "x[%s_A_%s][i] = s_%s;\n", P, cid(a, sv[k].name), cid(a, sv[k].name));
    for (int j = 0; j < nr->n_sys; j++)
        if (nr->sys[j].kind != NM_SYS_USER)
            out(g, 2, "x[%s_A_%s][i] = s_%s;\n", P, cid(a, nr->sys[j].name), cid(a, nr->sys[j].name));
    for (int k = 0; k < nr->n_cports; k++)
        out(g, 2, "x[%s_A_in_%s][i] = cur ? cur[i] : 0.0;\n", P, cid(a, nr->cports[k]->name));
    if (nr->any_numeric)
        out(g, 2, "x[%s_A_h_int][i] = h_int;\n", P);
    out(g, 2, "if (spiked && i < n)\n            io->spiked[io->n_spiked++] = (uint32_t)i;\n");
    out(g, 1, "}\n    (void)err;\n    return 0;\n}\n\n");

    }

    /* the model */
    if (vec_done)
        out(g, 0, "#ifndef NM_ISA_VARIANT\n");
    out(g, 0, "const ss_neuron_model ss_nestml_model_%s = {\n", P);
    out(g, 1, ".abi_version = SS_MODEL_ABI_VERSION,\n");
    out(g, 1, ".name = \"%s\",\n", P);
    out(g, 1, ".summary = \"NESTML %s (generated by nestmlc)\",\n", m->name);
    out(g, 1, ".provenance = \"nestmlc %s; %s; source sha256 %s; generated sha256 "
              "@@GENERATED_SHA256@@\",\n", meta->version, c_str(a, meta->source_path), meta->source_sha256);
    out(g, 1, ".n_receptors = %d,\n", nr->n_rports);
    out(g, 1, ".receptor_names = %s,\n", nr->n_rports ? nm_sprintf(a, "%s_receptors", P) : "NULL");
    out(g, 1, ".route_by_sign = %s,\n", nr->route_by_sign ? "true" : "false");
    out(g, 1, ".n_vars = sizeof %s_vars / sizeof %s_vars[0],\n", P, P);
    out(g, 1, ".vars = %s_vars,\n", P);
    if (nr->extra_param)
        out(g, 1, ".post_trace_tau = \"%s\",\n", nr->extra_param);
    else
        out(g, 1, ".post_trace_tau = NULL,\n");
    const char *fns[] = {"create", "destroy", "bytes", "set_param", "get_param", "state",
                         "calibrate", "update"};
    for (size_t k = 0; k < sizeof fns / sizeof fns[0]; k++)
        out(g, 1, ".%s = %s_%s,\n", fns[k], P, fns[k]);
    out(g, 0, "};\n#endif /* NM_ISA_VARIANT */\n");
    return nr->errors == 0;
}
