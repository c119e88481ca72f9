/* nestmlc/check.c — declarations, blocks, statements and model-level context
 * conditions (see check.h). Expression typing lives in types.c.
 *
 * A model is checked in two passes: first every model-level name is
 * declared (initialisers may refer to names declared later, as in NESTML),
 * then every initialiser, equation and statement is checked. */
#include "check.h"
#include "check_impl.h"

#include <string.h>

/* ---- declaring ------------------------------------------------------------------ */

/* C keywords: model names become identifiers of the generated C code (as
 * NESTML rejects C++ names for its NEST target). NESTML's own keywords never
 * reach here (the lexer reserves them). */
static bool c_keyword(const char *name)
{
    static const char *const kw[] = {
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double",
        "enum", "extern", "float", "goto", "int", "long", "register", "restrict", "short",
        "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned",
        "volatile", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic",
        "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local" };
    for (size_t k = 0; k < sizeof kw / sizeof kw[0]; k++)
        if (strcmp(kw[k], name) == 0) return true;
    return false;
}

/* Adds `sym` to scope `s` unless the name is taken there or reserved. */
static nm_symbol *declare(nm_checker *c, nm_scope *s, nm_symbol sym)
{
    nm_unit u;
    if (sym.order == 0 && nm_scope_find(c->m->scope->parent, sym.name, 0)) {
        nm_diag_error(c->d, sym.pos, "'%s' already declared as a predefined variable (reserved "
                      "name)", sym.name);
        return NULL;
    }
    if (nm_predef_lookup(sym.name) != NM_PF_NONE) {
        nm_diag_error(c->d, sym.pos, "'%s' already declared as a predefined function (reserved "
                      "name)", sym.name);
        return NULL;
    }
    if (c_keyword(sym.name)) {
        nm_diag_error(c->d, sym.pos, "'%s' is a reserved keyword of the generated C code; "
                      "choose another name", sym.name);
        return NULL;
    }
    nm_symbol *old = nm_scope_find_here(s, sym.name, sym.order);
    if (old) {
        nm_diag_error(c->d, sym.pos, "'%s%.*s' already declared at line %d", sym.name,
                      sym.order, "''''''''''''''''", old->pos.line);
        return NULL;
    }
    if (sym.order == 0 && sym.kind != NM_SYM_FUNCTION && nm_unit_lookup(sym.name, &u))
        nm_diag_warning(c->d, sym.pos, "variable '%s' shadows the unit %s", sym.name, sym.name);
    return nm_scope_add(c->a, s, &sym);
}

static void declare_decl(nm_checker *c, nm_decl *d, nm_symkind kind)
{
    nm_type t = nm_resolve_dtype(c, d->type);
    for (int k = 0; k < d->nvars; k++) {
        nm_declvar *v = &d->vars[k];
        nm_symbol s = { .name = v->name, .order = v->order, .kind = kind, .type = t,
                        .pos = v->pos, .decl = d, .size = v->size };
        v->sym = declare(c, c->scope, s);
    }
}

static void declare_port(nm_checker *c, nm_port *p)
{
    nm_type t;
    if (p->continuous) {
        t = nm_resolve_dtype(c, p->type);
    } else {
        nm_unit s;
        nm_unit_lookup("s", &s);
        t = (nm_type){ NM_TY_UNIT, nm_unit_div(nm_unit_one(), s) };
    }
    nm_symbol sym = { .name = p->name, .kind = p->continuous ? NM_SYM_CONT_PORT
                                                              : NM_SYM_SPIKE_PORT,
                      .type = t, .pos = p->pos, .port = p, .size = p->size };
    p->sym = declare(c, c->scope, sym);
}

static void declare_function(nm_checker *c, nm_function *f)
{
    for (int k = 0; k < f->nparams; k++) nm_resolve_dtype(c, f->params[k].type);
    nm_type r = nm_resolve_dtype(c, f->ret);
    nm_symbol sym = { .name = f->name, .kind = NM_SYM_FUNCTION, .type = r, .pos = f->name_pos,
                      .fn = f };
    declare(c, c->scope, sym);
}

/* Kernels: `kernel K = f(t)` declares K; `kernel g' = ...` needs state g
 * (and its lower derivatives) with initial values and marks them. */
static void declare_kernel(nm_checker *c, nm_kernel *kn)
{
    for (int j = 0; j < kn->n; j++) {
        nm_expr *l = kn->lhs[j];
        if (l->order == 0) {
            nm_symbol sym = { .name = l->name, .kind = NM_SYM_KERNEL,
                              .type = { NM_TY_REAL, nm_unit_one() }, .pos = l->pos,
                              .kernel = kn };
            declare(c, c->scope, sym);
            continue;
        }
        for (int o = 0; o < l->order; o++) {
            nm_symbol *s = nm_scope_find_here(c->scope, l->name, o);
            if (!s || s->kind != NM_SYM_STATE) {
                nm_diag_error(c->d, l->pos, "kernel %s%.*s of order %d needs the state variable "
                              "%s%.*s with its initial value", l->name, l->order, "''''''''''",
                              l->order, l->name, o, "''''''''''");
                break;
            }
            s->kernel = kn;
        }
    }
}

/* Variable blocks are declared in source order, so "already declared"
 * points at the later of two declarations. */
static void declare_var_blocks(nm_checker *c, nm_model *m)
{
    typedef struct { nm_blockkind b; nm_decls *ds; nm_symkind k; } varblock;
    varblock v[3] = {
        { NM_B_STATE, &m->state, NM_SYM_STATE },
        { NM_B_PARAMETERS, &m->parameters, NM_SYM_PARAMETER },
        { NM_B_INTERNALS, &m->internals, NM_SYM_INTERNAL } };
    for (int i = 0; i < 3; i++) /* sort three by source line */
        for (int j = i + 1; j < 3; j++)
            if (m->block_pos[v[j].b].line < m->block_pos[v[i].b].line) {
                varblock tmp = v[i];
                v[i] = v[j];
                v[j] = tmp;
            }
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < v[i].ds->n; k++) declare_decl(c, v[i].ds->v[k], v[i].k);
}

static void declare_model(nm_checker *c, nm_model *m)
{
    declare_var_blocks(c, m);
    for (int k = 0; k < m->inlines.n; k++) declare_decl(c, m->inlines.v[k], NM_SYM_INLINE);
    for (int k = 0; k < m->ninputs; k++) declare_port(c, m->inputs[k]);
    for (int k = 0; k < m->nfunctions; k++) declare_function(c, m->functions[k]);
    for (int k = 0; k < m->nkernels; k++) declare_kernel(c, m->kernels[k]);
}

/* ---- declarations ------------------------------------------------------------------ */

/* Vector size: a positive integer literal or an integer parameter/internal. */
static void check_vector_size(nm_checker *c, nm_expr *size)
{
    if (size->kind == NM_E_NUM && !size->unit) {
        if (!size->is_int || size->value < 1)
            nm_diag_error(c->d, size->pos, "vector size must be a positive integer, got %s",
                          size->text);
        size->type = (nm_type){ NM_TY_INTEGER, nm_unit_one() };
        return;
    }
    if (size->kind == NM_E_VAR && !size->index && size->order == 0) {
        nm_symbol *s = nm_scope_find(c->scope, size->name, 0);
        if (s && (s->kind == NM_SYM_PARAMETER || s->kind == NM_SYM_INTERNAL)
            && s->type.kind == NM_TY_INTEGER) {
            size->sym = s;
            size->type = s->type;
            return;
        }
    }
    nm_diag_error(c->d, size->pos, "vector size must be a positive integer literal or an "
                  "integer parameter or internal");
}

static void check_decl_values(nm_checker *c, nm_decl *d, bool need_init)
{
    nm_type t = d->type ? d->type->resolved : (nm_type){ NM_TY_ERROR, nm_unit_one() };
    for (int k = 0; k < d->nvars; k++)
        if (d->vars[k].size) check_vector_size(c, d->vars[k].size);
    if (d->init) {
        nm_type v = nm_check_expr(c, d->init);
        nm_check_assignable(c, t, v, nm_expr_start(d->init),
                            nm_sprintf(c->a, "the initial value of '%s'", d->vars[0].name));
    } else if (need_init) {
        nm_diag_error(c->d, d->vars[0].pos, "state variable '%s' must be initialised (initial "
                      "value missing)", d->vars[0].name);
    }
    if (d->guard) {
        nm_type g = nm_check_expr(c, d->guard);
        if (g.kind != NM_TY_ERROR && g.kind != NM_TY_BOOLEAN)
            nm_diag_error(c->d, nm_expr_start(d->guard), "guard must be boolean, got %s",
                          nm_type_str(c, g));
    }
}

static void check_var_block(nm_checker *c, nm_decls *ds, nm_ctx ctx)
{
    c->ctx = ctx;
    for (int k = 0; k < ds->n; k++) {
        nm_decl *d = ds->v[k];
        if (d->is_inline)
            nm_diag_error(c->d, d->pos, "inline expressions are not allowed in %s (only in "
                          "equations)", nm_ctx_name(ctx));
        check_decl_values(c, d, ctx == NM_CTX_STATE);
    }
}

/* ---- equations ------------------------------------------------------------------ */

static void check_ode(nm_checker *c, nm_ode *o)
{
    nm_expr *l = o->lhs;
    c->ctx = NM_CTX_EQUATIONS;
    nm_type rhs = nm_check_expr(c, o->rhs);
    if (l->order == 0) {
        nm_diag_error(c->d, l->pos, "the left-hand side of an ODE needs a derivative order "
                      "(write %s' = ...)", l->name);
        return;
    }
    nm_symbol *base = nm_scope_find_here(c->m->scope, l->name, 0);
    if (!base || base->kind != NM_SYM_STATE) {
        nm_diag_error(c->d, l->pos, "ODE for undeclared state variable '%s' (declare it in the "
                      "state block)", l->name);
        return;
    }
    for (int j = 1; j < l->order; j++)
        if (!nm_scope_find_here(c->m->scope, l->name, j)) {
            nm_diag_error(c->d, l->pos, "ODE of order %d for '%s' needs the state variable "
                          "%s%.*s (lower order derivative) with its initial value", l->order,
                          l->name, l->name, j, "''''''''''");
            return;
        }
    if (base->kernel) {
        /* One variable, two sets of dynamics: the kernel's ODE system and this
         * ODE would both claim it; neither NESTML nor the back end merges them. */
        nm_diag_error(c->d, l->pos, "'%s' is defined both by a kernel (line %d) and by an ODE",
                      l->name, base->kernel->pos.line);
        return;
    }
    if (base->ode) {
        nm_diag_error(c->d, l->pos, "ODE for '%s' defined more than once (first at line %d)",
                      l->name, base->ode->pos.line);
        return;
    }
    base->ode = o;
    l->sym = base;
    l->type = base->type;
    nm_unit s, expect;
    nm_unit_lookup("s", &s);
    nm_unit sn;
    nm_unit_pow(s, l->order, 1, &sn);
    expect = nm_unit_div(base->type.kind == NM_TY_UNIT ? base->type.unit : nm_unit_one(), sn);
    if (rhs.kind == NM_TY_UNIT && !nm_unit_same_dim(rhs.unit, expect)) {
        nm_diag_error(c->d, nm_expr_start(o->rhs), "incompatible units in the ODE for %s%.*s: expected "
                      "%s, got %s", l->name, l->order, "''''''''''",
                      nm_type_str(c, nm_type_of_unit(nm_unit_canonical(expect))),
                      nm_type_str(c, rhs));
    } else if ((rhs.kind == NM_TY_REAL || rhs.kind == NM_TY_INTEGER)
               && !nm_unit_is_dimensionless(expect)) {
        nm_diag_warning(c->d, o->rhs->pos, "implicit conversion from real to %s in the ODE for "
                        "%s%.*s", nm_type_str(c, nm_type_of_unit(nm_unit_canonical(expect))),
                        l->name, l->order, "''''''''''");
    } else if (rhs.kind != NM_TY_ERROR && !nm_type_numeric(rhs)) {
        nm_diag_error(c->d, o->rhs->pos, "the right-hand side of an ODE must be numeric, got %s",
                      nm_type_str(c, rhs));
    }
}

/* Kernel typing (NESTML's kernel type condition). A kernel written as a
 * function of t is a dimensionless shape (convolve() multiplies it by the
 * port's 1/s and integrates over time). An ODE-form kernel variable g of
 * order n is consistent with its own state: if g has dimension D (real: none),
 * g^(k) must have D/s^k and the right-hand side D/s^n. D is free so that a
 * coupled system may carry a 1/s helper (`g$ 1/ms` in g' = g$ - g/tau); that
 * the convolved variable itself is dimensionless is checked at convolve().
 * A plain real is accepted wherever a unit is expected, as for any quantity. */
static bool kernel_dim_ok(nm_type t, nm_unit base, int order)
{
    if (t.kind == NM_TY_REAL || t.kind == NM_TY_INTEGER || t.kind == NM_TY_ERROR) return true;
    if (t.kind != NM_TY_UNIT) return false;
    nm_unit s, sn;
    nm_unit_lookup("s", &s);
    nm_unit_pow(s, order, 1, &sn);
    return nm_unit_same_dim(t.unit, nm_unit_div(base, sn));
}

static const char *kernel_expected(nm_checker *c, nm_unit base, int order)
{
    nm_unit s, sn;
    nm_unit_lookup("s", &s);
    nm_unit_pow(s, order, 1, &sn);
    nm_unit u = nm_unit_canonical(nm_unit_div(base, sn));
    const char *t = nm_type_str(c, nm_unit_is_dimensionless(u) ? (nm_type){ NM_TY_REAL,
                                nm_unit_one() } : nm_type_of_unit(u));
    return order == 0 ? t : nm_sprintf(c->a, "%s (or real)", t);
}

static void check_kernel_type(nm_checker *c, nm_model *m, nm_expr *l, nm_expr *rhs, nm_type t)
{
    static const char marks[] = "''''''''''";
    nm_symbol *g = l->order ? nm_scope_find_here(m->scope, l->name, 0) : NULL;
    nm_unit base = g && g->type.kind == NM_TY_UNIT ? g->type.unit : nm_unit_one();
    if (!kernel_dim_ok(t, base, l->order))
        nm_diag_error(c->d, nm_expr_start(rhs), "wrong kernel type: the right-hand side of kernel "
                      "%s%.*s must be %s, got %s", l->name, l->order, marks,
                      kernel_expected(c, base, l->order), nm_type_str(c, t));
    for (int o = 1; o < l->order; o++) {
        nm_symbol *s = nm_scope_find_here(m->scope, l->name, o);
        if (s && s->kind == NM_SYM_STATE && !kernel_dim_ok(s->type, base, o))
            nm_diag_error(c->d, l->pos, "wrong kernel type: state variable %s%.*s of kernel "
                          "%s%.*s must be %s, got %s", l->name, o, marks, l->name, l->order,
                          marks, kernel_expected(c, base, o), nm_type_str(c, s->type));
    }
}

static void check_equations(nm_checker *c, nm_model *m)
{
    c->ctx = NM_CTX_EQUATIONS;
    for (int k = 0; k < m->inlines.n; k++) check_decl_values(c, m->inlines.v[k], false);
    c->ctx = NM_CTX_KERNEL;
    for (int k = 0; k < m->nkernels; k++) {
        nm_kernel *kn = m->kernels[k];
        for (int j = 0; j < kn->n; j++) {
            nm_type t = nm_check_expr(c, kn->rhs[j]);
            nm_expr *l = kn->lhs[j];
            check_kernel_type(c, m, l, kn->rhs[j], t);
            l->sym = nm_scope_find_here(m->scope, l->name, 0);
            if (l->sym) l->type = l->sym->type;
        }
    }
    for (int k = 0; k < m->nodes; k++) check_ode(c, m->odes[k]);
}

/* ---- statements -------------------------------------------------------------------- */

static void check_block(nm_checker *c, nm_block *b);

static nm_block *sub(nm_checker *c, nm_block *b)
{
    if (!b) return b;
    c->scope = nm_scope_new(c->a, c->scope, 16);
    check_block(c, b);
    c->scope = c->scope->parent;
    return b;
}

static void check_condition(nm_checker *c, nm_expr *e, const char *what)
{
    nm_type t = nm_check_expr(c, e);
    if (t.kind != NM_TY_ERROR && t.kind != NM_TY_BOOLEAN)
        nm_diag_error(c->d, nm_expr_start(e), "condition of %s must be boolean, got %s", what,
                      nm_type_str(c, t));
}

static bool assignable_symbol(nm_checker *c, nm_expr *t, nm_symbol *s)
{
    const char *what = NULL;
    switch (s->kind) {
    case NM_SYM_PARAMETER: what = "parameter"; break;
    case NM_SYM_INTERNAL: what = "internal"; break;
    case NM_SYM_INLINE: what = "inline expression"; break;
    case NM_SYM_SPIKE_PORT: case NM_SYM_CONT_PORT: what = "input port"; break;
    case NM_SYM_KERNEL: what = "kernel"; break;
    case NM_SYM_PREDEF_VAR: what = "predefined variable"; break;
    case NM_SYM_FUNCTION: what = "function"; break;
    default: return true;
    }
    nm_diag_error(c->d, t->pos, "cannot assign to %s '%s'", what, t->name);
    return false;
}

static void check_assign(nm_checker *c, nm_stmt *s)
{
    nm_expr *t = s->target;
    nm_symbol *sym = nm_scope_find(c->scope, t->name, t->order);
    nm_type v = nm_check_expr(c, s->value);
    if (!sym) {
        nm_check_expr(c, t); /* reports "undeclared" */
        return;
    }
    if (!assignable_symbol(c, t, sym)) return;
    nm_type tt = nm_check_expr(c, t);
    const char *what = nm_sprintf(c->a, "the assignment to '%s'", t->name);
    if (s->aop == NM_OP_ASSIGN) {
        nm_check_assignable(c, tt, v, nm_expr_start(s->value), what);
    } else if (s->aop == NM_OP_ADD || s->aop == NM_OP_SUB) {
        nm_check_assignable(c, tt, v, nm_expr_start(s->value), what);
    } else if (v.kind == NM_TY_UNIT && !nm_unit_is_dimensionless(v.unit)) {
        nm_diag_error(c->d, s->value->pos, "incompatible units in %s: '%s=' needs a "
                      "dimensionless value, got %s", what, nm_op_text(s->aop), nm_type_str(c, v));
    }
}

static void check_local_decl(nm_checker *c, nm_decl *d)
{
    nm_type t = nm_resolve_dtype(c, d->type);
    if (d->init) {
        nm_type v = nm_check_expr(c, d->init);
        nm_check_assignable(c, t, v, nm_expr_start(d->init),
                            nm_sprintf(c->a, "the initial value of '%s'", d->vars[0].name));
    }
    for (int k = 0; k < d->nvars; k++) {
        nm_declvar *v = &d->vars[k];
        if (v->size) check_vector_size(c, v->size);
        nm_symbol s = { .name = v->name, .order = v->order, .kind = NM_SYM_LOCAL, .type = t,
                        .pos = v->pos, .decl = d, .size = v->size };
        v->sym = declare(c, c->scope, s);
    }
    if (d->guard) nm_diag_error(c->d, d->guard->pos, "guards are allowed only in state, "
                                "parameters and internals");
}

static void check_return(nm_checker *c, nm_stmt *s)
{
    nm_function *f = c->fn;
    c->returns++;
    nm_type v = s->value ? nm_check_expr(c, s->value) : (nm_type){ NM_TY_VOID, nm_unit_one() };
    if (!f) {
        if (s->value) nm_diag_error(c->d, s->pos, "return with a value outside a function");
        return;
    }
    nm_type r = f->ret ? f->ret->resolved : (nm_type){ NM_TY_VOID, nm_unit_one() };
    if (r.kind == NM_TY_VOID && s->value)
        nm_diag_error(c->d, s->pos, "function '%s' has no return type but returns a "
                      "value (return type void)", f->name);
    else if (r.kind != NM_TY_VOID && !s->value)
        nm_diag_error(c->d, s->pos, "function '%s' must return a value of its return type %s",
                      f->name, nm_type_str(c, r));
    else if (s->value)
        nm_check_assignable(c, r, v, nm_expr_start(s->value),
                            nm_sprintf(c->a, "the return value of '%s' (return type)", f->name));
}

static void check_for(nm_checker *c, nm_stmt *s)
{
    nm_symbol *v = nm_scope_find(c->scope, s->var, 0);
    if (!v) nm_diag_error(c->d, s->var_pos, "undeclared loop variable '%s' (declare it before the "
                          "loop)", s->var);
    else if (!nm_type_numeric(v->type))
        nm_diag_error(c->d, s->pos, "loop variable '%s' must be numeric", s->var);
    s->var_sym = v;
    nm_type a = nm_check_expr(c, s->from), b = nm_check_expr(c, s->to);
    if (v) {
        nm_check_assignable(c, v->type, a, s->from->pos, "the start of the for loop");
        nm_check_assignable(c, v->type, b, s->to->pos, "the end of the for loop");
    }
    if (s->step == 0) nm_diag_error(c->d, s->pos, "for loop step must not be zero");
    sub(c, s->body);
}

static void check_stmt(nm_checker *c, nm_stmt *s)
{
    switch (s->kind) {
    case NM_S_ASSIGN: check_assign(c, s); return;
    case NM_S_CALL: nm_check_expr(c, s->value); return;
    case NM_S_DECL: check_local_decl(c, s->decl); return;
    case NM_S_RETURN: check_return(c, s); return;
    case NM_S_IF:
        for (int k = 0; k < s->nbranches; k++) {
            check_condition(c, s->conds[k], k ? "'elif'" : "'if'");
            sub(c, s->bodies[k]);
        }
        sub(c, s->else_body);
        return;
    case NM_S_FOR: check_for(c, s); return;
    case NM_S_WHILE:
        check_condition(c, s->value, "'while'");
        sub(c, s->body);
        return;
    }
}

static void check_block(nm_checker *c, nm_block *b)
{
    for (int k = 0; k < b->n; k++) check_stmt(c, b->stmts[k]);
}

/* ---- handlers and functions ---------------------------------------------------------- */

static void check_priority(nm_checker *c, nm_onreceive *h)
{
    for (int k = 0; k < h->nparams; k++) {
        nm_param *p = &h->params[k];
        if (strcmp(p->name, "priority") != 0) continue;
        nm_expr *v = p->value;
        bool neg = v->kind == NM_E_UNARY && v->op == NM_OP_NEG;
        nm_expr *lit = neg ? v->a : v;
        if (lit->kind != NM_E_NUM || !lit->is_int || lit->unit || lit->value > 1e9) {
            nm_diag_error(c->d, v->pos, "priority must be an integer literal (at most 10^9)");
            continue;
        }
        h->has_priority = true;
        h->priority_pos = v->pos;
        h->priority = (long)(neg ? -lit->value : lit->value);
    }
}

static void check_onreceive(nm_checker *c, nm_model *m, int idx)
{
    nm_onreceive *h = m->onreceive[idx];
    nm_symbol *s = nm_scope_find_here(m->scope, h->port, 0);
    if (!s) nm_diag_error(c->d, h->port_pos, "onReceive: undeclared input port '%s'", h->port);
    else if (s->kind != NM_SYM_SPIKE_PORT)
        nm_diag_error(c->d, h->port_pos, "onReceive: '%s' is a %s, not a spiking input port",
                      h->port, nm_symkind_name(s->kind));
    h->port_sym = s;
    for (int k = 0; k < idx; k++) {
        nm_onreceive *o = m->onreceive[k];
        bool same_index = (!o->port_index && !h->port_index)
            || (o->port_index && h->port_index && o->port_index->kind == NM_E_NUM
                && h->port_index->kind == NM_E_NUM && o->port_index->value == h->port_index->value);
        if (strcmp(o->port, h->port) == 0 && same_index)
            nm_diag_error(c->d, h->pos, "onReceive handler for port '%s' defined more than once "
                          "(first at line %d)", h->port, o->pos.line);
    }
    check_priority(c, h);
    c->ctx = NM_CTX_ONRECEIVE;
    if (h->port_index) nm_check_expr(c, h->port_index);
    sub(c, h->body);
}

/* Priorities: if any handler has one, at least two must, and all distinct. */
static void check_priorities(nm_checker *c, nm_model *m)
{
    int n = 0;
    nm_onreceive *first = NULL;
    for (int k = 0; k < m->nonreceive; k++) {
        nm_onreceive *h = m->onreceive[k];
        if (!h->has_priority) continue;
        if (!first) first = h;
        n++;
        for (int j = 0; j < k; j++)
            if (m->onreceive[j]->has_priority && m->onreceive[j]->priority == h->priority)
                nm_diag_error(c->d, h->priority_pos, "priority %ld is used by two onReceive handlers "
                              "(lines %d and %d); priorities must be distinct", h->priority,
                              m->onreceive[j]->pos.line, h->pos.line);
    }
    if (n == 0) return;
    for (int k = 0; k < m->nonreceive; k++)
        if (!m->onreceive[k]->has_priority)
            nm_diag_error(c->d, m->onreceive[k]->pos, "onReceive handler without priority while "
                          "the handler at line %d has one: give a priority to all or none",
                          first->pos.line);
}

static void check_function(nm_checker *c, nm_function *f)
{
    c->ctx = NM_CTX_FUNCTION;
    c->fn = f;
    c->returns = 0;
    c->scope = nm_scope_new(c->a, c->scope, 16);
    for (int k = 0; k < f->nparams; k++) {
        nm_fparam *p = &f->params[k];
        nm_symbol s = { .name = p->name, .kind = NM_SYM_FUNC_PARAM, .type = p->type->resolved,
                        .pos = p->pos };
        declare(c, c->scope, s);
    }
    check_block(c, f->body);
    c->scope = c->scope->parent;
    if (f->ret && f->ret->resolved.kind != NM_TY_VOID && c->returns == 0)
        nm_diag_error(c->d, f->pos, "function '%s' has return type %s but no return statement",
                      f->name, f->ret->text);
    c->fn = NULL;
}

/* ---- model ------------------------------------------------------------------------ */

static void check_model_conditions(nm_checker *c, nm_model *m)
{
    if (m->nodes > 0 && !c->calls_integrate) {
        nm_pos pos = m->update ? m->block_pos[NM_B_UPDATE] : m->block_pos[NM_B_EQUATIONS];
        nm_diag_error(c->d, pos, "model '%s' has differential equations but integrate_odes() "
                      "is never called", m->name);
    }
    if (!m->has_block[NM_B_INPUT])
        nm_diag_warning(c->d, m->pos, "model '%s' has no input block", m->name);
    if (!m->has_block[NM_B_OUTPUT])
        nm_diag_warning(c->d, m->pos, "model '%s' has no output block", m->name);
    check_priorities(c, m);
}

static int count_names(const nm_model *m)
{
    int n = m->ninputs + m->nfunctions + m->nkernels + m->inlines.n;
    const nm_decls *ds[] = { &m->state, &m->parameters, &m->internals };
    for (int b = 0; b < 3; b++)
        for (int k = 0; k < ds[b]->n; k++) n += ds[b]->v[k]->nvars;
    return n;
}

static void check_model(nm_checker *c, nm_model *m, nm_scope *predef)
{
    c->m = m;
    c->calls_integrate = false;
    m->scope = nm_scope_new(c->a, predef, 2 * count_names(m) + 31);
    c->scope = m->scope;
    declare_model(c, m);
    check_var_block(c, &m->parameters, NM_CTX_PARAMETERS);
    check_var_block(c, &m->state, NM_CTX_STATE);
    check_var_block(c, &m->internals, NM_CTX_INTERNALS);
    c->ctx = NM_CTX_INPUT;
    for (int k = 0; k < m->ninputs; k++)
        if (m->inputs[k]->size) check_vector_size(c, m->inputs[k]->size);
    check_equations(c, m);
    if (m->update) {
        c->ctx = NM_CTX_UPDATE;
        sub(c, m->update);
    }
    for (int k = 0; k < m->nonreceive; k++) check_onreceive(c, m, k);
    for (int k = 0; k < m->noncondition; k++) {
        nm_oncondition *h = m->oncondition[k];
        c->ctx = NM_CTX_ONCONDITION;
        check_condition(c, h->cond, "onCondition");
        sub(c, h->body);
    }
    for (int k = 0; k < m->nfunctions; k++) check_function(c, m->functions[k]);
    check_model_conditions(c, m);
}

void nm_check_files(nm_file **files, int nfiles, nm_arena *a, nm_diags *d)
{
    nm_scope *predef = nm_scope_predefined(a);
    nm_scope *models = nm_scope_new(a, NULL, 31);
    for (int f = 0; f < nfiles; f++)
        for (int k = 0; k < files[f]->nmodels; k++) {
            nm_model *m = files[f]->models[k];
            nm_symbol *old = nm_scope_find_here(models, m->name, 0);
            if (old) {
                nm_diag_error(d, m->name_pos, "model '%s' already declared at %s:%d", m->name,
                              old->pos.src->name, old->pos.line);
                continue;
            }
            nm_symbol s = { .name = m->name, .pos = m->pos };
            nm_scope_add(a, models, &s);
            nm_checker c = { .a = a, .d = d };
            check_model(&c, m, predef);
        }
}
