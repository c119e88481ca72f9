/* nestmlc/cg_analyze.c — from a checked neuron to the system the generator
 * emits: system variables (state with first-order ODEs, kernel states),
 * receptors, continuous inputs, linear forms, the exact/numeric split
 * (NESTML-CODEGEN.md §2: exact if the right-hand side is linear with
 * constant coefficients and depends only on exact variables) and the
 * distinct argument sets of integrate_odes(). What the generator cannot
 * translate faithfully is reported here as `not supported: ...`. */
#include "backend.h"

#include <string.h>

static void unsupported(nm_neuron *nr, nm_pos pos, const char *what)
{
    nm_diag_error(nr->diags, pos, "not supported: %s", what);
    nr->errors++;
}

const char *nm_gint_add(nm_neuron *nr, const char *name, const char *expr)
{
    if (nr->n_gints == nr->cap_gints) {
        int cap = nr->cap_gints ? 2 * nr->cap_gints : 8;
        nm_gint *g = nm_alloc(nr->arena, (size_t)cap * sizeof *g);
        if (nr->n_gints)
            memcpy(g, nr->gints, (size_t)nr->n_gints * sizeof *g);
        nr->gints = g;
        nr->cap_gints = cap;
    }
    nr->gints[nr->n_gints++] = (nm_gint){name, expr};
    return name;
}

const char *nm_recip(nm_neuron *nr, const char *den)
{
    const char *want = nm_sprintf(nr->arena, "1.0 / %s", den);
    for (int k = 0; k < nr->n_gints; k++)
        if (!strcmp(nr->gints[k].expr, want))
            return nr->gints[k].name;
    if (nr->gints_frozen)
        return NULL;
    return nm_gint_add(nr, nm_sprintf(nr->arena, "recip__%d", nr->n_gints), want);
}

/* ---- walking expressions and statements ---- */

typedef void (*expr_fn)(nm_neuron *nr, const nm_expr *e);

static void walk_expr(nm_neuron *nr, const nm_expr *e, expr_fn fn)
{
    if (!e)
        return;
    fn(nr, e);
    switch (e->kind) {
    case NM_E_VAR:
        if (e->sym && e->sym->kind == NM_SYM_INLINE && e->sym->decl)
            walk_expr(nr, e->sym->decl->init, fn);
        break;
    case NM_E_CALL:
        for (int i = 0; i < e->nargs; i++)
            walk_expr(nr, e->args[i], fn);
        break;
    case NM_E_UNARY:
        walk_expr(nr, e->a, fn);
        break;
    case NM_E_BINARY:
        walk_expr(nr, e->a, fn);
        walk_expr(nr, e->b, fn);
        break;
    case NM_E_TERNARY:
        walk_expr(nr, e->a, fn);
        walk_expr(nr, e->b, fn);
        walk_expr(nr, e->c, fn);
        break;
    default:
        break;
    }
}

static void walk_block(nm_neuron *nr, const nm_block *b, expr_fn fn)
{
    if (!b)
        return;
    for (int k = 0; k < b->n; k++) {
        const nm_stmt *s = b->stmts[k];
        walk_expr(nr, s->target, fn);
        walk_expr(nr, s->value, fn);
        if (s->decl)
            walk_expr(nr, s->decl->init, fn);
        for (int j = 0; j < s->nbranches; j++) {
            walk_expr(nr, s->conds[j], fn);
            walk_block(nr, s->bodies[j], fn);
        }
        walk_block(nr, s->else_body, fn);
        walk_block(nr, s->body, fn);
    }
}

static void find_convolutions(nm_neuron *nr, const nm_expr *e)
{
    if (e->kind == NM_E_CALL && e->call == NM_CALL_PREDEFINED && e->predef == NM_PF_CONVOLVE
        && e->nargs == 2 && e->args[0]->sym && e->args[1]->sym
        && e->args[0]->sym->kind == NM_SYM_KERNEL)
        nm_kernel_conv(nr, e->args[0]->sym, e->args[1]->sym, e->pos);
}

/* ---- integrate_odes() argument sets ---- */

static int iset_of_call(nm_neuron *nr, const nm_expr *call)
{
    bool *sel = nm_alloc(nr->arena, (size_t)nr->n_sys * sizeof *sel);
    if (call->nargs == 0) {
        for (int j = 0; j < nr->n_sys; j++)
            sel[j] = nr->sys[j].kind == NM_SYS_USER;
    }
    for (int a = 0; a < call->nargs; a++) {
        const nm_expr *v = call->args[a];
        int found = -1;
        for (int j = 0; j < nr->n_sys; j++)
            if (nr->sys[j].kind == NM_SYS_USER && v->sym == nr->sys[j].sym)
                found = j;
        if (found < 0) {
            unsupported(nr, v->pos, "integrate_odes() of a variable without a first-order ODE");
            return -1;
        }
        sel[found] = true;
    }
    for (int s = 0; s < nr->n_isets; s++)
        if (!memcmp(nr->isets[s].sel, sel, (size_t)nr->n_sys * sizeof *sel))
            return s;
    nm_iset is = {.sel = sel};
    for (int j = 0; j < nr->n_sys; j++)
        if (sel[j] && !nr->sys[j].exact)
            is.numeric = true;
    if (is.numeric) {
        /* the solver's state: every numeric variable and, transitively,
         * every variable their right-hand sides read */
        bool *in = nm_alloc(nr->arena, (size_t)nr->n_sys * sizeof *in);
        for (int j = 0; j < nr->n_sys; j++)
            in[j] = !nr->sys[j].exact;
        for (bool grew = true; grew;) {
            grew = false;
            for (int j = 0; j < nr->n_sys; j++) {
                if (!in[j])
                    continue;
                for (int k = 0; k < nr->n_sys; k++) {
                    if (nr->sys[j].deps[k] && !in[k]) {
                        in[k] = true;
                        grew = true;
                    }
                }
            }
        }
        is.rk = nm_alloc(nr->arena, (size_t)nr->n_sys * sizeof(int));
        for (int j = 0; j < nr->n_sys; j++)
            if (in[j])
                is.rk[is.nrk++] = j;
    }
    nm_iset *all = nm_alloc(nr->arena, (size_t)(nr->n_isets + 1) * sizeof *all);
    if (nr->n_isets)
        memcpy(all, nr->isets, (size_t)nr->n_isets * sizeof *all);
    all[nr->n_isets] = is;
    nr->isets = all;
    return nr->n_isets++;
}

static void collect_icalls(nm_neuron *nr, const nm_block *b)
{
    if (!b)
        return;
    for (int k = 0; k < b->n; k++) {
        const nm_stmt *s = b->stmts[k];
        if (s->kind == NM_S_CALL && s->value->call == NM_CALL_PREDEFINED
            && s->value->predef == NM_PF_INTEGRATE_ODES) {
            int set = iset_of_call(nr, s->value);
            const nm_expr **c = nm_alloc(nr->arena, (size_t)(nr->n_icalls + 1) * sizeof *c);
            int *cs = nm_alloc(nr->arena, (size_t)(nr->n_icalls + 1) * sizeof *cs);
            if (nr->n_icalls) {
                memcpy(c, nr->icalls, (size_t)nr->n_icalls * sizeof *c);
                memcpy(cs, nr->icall_set, (size_t)nr->n_icalls * sizeof *cs);
            }
            c[nr->n_icalls] = s->value;
            cs[nr->n_icalls] = set;
            nr->icalls = c;
            nr->icall_set = cs;
            nr->n_icalls++;
        }
        for (int j = 0; j < s->nbranches; j++)
            collect_icalls(nr, s->bodies[j]);
        collect_icalls(nr, s->else_body);
        collect_icalls(nr, s->body);
    }
}

/* ---- the system ---- */

static void add_user_odes(nm_neuron *nr)
{
    const nm_model *m = nr->m;
    nr->sys = nm_alloc(nr->arena, (size_t)(m->nodes + 1) * sizeof *nr->sys);
    for (int k = 0; k < m->nodes; k++) {
        const nm_ode *o = m->odes[k];
        if (o->lhs->order != 1 || !o->lhs->sym || o->lhs->sym->kind != NM_SYM_STATE) {
            unsupported(nr, o->pos, "ODEs of order above one (write them as first-order systems)");
            continue;
        }
        if (o->lhs->sym->size) {
            unsupported(nr, o->pos, "vector state variables");
            continue;
        }
        nm_sysvar v = {.kind = NM_SYS_USER, .name = o->lhs->sym->name, .sym = o->lhs->sym,
                       .rhs = o->rhs, .partner = -1};
        nr->sys[nr->n_sys++] = v;
    }
}

static void add_ports(nm_neuron *nr)
{
    const nm_model *m = nr->m;
    nr->cports = nm_alloc(nr->arena, (size_t)(m->ninputs + 1) * sizeof *nr->cports);
    nr->rports = nm_alloc(nr->arena, (size_t)(m->ninputs + 1) * sizeof *nr->rports);
    int n_exc = 0, n_inh = 0;
    for (int k = 0; k < m->ninputs; k++) {
        const nm_port *p = m->inputs[k];
        if (p->size) {
            unsupported(nr, p->pos, "vector input ports");
            continue;
        }
        if (p->continuous) {
            nr->cports[nr->n_cports++] = p;
            continue;
        }
        const bool inh = p->inhibitory && !p->excitatory;
        n_exc += p->excitatory && !p->inhibitory;
        n_inh += inh;
        nr->rports[nr->n_rports++] = (nm_rport){p, inh};
    }
    nr->n_inputs = 1 + nr->n_cports;
    /* NEST's routing by sign: one excitatory and one inhibitory port */
    nr->route_by_sign = nr->n_rports == 2 && n_exc == 1 && n_inh == 1;
    if (nr->route_by_sign && nr->rports[0].negate) {
        nm_rport t = nr->rports[0];
        nr->rports[0] = nr->rports[1];
        nr->rports[1] = t;
    }
    if (!nr->route_by_sign)
        for (int k = 0; k < nr->n_rports; k++)
            nr->rports[k].negate = false; /* a port's weights are taken as connected */
}

/* The system variables an expression reads (inlines expanded). */
static void deps_of(nm_neuron *nr, const nm_expr *e, bool *deps)
{
    if (!e)
        return;
    switch (e->kind) {
    case NM_E_VAR:
        if (!e->sym)
            return;
        if (e->sym->kind == NM_SYM_INLINE && e->sym->decl)
            deps_of(nr, e->sym->decl->init, deps);
        for (int j = 0; j < nr->n_sys; j++)
            if (nr->sys[j].kind == NM_SYS_USER && nr->sys[j].sym == e->sym)
                deps[j] = true;
        return;
    case NM_E_CALL:
        if (e->call == NM_CALL_PREDEFINED && e->predef == NM_PF_CONVOLVE) {
            for (int c = 0; c < nr->n_conv; c++)
                if (nr->conv[c].kernel == e->args[0]->sym && nr->conv[c].port == e->args[1]->sym)
                    for (int y = 0; y < nr->conv[c].nys; y++)
                        deps[nr->conv[c].ys[y]] = true;
            return;
        }
        for (int i = 0; i < e->nargs; i++)
            deps_of(nr, e->args[i], deps);
        return;
    case NM_E_UNARY:
        deps_of(nr, e->a, deps);
        return;
    case NM_E_BINARY:
        deps_of(nr, e->a, deps);
        deps_of(nr, e->b, deps);
        return;
    case NM_E_TERNARY:
        deps_of(nr, e->a, deps);
        deps_of(nr, e->b, deps);
        deps_of(nr, e->c, deps);
        return;
    default:
        return;
    }
}

static void classify(nm_neuron *nr)
{
    for (int j = 0; j < nr->n_sys; j++) {
        nm_sysvar *v = &nr->sys[j];
        if (v->kind == NM_SYS_USER) {
            v->lin = nm_lin_of(nr, v->rhs);
        } else {
            v->lin.ok = true;
            v->lin.coef = nm_alloc(nr->arena, (size_t)nr->n_sys * sizeof(char *));
            v->lin.ucoef = nm_alloc(nr->arena, (size_t)nr->n_inputs * sizeof(char *));
            v->lin.coef[j] = nm_sprintf(nr->arena, "d->%s", v->lambda);
            if (v->partner >= 0)
                v->lin.coef[v->partner] = "1.0";
        }
        v->exact = v->lin.ok;
        v->deps = nm_alloc(nr->arena, (size_t)nr->n_sys * sizeof *v->deps);
        if (v->kind == NM_SYS_USER)
            deps_of(nr, v->rhs, v->deps);
        for (int k = 0; k < nr->n_sys; k++)
            v->deps[k] |= v->lin.ok && v->lin.coef[k] != NULL;
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (int j = 0; j < nr->n_sys; j++)
            for (int k = 0; k < nr->n_sys && nr->sys[j].exact; k++)
                if (nr->sys[j].lin.coef[k] && !nr->sys[k].exact) {
                    nr->sys[j].exact = false;
                    changed = true;
                }
    }
    for (int j = 0; j < nr->n_sys; j++)
        nr->any_numeric |= !nr->sys[j].exact;
}

static void check_blocks(nm_neuron *nr)
{
    const nm_model *m = nr->m;
    for (int k = 0; k < m->nonreceive; k++)
        unsupported(nr, m->onreceive[k]->pos, "onReceive blocks in neurons");
    for (int k = 0; k < m->nkernels; k++)
        if (m->kernels[k]->n != 1 || m->kernels[k]->lhs[0]->order != 0) {
            unsupported(nr, m->kernels[k]->pos,
                        "kernels given as ODE systems (write them as functions of t)");
        }
    for (int k = 0; k < m->state.n; k++) {
        const nm_decl *d = m->state.v[k];
        for (int j = 0; j < d->nvars; j++)
            if (d->vars[j].order > 0 || d->vars[j].size)
                unsupported(nr, d->vars[j].pos,
                            d->vars[j].size ? "vector state variables"
                                            : "state variables named with apostrophes "
                                              "(higher-order ODEs)");
    }
}

/* Any text will do for the dry emission: only the divisors matter. */
static const char *dry_var(void *ud, const nm_symbol *s, const nm_expr *e)
{
    (void)ud;
    (void)e;
    return s->kind == NM_SYM_PARAMETER ? nm_sprintf(((nm_neuron *)ud)->arena, "q->%s", s->name)
         : s->kind == NM_SYM_INTERNAL  ? nm_sprintf(((nm_neuron *)ud)->arena, "d->%s", s->name)
                                       : "x";
}

static const char *dry_sysvar(void *ud, int j)
{
    (void)ud;
    (void)j;
    return "x";
}

bool nm_analyze_neuron(nm_neuron *nr, nm_arena *a, nm_diags *d, const nm_model *m)
{
    memset(nr, 0, sizeof *nr);
    nr->arena = a;
    nr->diags = d;
    nr->m = m;
    size_t len = strlen(m->name);
    const char *base = m->name;
    if (len > 7 && !strcmp(m->name + len - 7, "_neuron"))
        base = nm_strndup(a, m->name, len - 7);
    nr->reg_name = nm_sprintf(a, "%s_nestml", base);
    nr->cname = nr->reg_name;
    check_blocks(nr);
    add_user_odes(nr);
    add_ports(nr);
    for (int k = 0; k < m->nodes; k++)
        walk_expr(nr, m->odes[k]->rhs, find_convolutions);
    for (int k = 0; k < m->inlines.n; k++)
        walk_expr(nr, m->inlines.v[k]->init, find_convolutions);
    walk_block(nr, m->update, find_convolutions);
    for (int k = 0; k < m->noncondition; k++) {
        walk_expr(nr, m->oncondition[k]->cond, find_convolutions);
        walk_block(nr, m->oncondition[k]->body, find_convolutions);
    }
    nr->frozen = true;
    if (nr->errors)
        return false;
    classify(nr);
    collect_icalls(nr, m->update);
    /* reciprocals of the numeric right-hand sides' constant divisors: a dry
     * emission registers them, code generation then finds them */
    for (int j = 0; j < nr->n_sys; j++)
        if (!nr->sys[j].exact && nr->sys[j].kind == NM_SYS_USER) {
            nm_emitctx c = {.var = dry_var, .sysvar = dry_sysvar, .ud = nr, .h = "d->h", .nr = nr,
                            .recip = true};
            nm_diags sink;
            nm_diags_init(&sink, NULL);
            nm_diags *saved = nr->diags;
            int errors = nr->errors;
            nr->diags = &sink;
            nm_emit_expr(&c, nr->sys[j].rhs);
            nr->diags = saved;
            nr->errors = errors;
            nm_diags_free(&sink);
        }
    nr->gints_frozen = true;
    return nr->errors == 0;
}
