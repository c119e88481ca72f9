/* nestmlc/cg_expr.c — checked NESTML expressions to C text, constant folding.
 *
 * Every value is a double in its canonical unit (ast.h), so a literal is its
 * `canon` value and a unit name its canonical factor; no conversions are
 * emitted. Inline expressions are expanded in place (parenthesised), which
 * is inline expansion of NESTML-CODEGEN.md §1. Output is fully
 * parenthesised so C's precedence never differs from NESTML's. */

#include "backend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A double as a C literal that reads back to the same value. */
static const char *num_text(nm_arena *a, double v)
{
    if (isinf(v))
        return v > 0 ? "INFINITY" : "(-INFINITY)";
    if (isnan(v))
        return "NAN";
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", v);
    /* shortest text that round-trips, for readability */
    for (int p = 1; p <= 17; p++) {
        char t[40];
        snprintf(t, sizeof t, "%.*g", p, v);
        if (strtod(t, NULL) == v) {
            memcpy(buf, t, sizeof t);
            break;
        }
    }
    const bool plain = !strpbrk(buf, ".eEn");
    return nm_sprintf(a, v < 0 ? "(%s%s)" : "%s%s", buf, plain ? ".0" : "");
}

/* In vector code: a vector operand as it is, a scalar one broadcast (adding
 * a zero vector to a vector would cost an addition: x + 0 is not x for -0). */
const char *nm_vwrap(nm_arena *a, const nm_expr *e, const char *text)
{
    if (nm_expr_mentions(e, NM_SYM_STATE) || nm_expr_mentions(e, NM_SYM_CONT_PORT)
        || nm_expr_mentions(e, NM_SYM_LOCAL))
        return text;
    return nm_sprintf(a, "ss_vsplat(%s)", text);
}

static const char *fail(nm_emitctx *c, const nm_expr *e, const char *what)
{
    if (!c->failed && c->nr && !c->vec) {
        nm_diag_error(c->nr->diags, e->pos, "not supported: %s", what);
        c->nr->errors++;
    }
    c->failed = true;
    return "0.0";
}

static const char *binop_c(nm_op op)
{
    switch (op) {
    case NM_OP_ADD: return "+";
    case NM_OP_SUB: return "-";
    case NM_OP_MUL: return "*";
    case NM_OP_DIV: return "/";
    case NM_OP_LT: return "<";
    case NM_OP_LE: return "<=";
    case NM_OP_EQ: return "==";
    case NM_OP_NE: return "!=";
    case NM_OP_GE: return ">=";
    case NM_OP_GT: return ">";
    case NM_OP_AND: return "&&";
    case NM_OP_OR: return "||";
    default: return NULL;
    }
}

/* Vector comparisons go through ss_simd.h's helpers: GCC 12 compares an
 * 8-lane generic vector lane by lane without AVX-512, the helpers compare in
 * natively sized pieces. a == b is ~(a != b): the same in IEEE, NaN included. */
static const char *vcompare(nm_emitctx *c, const nm_expr *e)
{
    nm_arena *a = c->nr->arena;
    const char *x = nm_vwrap(a, e->a, nm_emit_expr(c, e->a));
    const char *y = nm_vwrap(a, e->b, nm_emit_expr(c, e->b));
    switch (e->op) {
    case NM_OP_LT: return nm_sprintf(a, "ss_vlt(%s, %s)", x, y);
    case NM_OP_LE: return nm_sprintf(a, "ss_vle(%s, %s)", x, y);
    case NM_OP_GT: return nm_sprintf(a, "ss_vgt(%s, %s)", x, y);
    case NM_OP_GE: return nm_sprintf(a, "ss_vge(%s, %s)", x, y);
    case NM_OP_NE: return nm_sprintf(a, "ss_vne(%s, %s)", x, y);
    default: return nm_sprintf(a, "(~ss_vne(%s, %s))", x, y);
    }
}

static const char *math_fn(int predef)
{
    switch (predef) {
    case NM_PF_EXP: return "exp";
    case NM_PF_LN: return "log";
    case NM_PF_LOG10: return "log10";
    case NM_PF_EXPM1: return "expm1";
    case NM_PF_SIN: return "sin";
    case NM_PF_COS: return "cos";
    case NM_PF_TAN: return "tan";
    case NM_PF_SINH: return "sinh";
    case NM_PF_COSH: return "cosh";
    case NM_PF_TANH: return "tanh";
    case NM_PF_ERF: return "erf";
    case NM_PF_ERFC: return "erfc";
    case NM_PF_CEIL: return "ceil";
    case NM_PF_FLOOR: return "floor";
    case NM_PF_ROUND: return "round";
    case NM_PF_ABS: return "fabs";
    case NM_PF_MIN: return "nm_min";
    case NM_PF_MAX: return "nm_max";
    case NM_PF_CLIP: return "nm_clip";
    case NM_PF_POW: return "pow";
    default: return NULL;
    }
}

static const char *emit_call(nm_emitctx *c, const nm_expr *e)
{
    nm_arena *a = c->nr->arena;
    if (e->call != NM_CALL_PREDEFINED)
        return fail(c, e, "calls of user-defined functions");
    if (e->predef == NM_PF_CONVOLVE) {
        const nm_expr *k = e->args[0], *p = e->args[1];
        if (!k->sym || !p->sym || k->sym->kind != NM_SYM_KERNEL || p->index)
            return fail(c, e, "this form of convolve()");
        int ci = nm_kernel_conv(c->nr, k->sym, p->sym, e->pos);
        if (ci < 0) {
            c->failed = true;
            return "0.0";
        }
        const nm_conv *cv = &c->nr->conv[ci];
        const char *s = NULL;
        for (int j = 0; j < cv->nys; j++) {
            const char *y = c->sysvar ? c->sysvar(c->ud, cv->ys[j]) : NULL;
            if (!y)
                return fail(c, e, "a convolution in this context");
            s = s ? nm_sprintf(a, "%s + %s", s, y) : y;
        }
        return nm_sprintf(a, "(%s)", s);
    }
    if (e->predef == NM_PF_RESOLUTION || e->predef == NM_PF_TIMESTEP) {
        if (!c->h)
            return fail(c, e, "resolution()/timestep() in this context");
        return c->h;
    }
    if (e->predef == NM_PF_STEPS) {
        if (!c->h || c->vec)
            return fail(c, e, "steps() in this context");
        return nm_sprintf(a, "((double)llround(%s / %s))", nm_emit_expr(c, e->args[0]), c->h);
    }
    const char *fn = e->predef == NM_PF_POW && c->pow_fn ? c->pow_fn : math_fn(e->predef);
    if (!fn)
        return fail(c, e, nm_sprintf(a, "%s() in an expression", e->name));
    if (c->vec) {
        if (e->predef == NM_PF_EXP)
            fn = "ss_vexp";
        else if (e->predef == NM_PF_MIN)
            fn = "nm_vmin";
        else if (e->predef == NM_PF_MAX)
            fn = "nm_vmax";
        else if (e->predef == NM_PF_ABS)
            fn = "ss_vabs";
        else
            return fail(c, e, "vector math function");
        const char *v = nm_sprintf(a, "%s(", fn);
        for (int k = 0; k < e->nargs; k++)
            v = nm_sprintf(a, "%s%s%s", v, k ? ", " : "",
                           nm_vwrap(a, e->args[k], nm_emit_expr(c, e->args[k])));
        return nm_sprintf(a, "%s)", v);
    }
    const char *s = nm_sprintf(a, "%s(", fn);
    for (int k = 0; k < e->nargs; k++)
        s = nm_sprintf(a, "%s%s%s", s, k ? ", " : "", nm_emit_expr(c, e->args[k]));
    return nm_sprintf(a, "%s)", s);
}

static const char *emit_var(nm_emitctx *c, const nm_expr *e)
{
    nm_arena *a = c->nr->arena;
    if (e->is_unit)
        return num_text(a, e->canon);
    const nm_symbol *s = e->sym;
    if (!s)
        return fail(c, e, "an unresolved name");
    if (e->index || s->size)
        return fail(c, e, "vector variables");
    if (s->kind == NM_SYM_PREDEF_VAR) {
        if (!strcmp(s->name, "e"))
            return "M_E";
        if (!strcmp(s->name, "pi"))
            return "M_PI";
    }
    if (s->kind == NM_SYM_INLINE && s->decl && s->decl->init)
        return nm_sprintf(a, "(%s)", nm_emit_expr(c, s->decl->init));
    const char *v = c->var(c->ud, s, e);
    if (!v)
        return fail(c, e, nm_sprintf(a, "a reference to the %s '%s' here",
                                     nm_symkind_name(s->kind), s->name));
    return v;
}

const char *nm_emit_expr(nm_emitctx *c, const nm_expr *e)
{
    nm_arena *a = c->nr->arena;
    switch (e->kind) {
    case NM_E_NUM:
        return num_text(a, e->canon);
    case NM_E_BOOL:
        if (c->vec)
            return fail(c, e, "boolean values in vector code");
        return e->value != 0 ? "1" : "0";
    case NM_E_INF:
        return "INFINITY";
    case NM_E_STR:
        return fail(c, e, "strings in expressions");
    case NM_E_VAR:
        return emit_var(c, e);
    case NM_E_CALL:
        return emit_call(c, e);
    case NM_E_UNARY:
        if (e->op == NM_OP_NEG)
            return nm_sprintf(a, "(-%s)", nm_emit_expr(c, e->a));
        if (e->op == NM_OP_PLUS)
            return nm_emit_expr(c, e->a);
        if (e->op == NM_OP_NOT)
            return nm_sprintf(a, c->vec ? "(~%s)" : "(!%s)", nm_emit_expr(c, e->a));
        return fail(c, e, "bit operators");
    case NM_E_BINARY: {
        const bool ints = e->a->type.kind == NM_TY_INTEGER && e->b->type.kind == NM_TY_INTEGER;
        if ((e->op == NM_OP_DIV || e->op == NM_OP_MOD) && ints)
            return fail(c, e, "integer division and modulo");
        if (c->recip && e->op == NM_OP_DIV && !ints && nm_state_free(e->b)) {
            bool ok = false;
            const char *den = nm_coef_text(c->nr, e->b, &ok);
            const char *r = ok ? nm_recip(c->nr, den) : NULL;
            if (r)
                return nm_sprintf(a, "(%s * d->%s)", nm_emit_expr(c, e->a), r);
        }
        if (c->vec && (e->op == NM_OP_POW || e->op == NM_OP_MOD))
            return fail(c, e, "pow/fmod in vector code");
        if (e->op == NM_OP_POW)
            return nm_sprintf(a, "%s(%s, %s)", c->pow_fn ? c->pow_fn : "pow", nm_emit_expr(c, e->a),
                              nm_emit_expr(c, e->b));
        if (e->op == NM_OP_MOD)
            return nm_sprintf(a, "fmod(%s, %s)", nm_emit_expr(c, e->a), nm_emit_expr(c, e->b));
        const char *op = binop_c(e->op);
        if (!op)
            return fail(c, e, "bit operators");
        if (c->vec && (e->op == NM_OP_AND || e->op == NM_OP_OR))
            return nm_sprintf(a, "(%s %s %s)", nm_emit_expr(c, e->a), e->op == NM_OP_AND ? "&" : "|",
                              nm_emit_expr(c, e->b));
        if (c->vec && e->op >= NM_OP_LT && e->op <= NM_OP_GT)
            return vcompare(c, e);
        if (c->vec && (e->a->type.kind == NM_TY_BOOLEAN || e->b->type.kind == NM_TY_BOOLEAN))
            return fail(c, e, "boolean values in vector code");
        return nm_sprintf(a, "(%s %s %s)", nm_emit_expr(c, e->a), op, nm_emit_expr(c, e->b));
    }
    case NM_E_TERNARY:
        if (c->vec)
            return nm_sprintf(a, "ss_vsel(%s, %s, %s)", nm_emit_expr(c, e->a),
                              nm_vwrap(a, e->b, nm_emit_expr(c, e->b)),
                              nm_vwrap(a, e->c, nm_emit_expr(c, e->c)));
        return nm_sprintf(a, "(%s ? %s : %s)", nm_emit_expr(c, e->a), nm_emit_expr(c, e->b),
                          nm_emit_expr(c, e->c));
    }
    return fail(c, e, "this expression");
}

bool nm_eval_const(const nm_expr *e, double (*env)(void *ud, const nm_symbol *s, bool *ok),
                   void *ud, double *out)
{
    double x = 0, y = 0, z = 0;
    switch (e->kind) {
    case NM_E_NUM:
        *out = e->canon;
        return true;
    case NM_E_BOOL:
        *out = e->value;
        return true;
    case NM_E_INF:
        *out = INFINITY;
        return true;
    case NM_E_VAR: {
        if (e->is_unit) {
            *out = e->canon;
            return true;
        }
        const nm_symbol *s = e->sym;
        if (!s || e->index)
            return false;
        if (s->kind == NM_SYM_PREDEF_VAR && strcmp(s->name, "t")) {
            *out = !strcmp(s->name, "e") ? M_E : M_PI;
            return true;
        }
        if (s->kind == NM_SYM_INLINE && s->decl && s->decl->init)
            return nm_eval_const(s->decl->init, env, ud, out);
        bool ok = false;
        if (env)
            *out = env(ud, s, &ok);
        return ok;
    }
    case NM_E_UNARY:
        if (!nm_eval_const(e->a, env, ud, &x))
            return false;
        if (e->op == NM_OP_NEG)
            *out = -x;
        else if (e->op == NM_OP_PLUS)
            *out = x;
        else if (e->op == NM_OP_NOT)
            *out = !x;
        else
            return false;
        return true;
    case NM_E_BINARY:
        if (!nm_eval_const(e->a, env, ud, &x) || !nm_eval_const(e->b, env, ud, &y))
            return false;
        switch (e->op) {
        case NM_OP_ADD: *out = x + y; return true;
        case NM_OP_SUB: *out = x - y; return true;
        case NM_OP_MUL: *out = x * y; return true;
        case NM_OP_DIV: *out = x / y; return true;
        case NM_OP_POW: *out = pow(x, y); return true;
        case NM_OP_LT: *out = x < y; return true;
        case NM_OP_LE: *out = x <= y; return true;
        case NM_OP_GT: *out = x > y; return true;
        case NM_OP_GE: *out = x >= y; return true;
        case NM_OP_EQ: *out = x == y; return true;
        case NM_OP_NE: *out = x != y; return true;
        case NM_OP_AND: *out = x && y; return true;
        case NM_OP_OR: *out = x || y; return true;
        default: return false;
        }
    case NM_E_TERNARY:
        if (!nm_eval_const(e->a, env, ud, &x) || !nm_eval_const(e->b, env, ud, &y)
            || !nm_eval_const(e->c, env, ud, &z))
            return false;
        *out = x ? y : z;
        return true;
    case NM_E_CALL:
        if (e->call == NM_CALL_PREDEFINED && e->nargs == 1
            && (e->predef == NM_PF_EXP || e->predef == NM_PF_LN)) {
            if (!nm_eval_const(e->args[0], env, ud, &x))
                return false;
            *out = e->predef == NM_PF_EXP ? exp(x) : log(x);
            return true;
        }
        return false;
    default:
        return false;
    }
}

bool nm_state_free(const nm_expr *e)
{
    return !nm_expr_mentions(e, NM_SYM_STATE) && !nm_expr_mentions(e, NM_SYM_CONT_PORT)
           && !nm_expr_mentions(e, NM_SYM_SPIKE_PORT) && !nm_expr_mentions(e, NM_SYM_LOCAL)
           && !nm_expr_mentions(e, NM_SYM_PREDEF_VAR) && !nm_expr_mentions(e, NM_SYM_FUNC_PARAM);
}

bool nm_expr_mentions(const nm_expr *e, nm_symkind k)
{
    if (!e)
        return false;
    switch (e->kind) {
    case NM_E_VAR:
        if (!e->sym)
            return false;
        if (e->sym->kind == k)
            return true;
        if (e->sym->kind == NM_SYM_INLINE && e->sym->decl)
            return nm_expr_mentions(e->sym->decl->init, k);
        return false;
    case NM_E_CALL:
        if (e->call == NM_CALL_PREDEFINED && e->predef == NM_PF_CONVOLVE)
            return k == NM_SYM_STATE || k == NM_SYM_SPIKE_PORT;
        for (int i = 0; i < e->nargs; i++)
            if (nm_expr_mentions(e->args[i], k))
                return true;
        return false;
    case NM_E_UNARY:
        return nm_expr_mentions(e->a, k);
    case NM_E_BINARY:
        return nm_expr_mentions(e->a, k) || nm_expr_mentions(e->b, k);
    case NM_E_TERNARY:
        return nm_expr_mentions(e->a, k) || nm_expr_mentions(e->b, k)
               || nm_expr_mentions(e->c, k);
    default:
        return false;
    }
}

const char *nm_expr_text(nm_arena *a, const nm_expr *e)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return "?";
    nm_expr_render(f, e);
    fclose(f);
    const char *s = nm_strdup(a, buf ? buf : "?");
    free(buf);
    return s;
}
