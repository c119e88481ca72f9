/* nestmlc/types.c — expression typing and physical-unit checking (NESTML.md §4.2–§4.3, §5, §6).
 *
 * Rules (docs/nestmlc.md "types"):
 *  - `+ - < <= == != >= >` need the same dimension; a different magnitude
 *    (mV vs V) or a plain number against a unit-typed value is accepted with
 *    an "implicit conversion" warning; other mixes are "incompatible units".
 *  - `* /` combine units; `**` needs a constant exponent when the base has a
 *    unit; integer / integer is real (true division, see docs).
 *  - and/or/not take booleans; bit operators take integers.
 * Names resolve local → model → predefined (t, e, pi) → physical unit. */
#include "check_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const nm_type T_ERROR = { NM_TY_ERROR, { { 0 }, { 1, 1, 1, 1, 1, 1, 1 }, 1.0 } };

static nm_type prim(nm_tkind k) { return (nm_type){ k, nm_unit_one() }; }

nm_type nm_type_of_unit(nm_unit u)
{
    if (nm_unit_is_dimensionless(u) && u.scale == 1.0) return prim(NM_TY_REAL);
    return (nm_type){ NM_TY_UNIT, u };
}

bool nm_type_numeric(nm_type t)
{
    return t.kind == NM_TY_REAL || t.kind == NM_TY_INTEGER || t.kind == NM_TY_UNIT;
}

static bool plain(nm_type t) { return t.kind == NM_TY_REAL || t.kind == NM_TY_INTEGER; }

const char *nm_type_str(nm_checker *c, nm_type t)
{
    switch (t.kind) {
    case NM_TY_ERROR: return "<error>";
    case NM_TY_REAL: return "real";
    case NM_TY_INTEGER: return "integer";
    case NM_TY_BOOLEAN: return "boolean";
    case NM_TY_STRING: return "string";
    case NM_TY_VOID: return "void";
    case NM_TY_UNIT: {
        char buf[128];
        nm_unit_format(t.unit, buf, sizeof buf);
        return nm_strdup(c->a, buf);
    }
    }
    return "?";
}

const char *nm_ctx_name(nm_ctx x)
{
    static const char *const names[] = { "state", "parameters", "internals", "equations",
                                         "kernel", "input", "update", "onReceive",
                                         "onCondition", "function" };
    return names[x];
}

/* ---- data types ------------------------------------------------------------------ */

static bool checked_unit(nm_checker *c, nm_unit u, nm_pos pos, nm_unit *out)
{
    if (!nm_unit_ok(u)) {
        nm_diag_error(c->d, pos, "unit exponent out of range");
        return false;
    }
    *out = u;
    return true;
}

static bool resolve_unit(nm_checker *c, nm_dtype *t, nm_unit *out)
{
    nm_unit a, b;
    switch (t->kind) {
    case NM_DT_UNIT:
        if (nm_unit_lookup(t->name, out)) return true;
        nm_diag_error(c->d, t->pos, "unknown unit '%s'", t->name);
        return false;
    case NM_DT_MUL: case NM_DT_DIV:
        if (!resolve_unit(c, t->a, &a) || !resolve_unit(c, t->b, &b)) return false;
        return checked_unit(c, t->kind == NM_DT_MUL ? nm_unit_mul(a, b) : nm_unit_div(a, b),
                            t->pos, out);
    case NM_DT_POW:
        if (!resolve_unit(c, t->a, &a)) return false;
        if (!nm_unit_pow(a, t->exp_num, t->exp_den, out)) {
            nm_diag_error(c->d, t->pos, "unit exponent out of range");
            return false;
        }
        return true;
    case NM_DT_ONE_OVER:
        if (!resolve_unit(c, t->b, &b)) return false;
        return checked_unit(c, nm_unit_div(nm_unit_one(), b), t->pos, out);
    default:
        nm_diag_error(c->d, t->pos, "'%s' cannot be part of a unit", t->text ? t->text : "?");
        return false;
    }
}

nm_type nm_resolve_dtype(nm_checker *c, nm_dtype *t)
{
    nm_type r = T_ERROR;
    if (!t) return prim(NM_TY_VOID);
    switch (t->kind) {
    case NM_DT_REAL: r = prim(NM_TY_REAL); break;
    case NM_DT_INTEGER: r = prim(NM_TY_INTEGER); break;
    case NM_DT_BOOLEAN: r = prim(NM_TY_BOOLEAN); break;
    case NM_DT_STRING: r = prim(NM_TY_STRING); break;
    case NM_DT_VOID: r = prim(NM_TY_VOID); break;
    default: {
        nm_unit u;
        if (resolve_unit(c, t, &u)) r = (nm_type){ NM_TY_UNIT, u };
    }
    }
    t->resolved = r;
    return r;
}

/* ---- compatibility ---------------------------------------------------------------- */

/* Operands of + - and comparisons (and agreeing function arguments). */
static bool compatible(nm_checker *c, nm_type a, nm_type b, nm_pos pos, nm_pos apos,
                       nm_pos bpos, const char *what)
{
    if (a.kind == NM_TY_ERROR || b.kind == NM_TY_ERROR) return true;
    if (!nm_type_numeric(a) || !nm_type_numeric(b)) {
        if (a.kind == b.kind && a.kind != NM_TY_VOID) return true;
        nm_diag_error(c->d, pos, "incompatible types in %s: %s and %s", what,
                      nm_type_str(c, a), nm_type_str(c, b));
        return false;
    }
    if (plain(a) && plain(b)) return true;
    if (plain(a) || plain(b)) {
        nm_type u = plain(a) ? b : a;
        if (!nm_unit_is_dimensionless(u.unit))
            nm_diag_warning(c->d, plain(a) ? apos : bpos,
                            "implicit conversion between real and %s in %s",
                            nm_type_str(c, u), what);
        return true;
    }
    if (!nm_unit_same_dim(a.unit, b.unit)) {
        nm_diag_error(c->d, pos, "incompatible units in %s: %s and %s", what,
                      nm_type_str(c, a), nm_type_str(c, b));
        return false;
    }
    if (!nm_unit_equal(a.unit, b.unit))
        nm_diag_warning(c->d, bpos, "implicit conversion between %s and %s in %s (factor %g)",
                        nm_type_str(c, a), nm_type_str(c, b), what,
                        nm_unit_factor(b.unit, a.unit));
    return true;
}

void nm_check_assignable(nm_checker *c, nm_type to, nm_type from, nm_pos pos, const char *what)
{
    if (to.kind == NM_TY_ERROR || from.kind == NM_TY_ERROR) return;
    if (!nm_type_numeric(to) || !nm_type_numeric(from)) {
        if (to.kind != from.kind)
            nm_diag_error(c->d, pos, "incompatible types in %s: expected %s, got %s", what,
                          nm_type_str(c, to), nm_type_str(c, from));
        return;
    }
    if (to.kind == NM_TY_INTEGER && from.kind != NM_TY_INTEGER) {
        nm_diag_warning(c->d, pos, "implicit conversion from %s to integer in %s (truncates)",
                        nm_type_str(c, from), what);
        return;
    }
    if (plain(to) && plain(from)) return;
    if (plain(to) || plain(from)) {
        nm_type u = plain(to) ? from : to;
        if (!nm_unit_is_dimensionless(u.unit))
            nm_diag_warning(c->d, pos, "implicit conversion from %s to %s in %s",
                            nm_type_str(c, from), nm_type_str(c, to), what);
        return;
    }
    if (!nm_unit_same_dim(to.unit, from.unit)) {
        nm_diag_error(c->d, pos, "incompatible units in %s: expected %s, got %s", what,
                      nm_type_str(c, to), nm_type_str(c, from));
        return;
    }
    if (!nm_unit_equal(to.unit, from.unit))
        nm_diag_warning(c->d, pos, "implicit conversion from %s to %s in %s (factor %g)",
                        nm_type_str(c, from), nm_type_str(c, to), what,
                        nm_unit_factor(from.unit, to.unit));
}

/* "'+'" etc. for messages, without allocating per checked operator. */
static const char *quoted_op(nm_op op)
{
    static const char *const q[] = {
        [NM_OP_ADD] = "'+'", [NM_OP_SUB] = "'-'", [NM_OP_LT] = "comparison '<'",
        [NM_OP_LE] = "comparison '<='", [NM_OP_EQ] = "comparison '=='",
        [NM_OP_NE] = "comparison '!='", [NM_OP_GE] = "comparison '>='",
        [NM_OP_GT] = "comparison '>'" };
    return op < sizeof q / sizeof q[0] && q[op] ? q[op] : "an operator";
}

static nm_unit unit_of(nm_type t) { return t.kind == NM_TY_UNIT ? t.unit : nm_unit_one(); }

/* The value `e` as a constant fraction (literals, unary minus, a / b). */
static bool const_rational(const nm_expr *e, int32_t *num, int32_t *den)
{
    if (e->kind == NM_E_NUM && !e->unit) return nm_rational_parse(e->text, num, den);
    if (e->kind == NM_E_UNARY && (e->op == NM_OP_NEG || e->op == NM_OP_PLUS)) {
        if (!const_rational(e->a, num, den)) return false;
        if (e->op == NM_OP_NEG) *num = -*num;
        return true;
    }
    if (e->kind == NM_E_BINARY && e->op == NM_OP_DIV) {
        int32_t n1, d1, n2, d2;
        if (!const_rational(e->a, &n1, &d1) || !const_rational(e->b, &n2, &d2) || n2 == 0)
            return false;
        int64_t n = (int64_t)n1 * d2, d = (int64_t)d1 * n2;
        if (d < 0) { n = -n; d = -d; }
        if (n > INT32_MAX || n < -INT32_MAX || d > INT32_MAX) return false;
        *num = (int32_t)n;
        *den = (int32_t)d;
        return true;
    }
    return false;
}

/* ---- names ---------------------------------------------------------------------- */

static bool kernel_symbol(const nm_symbol *s)
{
    return s->kind == NM_SYM_KERNEL || (s->kind == NM_SYM_STATE && s->kernel);
}

static void check_index(nm_checker *c, nm_expr *e, const nm_symbol *s)
{
    if (s->size && !e->index) {
        if (!c->allow_kernel)
            nm_diag_error(c->d, e->pos, "vector '%s' used without index", e->name);
        return;
    }
    if (!e->index) return;
    if (!s->size) {
        nm_diag_error(c->d, e->pos, "'%s' is not a vector; it cannot take an index",
                      e->name);
        return;
    }
    nm_type t = nm_check_expr(c, e->index);
    if (t.kind != NM_TY_ERROR && t.kind != NM_TY_INTEGER)
        nm_diag_error(c->d, nm_expr_start(e->index), "vector index must be an integer, got %s",
                      nm_type_str(c, t));
    else if (e->index->kind == NM_E_UNARY && e->index->op == NM_OP_NEG)
        nm_diag_error(c->d, nm_expr_start(e->index), "vector index must be non-negative");
    else if (e->index->kind == NM_E_NUM && s->size->kind == NM_E_NUM && s->size->is_int
             && e->index->value >= s->size->value)
        nm_diag_error(c->d, nm_expr_start(e->index), "vector index %s out of range for '%s' of size %s",
                      e->index->text, e->name, s->size->text);
}

static nm_type check_var(nm_checker *c, nm_expr *e)
{
    nm_symbol *s = nm_scope_find(c->scope, e->name, e->order);
    if (!s) {
        nm_unit u;
        if (e->order == 0 && !e->index && nm_unit_lookup(e->name, &u)) {
            e->is_unit = true;
            e->canon = nm_unit_to_canonical(u);
            return (nm_type){ NM_TY_UNIT, u };
        }
        if (e->order > 0 && nm_scope_find(c->scope, e->name, 0))
            nm_diag_error(c->d, e->pos, "undeclared variable '%s%.*s' (declare the derivative "
                          "in the state block to use it)", e->name, e->order, "''''''''''");
        else
            nm_diag_error(c->d, e->pos, "undeclared variable '%s'", e->name);
        return T_ERROR;
    }
    e->sym = s;
    if (kernel_symbol(s) && !c->allow_kernel && c->ctx != NM_CTX_KERNEL) {
        nm_diag_error(c->d, e->pos, "kernel '%s' may be used only inside convolve()", e->name);
        return T_ERROR;
    }
    if (s->kind == NM_SYM_FUNCTION) {
        nm_diag_error(c->d, e->pos, "'%s' is a function; call it as %s(...)", e->name, e->name);
        return T_ERROR;
    }
    check_index(c, e, s);
    return s->type;
}

/* ---- calls ------------------------------------------------------------------------ */

static nm_type check_user_call(nm_checker *c, nm_expr *e, nm_symbol *s)
{
    nm_function *f = s->fn;
    e->call = NM_CALL_USER;
    e->fn = f;
    if (e->nargs != f->nparams) {
        nm_diag_error(c->d, e->pos, "function '%s' expects %d argument%s, got %d (argument "
                      "count)", f->name, f->nparams, f->nparams == 1 ? "" : "s", e->nargs);
        for (int k = 0; k < e->nargs; k++) nm_check_expr(c, e->args[k]);
        return s->type;
    }
    for (int k = 0; k < e->nargs; k++) {
        nm_type t = nm_check_expr(c, e->args[k]);
        nm_check_assignable(c, f->params[k].type->resolved, t, nm_expr_start(e->args[k]),
                            nm_sprintf(c->a, "argument %d of %s()", k + 1, f->name));
    }
    return s->type;
}

static bool allowed_in(nm_predef f, nm_ctx x)
{
    bool stmt = x == NM_CTX_UPDATE || x == NM_CTX_ONRECEIVE || x == NM_CTX_ONCONDITION
             || x == NM_CTX_FUNCTION;
    switch (f) {
    case NM_PF_RESOLUTION: return stmt || x == NM_CTX_STATE || x == NM_CTX_PARAMETERS
                               || x == NM_CTX_INTERNALS;
    case NM_PF_TIMESTEP: return x == NM_CTX_UPDATE || x == NM_CTX_FUNCTION;
    case NM_PF_RANDOM_NORMAL: case NM_PF_RANDOM_UNIFORM: case NM_PF_RANDOM_POISSON:
    case NM_PF_INTEGRATE_ODES: case NM_PF_EMIT_SPIKE:
    case NM_PF_PRINT: case NM_PF_PRINTLN: case NM_PF_INFO: case NM_PF_WARNING:
        return stmt;
    case NM_PF_CONVOLVE: return x == NM_CTX_EQUATIONS;
    case NM_PF_DELTA: return x == NM_CTX_KERNEL;
    default: return true;
    }
}

static nm_type check_convolve(nm_checker *c, nm_expr *e)
{
    nm_expr *k = e->args[0], *p = e->args[1];
    if (k->kind != NM_E_VAR || k->index) {
        nm_diag_error(c->d, nm_expr_start(k), "convolve(): the first argument must be a kernel "
                      "name");
    } else {
        c->allow_kernel = true;
        nm_check_expr(c, k);
        c->allow_kernel = false;
        if (k->sym && !kernel_symbol(k->sym))
            nm_diag_error(c->d, k->pos, "convolve(): the first argument must be a kernel, '%s' "
                          "is a %s", k->name, nm_symkind_name(k->sym->kind));
        else if (k->sym && k->sym->type.kind == NM_TY_UNIT
                 && !nm_unit_is_dimensionless(k->sym->type.unit))
            /* The convolved shape is dimensionless (convolve() is real). */
            nm_diag_error(c->d, k->pos, "wrong kernel type: kernel '%s' passed to convolve() must "
                          "be real, got %s", k->name, nm_type_str(c, k->sym->type));
    }
    if (p->kind != NM_E_VAR || p->order) {
        nm_diag_error(c->d, nm_expr_start(p), "convolve(): the second argument must be a "
                      "spiking input port");
    } else {
        nm_check_expr(c, p);
        if (p->sym && p->sym->kind != NM_SYM_SPIKE_PORT)
            nm_diag_error(c->d, p->pos, "convolve(): the second argument must be a spiking "
                          "input port, '%s' is a %s", p->name, nm_symkind_name(p->sym->kind));
    }
    return prim(NM_TY_REAL);
}

static void check_integrate_args(nm_checker *c, nm_expr *e)
{
    c->calls_integrate = true;
    for (int k = 0; k < e->nargs; k++) {
        nm_expr *a = e->args[k];
        nm_symbol *s = a->kind == NM_E_VAR && !a->index
                     ? nm_scope_find(c->scope, a->name, a->order) : NULL;
        if (!s || s->kind != NM_SYM_STATE) {
            nm_diag_error(c->d, nm_expr_start(a), "integrate_odes(): argument %d must be a state "
                          "variable", k + 1);
            continue;
        }
        a->sym = s;
        a->type = s->type;
    }
}

/* Result of a "templated" function: arguments agree, result = their type. */
static nm_type same_type_args(nm_checker *c, nm_expr *e, const nm_type *t)
{
    nm_type r = t[0];
    for (int k = 0; k < e->nargs; k++) {
        if (t[k].kind != NM_TY_ERROR && !nm_type_numeric(t[k])) {
            nm_diag_error(c->d, nm_expr_start(e->args[k]), "%s() needs numeric arguments, got %s",
                          e->name, nm_type_str(c, t[k]));
            return T_ERROR;
        }
        if (k > 0 && !compatible(c, r, t[k], e->args[k]->pos, nm_expr_start(e->args[0]),
                                 nm_expr_start(e->args[k]),
                                 nm_sprintf(c->a, "the arguments of %s()", e->name)))
            return T_ERROR;
        if (plain(r) && t[k].kind == NM_TY_UNIT) r = t[k];
        else if (r.kind == NM_TY_INTEGER && t[k].kind == NM_TY_REAL) r = t[k];
    }
    return r;
}

static nm_type pow_type(nm_checker *c, nm_expr *base_e, nm_type base, nm_expr *ex_e, nm_type ex,
                        nm_pos pos);

static nm_type check_predef_call(nm_checker *c, nm_expr *e, nm_predef f)
{
    const nm_predef_info *info = nm_predef_get(f);
    e->call = NM_CALL_PREDEFINED;
    e->predef = f;
    if (e->nargs < info->min_args || (info->max_args >= 0 && e->nargs > info->max_args)) {
        if (info->min_args == info->max_args)
            nm_diag_error(c->d, e->pos, "%s() expects %d argument%s, got %d", e->name,
                          info->min_args, info->min_args == 1 ? "" : "s", e->nargs);
        else
            nm_diag_error(c->d, e->pos, "%s() expects %d to %d arguments, got %d", e->name,
                          info->min_args, info->max_args, e->nargs);
        return T_ERROR;
    }
    if (!allowed_in(f, c->ctx)) {
        if (f == NM_PF_DELTA)
            nm_diag_error(c->d, e->pos, "delta(t) is allowed only in a kernel definition");
        else
            nm_diag_error(c->d, e->pos, "%s() is not allowed in %s", e->name,
                          nm_ctx_name(c->ctx));
        return T_ERROR;
    }
    if (f == NM_PF_RESOLUTION || f == NM_PF_STEPS)
        /* NESTML warns here: the model then works only with a fixed step. */
        nm_diag_warning(c->d, e->pos, "%s() assumes a fixed simulation time step", e->name);
    if (f == NM_PF_CONVOLVE) return check_convolve(c, e);
    if (f == NM_PF_INTEGRATE_ODES) {
        check_integrate_args(c, e);
        return prim(NM_TY_VOID);
    }
    if (f == NM_PF_DELTA) {
        nm_expr *a = e->args[0];
        if (a->kind != NM_E_VAR || strcmp(a->name, "t") != 0 || a->order || a->index) {
            nm_diag_error(c->d, e->pos, "delta() takes exactly the time variable: write delta(t)");
            return T_ERROR;
        }
        nm_check_expr(c, a);
        return prim(NM_TY_REAL);
    }
    if (f == NM_PF_EMIT_SPIKE && !c->m->output_spike)
        nm_diag_error(c->d, e->pos, "emit_spike() needs an 'output: spike' block in model '%s'",
                      c->m->name);
    nm_type t[3];
    for (int k = 0; k < e->nargs; k++) {
        nm_type a = nm_check_expr(c, e->args[k]);
        if (k < 3) t[k] = a;
    }
    switch (info->result) {
    case NM_RES_REAL:
        if (t[0].kind == NM_TY_UNIT && !nm_unit_is_dimensionless(t[0].unit))
            nm_diag_warning(c->d, nm_expr_start(e->args[0]), "implicit conversion from %s to real in "
                            "%s()", nm_type_str(c, t[0]), e->name);
        else if (t[0].kind != NM_TY_ERROR && !nm_type_numeric(t[0]))
            nm_diag_error(c->d, nm_expr_start(e->args[0]), "%s() needs a numeric argument, got %s",
                          e->name, nm_type_str(c, t[0]));
        return prim(NM_TY_REAL);
    case NM_RES_SAME: return same_type_args(c, e, t);
    case NM_RES_POW: return pow_type(c, e->args[0], t[0], e->args[1], t[1], e->pos);
    case NM_RES_INTEGER: return prim(NM_TY_INTEGER);
    case NM_RES_MS: {
        nm_unit ms;
        nm_unit_lookup("ms", &ms);
        return (nm_type){ NM_TY_UNIT, ms };
    }
    case NM_RES_VOID:
        if ((f == NM_PF_PRINT || f == NM_PF_PRINTLN || f == NM_PF_INFO || f == NM_PF_WARNING)
            && e->nargs == 1 && t[0].kind != NM_TY_STRING && t[0].kind != NM_TY_ERROR)
            nm_diag_error(c->d, nm_expr_start(e->args[0]), "%s() needs a string argument", e->name);
        return prim(NM_TY_VOID);
    }
    return T_ERROR;
}

/* A delayed state variable `x(t - d)`: only in equations, with a delay that
 * is a time literal or a parameter (NESTML.md §2.2). */
static void check_delay(nm_checker *c, nm_expr *e)
{
    nm_expr *a = e->args[0];
    nm_type t = nm_check_expr(c, a);
    if (c->ctx != NM_CTX_EQUATIONS) {
        nm_diag_error(c->d, e->pos, "delayed variable %s(t - delay) is not allowed in %s (only "
                      "in equations)", e->name, nm_ctx_name(c->ctx));
        return;
    }
    nm_expr *d = a->kind == NM_E_BINARY && a->op == NM_OP_SUB ? a->b : NULL;
    bool ok_t = a->kind == NM_E_BINARY && a->a->kind == NM_E_VAR && !strcmp(a->a->name, "t")
             && a->a->sym && a->a->sym->kind == NM_SYM_PREDEF_VAR;
    bool ok_d = d && (d->kind == NM_E_NUM
                      || (d->kind == NM_E_VAR && d->sym && d->sym->kind == NM_SYM_PARAMETER));
    if (!ok_t || !ok_d)
        nm_diag_error(c->d, nm_expr_start(a), "the argument of delayed variable '%s' must be "
                      "t - delay, with the delay a literal or a parameter", e->name);
    else if (t.kind == NM_TY_UNIT || t.kind == NM_TY_ERROR)
        return;
    else
        nm_diag_warning(c->d, nm_expr_start(a), "implicit conversion: the delay of '%s' should "
                        "be a time", e->name);
}

static nm_type check_call(nm_checker *c, nm_expr *e)
{
    nm_symbol *s = nm_scope_find(c->scope, e->name, 0);
    if (s && s->kind == NM_SYM_FUNCTION) return check_user_call(c, e, s);
    nm_predef f = nm_predef_lookup(e->name);
    if (f != NM_PF_NONE) return check_predef_call(c, e, f);
    if (s && s->kind == NM_SYM_STATE && e->nargs == 1) { /* delayed variable `x(t - d)` */
        e->call = NM_CALL_DELAYED;
        e->sym = s;
        check_delay(c, e);
        return s->type;
    }
    nm_diag_error(c->d, e->pos, "unknown function '%s'", e->name);
    for (int k = 0; k < e->nargs; k++) nm_check_expr(c, e->args[k]);
    return T_ERROR;
}

/* ---- operators ---------------------------------------------------------------------- */

static nm_type pow_type(nm_checker *c, nm_expr *base_e, nm_type base, nm_expr *ex_e, nm_type ex,
                        nm_pos pos)
{
    (void)base_e;
    if (base.kind == NM_TY_ERROR || ex.kind == NM_TY_ERROR) return T_ERROR;
    if (!nm_type_numeric(base) || !nm_type_numeric(ex)) {
        nm_diag_error(c->d, pos, "'**' needs numeric operands, got %s and %s",
                      nm_type_str(c, base), nm_type_str(c, ex));
        return T_ERROR;
    }
    if (ex.kind == NM_TY_UNIT && !nm_unit_is_dimensionless(ex.unit)) {
        nm_diag_error(c->d, nm_expr_start(ex_e), "incompatible units: an exponent must be "
                      "dimensionless, "
                      "got %s", nm_type_str(c, ex));
        return T_ERROR;
    }
    int32_t num, den;
    bool is_const = const_rational(ex_e, &num, &den);
    if (base.kind != NM_TY_UNIT) {
        if (base.kind == NM_TY_INTEGER && is_const && den == 1 && num >= 0) return base;
        return prim(NM_TY_REAL);
    }
    if (!is_const) {
        nm_diag_error(c->d, nm_expr_start(ex_e), "the exponent of a quantity with unit %s must be a "
                      "constant", nm_type_str(c, base));
        return T_ERROR;
    }
    nm_unit u;
    if (!nm_unit_pow(base.unit, num, den, &u)) {
        nm_diag_error(c->d, pos, "unit exponent out of range");
        return T_ERROR;
    }
    return nm_type_of_unit(u);
}

static nm_type arith(nm_checker *c, nm_expr *e, nm_type a, nm_type b)
{
    const char *op = nm_op_text(e->op);
    if (a.kind == NM_TY_ERROR || b.kind == NM_TY_ERROR) return T_ERROR;
    if (!nm_type_numeric(a) || !nm_type_numeric(b)) {
        nm_diag_error(c->d, e->pos, "incompatible types in '%s': %s and %s (needs numeric "
                      "operands)", op,
                      nm_type_str(c, a), nm_type_str(c, b));
        return T_ERROR;
    }
    bool ints = a.kind == NM_TY_INTEGER && b.kind == NM_TY_INTEGER;
    switch (e->op) {
    case NM_OP_ADD: case NM_OP_SUB: {
        if (!compatible(c, a, b, e->pos, nm_expr_start(e->a), nm_expr_start(e->b), quoted_op(e->op)))
            return T_ERROR;
        if (ints) return a;
        if (a.kind == NM_TY_UNIT) return a;
        if (b.kind == NM_TY_UNIT) return b;
        return prim(NM_TY_REAL);
    }
    case NM_OP_MUL: case NM_OP_DIV: {
        if (ints) return prim(e->op == NM_OP_MUL ? NM_TY_INTEGER : NM_TY_REAL);
        nm_unit u = e->op == NM_OP_MUL ? nm_unit_mul(unit_of(a), unit_of(b))
                                       : nm_unit_div(unit_of(a), unit_of(b));
        if (!nm_unit_ok(u)) {
            nm_diag_error(c->d, e->pos, "unit exponent out of range");
            return T_ERROR;
        }
        return nm_type_of_unit(u);
    }
    case NM_OP_MOD:
        if (ints) return a;
        return a.kind == NM_TY_INTEGER ? prim(NM_TY_REAL) : a;
    default:
        return T_ERROR;
    }
}

static nm_type check_binary(nm_checker *c, nm_expr *e)
{
    nm_type a = nm_check_expr(c, e->a), b = nm_check_expr(c, e->b);
    const char *op = nm_op_text(e->op);
    switch (e->op) {
    case NM_OP_ADD: case NM_OP_SUB: case NM_OP_MUL: case NM_OP_DIV: case NM_OP_MOD:
        return arith(c, e, a, b);
    case NM_OP_POW:
        return pow_type(c, e->a, a, e->b, b, e->pos);
    case NM_OP_BAND: case NM_OP_BOR: case NM_OP_BXOR: case NM_OP_SHL: case NM_OP_SHR:
        if (a.kind == NM_TY_ERROR || b.kind == NM_TY_ERROR) return T_ERROR;
        if (a.kind != NM_TY_INTEGER || b.kind != NM_TY_INTEGER) {
            nm_diag_error(c->d, e->pos, "bit operator '%s' needs integer operands, got %s and "
                          "%s", op, nm_type_str(c, a), nm_type_str(c, b));
            return T_ERROR;
        }
        return a;
    case NM_OP_LT: case NM_OP_LE: case NM_OP_GE: case NM_OP_GT:
        if ((a.kind != NM_TY_ERROR && !nm_type_numeric(a))
            || (b.kind != NM_TY_ERROR && !nm_type_numeric(b))) {
            nm_diag_error(c->d, e->pos, "comparison '%s' needs numeric operands, got %s and %s",
                          op, nm_type_str(c, a), nm_type_str(c, b));
            return T_ERROR;
        }
        /* fall through */
    case NM_OP_EQ: case NM_OP_NE:
        compatible(c, a, b, e->pos, nm_expr_start(e->a), nm_expr_start(e->b), quoted_op(e->op));
        return prim(NM_TY_BOOLEAN);
    case NM_OP_AND: case NM_OP_OR:
        if ((a.kind != NM_TY_ERROR && a.kind != NM_TY_BOOLEAN)
            || (b.kind != NM_TY_ERROR && b.kind != NM_TY_BOOLEAN))
            nm_diag_error(c->d, e->pos, "operands of '%s' must be boolean, got %s and %s", op,
                          nm_type_str(c, a), nm_type_str(c, b));
        return prim(NM_TY_BOOLEAN);
    default:
        return T_ERROR;
    }
}

static nm_type check_unary(nm_checker *c, nm_expr *e)
{
    nm_type a = nm_check_expr(c, e->a);
    if (a.kind == NM_TY_ERROR) return a;
    switch (e->op) {
    case NM_OP_NOT:
        if (a.kind != NM_TY_BOOLEAN) {
            nm_diag_error(c->d, e->pos, "operand of 'not' must be boolean, got %s",
                          nm_type_str(c, a));
            return T_ERROR;
        }
        return a;
    case NM_OP_BNOT:
        if (a.kind != NM_TY_INTEGER) {
            nm_diag_error(c->d, e->pos, "bit operator '~' needs an integer operand, got %s",
                          nm_type_str(c, a));
            return T_ERROR;
        }
        return a;
    default:
        if (!nm_type_numeric(a)) {
            nm_diag_error(c->d, e->pos, "unary '%s' needs a numeric operand, got %s",
                          nm_op_text(e->op), nm_type_str(c, a));
            return T_ERROR;
        }
        return a;
    }
}

static nm_type check_ternary(nm_checker *c, nm_expr *e)
{
    nm_type k = nm_check_expr(c, e->a);
    if (k.kind != NM_TY_ERROR && k.kind != NM_TY_BOOLEAN)
        nm_diag_error(c->d, nm_expr_start(e->a), "condition of '?' must be boolean, got %s",
                      nm_type_str(c, k));
    nm_type a = nm_check_expr(c, e->b), b = nm_check_expr(c, e->c);
    if (!compatible(c, a, b, e->pos, nm_expr_start(e->b), nm_expr_start(e->c), "the branches of '?'"))
        return T_ERROR;
    if (a.kind == NM_TY_UNIT) return a;
    if (b.kind == NM_TY_UNIT) return b;
    if (a.kind == NM_TY_INTEGER && b.kind == NM_TY_REAL) return b;
    return a;
}

/* A number with a trailing name: `10 mV` (unit) or `2 tau` (number times variable). */
static nm_type check_number(nm_checker *c, nm_expr *e)
{
    nm_type t = prim(e->is_int ? NM_TY_INTEGER : NM_TY_REAL);
    e->canon = e->value;
    if (!e->unit) return t;
    nm_expr *u = e->unit;
    nm_unit unit;
    if (!nm_scope_find(c->scope, u->name, u->order) && u->order == 0
        && nm_unit_lookup(u->name, &unit)) {
        u->is_unit = true;
        u->canon = nm_unit_to_canonical(unit);
        u->type = (nm_type){ NM_TY_UNIT, unit };
        e->canon = e->value * u->canon;
        return (nm_type){ NM_TY_UNIT, unit };
    }
    nm_type v = nm_check_expr(c, u);
    if (v.kind == NM_TY_ERROR) return v;
    if (!nm_type_numeric(v)) {
        nm_diag_error(c->d, u->pos, "a number cannot be followed by '%s' of type %s", u->name,
                      nm_type_str(c, v));
        return T_ERROR;
    }
    if (v.kind != NM_TY_UNIT) return v.kind == NM_TY_REAL ? v : t;
    return v;
}

nm_type nm_check_expr(nm_checker *c, nm_expr *e)
{
    nm_type t = T_ERROR;
    switch (e->kind) {
    case NM_E_NUM: t = check_number(c, e); break;
    case NM_E_BOOL: t = prim(NM_TY_BOOLEAN); break;
    case NM_E_STR: t = prim(NM_TY_STRING); break;
    case NM_E_INF: t = prim(NM_TY_REAL); e->canon = INFINITY; break;
    case NM_E_VAR: t = check_var(c, e); break;
    case NM_E_CALL: t = check_call(c, e); break;
    case NM_E_UNARY: t = check_unary(c, e); break;
    case NM_E_BINARY: t = check_binary(c, e); break;
    case NM_E_TERNARY: t = check_ternary(c, e); break;
    }
    e->type = t;
    return t;
}
