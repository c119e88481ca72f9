/* nestmlc/parser.c — recursive-descent NESTML parser (see parser.h).
 *
 * Discipline (after Lua's lparser.c): one state struct `ps` threaded through
 * every function; each parse function starts with the production it parses.
 * After a syntax error the parser is in panic mode (further errors of the
 * same line are suppressed) until sync_line() skips to the next line. */
#include "parser.h"

#include <stdlib.h>
#include <string.h>

typedef struct ps {
    const nm_source *src;
    nm_token *t;
    size_t n, i;
    const nm_lexed *lx;
    nm_arena *a;
    nm_diags *d;
    int depth;   /* current recursion depth (parentheses, prefixes, blocks) */
    int edepth;  /* expression part of depth */
    nm_pos estart; /* where the outermost expression being parsed starts */
    int parens;  /* open '(' of the current expression (for the line-break hint) */
    bool panic;  /* an error was reported on this line */
} ps;

/* ---- token helpers ------------------------------------------------------------ */

static nm_token *cur(ps *p) { return &p->t[p->i]; }
static nm_tok kind(ps *p) { return p->t[p->i].kind; }
static nm_tok kind_at(ps *p, size_t k) { return p->i + k < p->n ? p->t[p->i + k].kind : NM_TK_EOF; }
static nm_pos tpos(ps *p, const nm_token *t) { return (nm_pos){ p->src, t->line, t->col }; }
static nm_pos here(ps *p) { return tpos(p, cur(p)); }

static nm_token *advance(ps *p)
{
    nm_token *t = cur(p);
    if (t->kind != NM_TK_EOF) p->i++;
    return t;
}

static bool accept(ps *p, nm_tok k)
{
    if (kind(p) != k) return false;
    advance(p);
    return true;
}

static char *tok_str(ps *p, const nm_token *t) { return nm_strndup(p->a, t->text, (size_t)t->len); }

/* "'foo'" for tokens with text, else the kind's description. */
static const char *describe(ps *p, const nm_token *t)
{
    switch (t->kind) {
    case NM_TK_EOF: case NM_TK_NEWLINE: case NM_TK_INDENT: case NM_TK_DEDENT:
        return nm_tok_name(t->kind);
    default:
        return nm_sprintf(p->a, "'%.*s'", t->len > 40 ? 40 : t->len, t->text);
    }
}

static void error_at(ps *p, nm_pos pos, const char *msg)
{
    if (p->panic) return;
    p->panic = true;
    nm_diag_error(p->d, pos, "%s", msg);
}

/* "unexpected token X: expected WHAT" at the current token. */
static void unexpected(ps *p, const char *what)
{
    nm_token *t = cur(p);
    const char *extra = "";
    if (t->kind == NM_TK_NEWLINE && p->parens > 0)
        extra = " (a line break inside an expression needs '\\')";
    if (t->kind == NM_TK_INDENT) {
        error_at(p, here(p), nm_sprintf(p->a, "unexpected indentation: expected %s", what));
        return;
    }
    if (t->kind >= NM_TK_INTEGER && t->kind <= NM_TK_FALSE)
        extra = nm_sprintf(p->a, " ('%s' is a reserved keyword)", nm_tok_name(t->kind));
    error_at(p, here(p), nm_sprintf(p->a, "unexpected token %s: expected %s%s",
                                    describe(p, t), what, extra));
}

static bool expect(ps *p, nm_tok k, const char *context)
{
    if (accept(p, k)) return true;
    unexpected(p, nm_sprintf(p->a, "'%s'%s", nm_tok_name(k), context));
    return false;
}

/* Skips the rest of the current line, including any indented block that
 * hangs from it; stops before a DEDENT that closes the enclosing block. */
static void sync_line(ps *p)
{
    int depth = 0;
    for (;;) {
        nm_tok k = kind(p);
        if (k == NM_TK_EOF) break;
        if (k == NM_TK_DEDENT) {
            if (depth == 0) break;
            depth--;
            advance(p);
            if (depth == 0 && kind(p) != NM_TK_NEWLINE) break;
            continue;
        }
        if (k == NM_TK_INDENT) depth++;
        advance(p);
        if (k == NM_TK_NEWLINE && depth == 0) break;
    }
    p->panic = false;
}

/* Ends a simple line: optional trailing ';' (only where `semi_ok`), then NEWLINE. */
static void end_line(ps *p, bool semi_ok, const char *what)
{
    if (semi_ok) accept(p, NM_TK_SEMI);
    if (kind(p) == NM_TK_NEWLINE) {
        advance(p);
        return;
    }
    unexpected(p, nm_sprintf(p->a, "end of line after %s", what));
}

static bool enter(ps *p)
{
    if (++p->depth <= NM_MAX_NESTING) return true;
    error_at(p, here(p), nm_sprintf(p->a, "too deeply nested: recursion limit of %d levels "
                                    "exceeded", NM_MAX_NESTING));
    return false;
}

static void leave(ps *p) { p->depth--; }

/* Like enter() for expressions; the error points at the start of the
 * outermost expression, where the nesting begins. */
static bool enter_expr(ps *p)
{
    if (p->edepth++ == 0) p->estart = here(p);
    if (++p->depth <= NM_MAX_NESTING) return true;
    error_at(p, p->estart, nm_sprintf(p->a, "expression too deeply nested: recursion limit of "
                                      "%d levels exceeded", NM_MAX_NESTING));
    return false;
}

static void leave_expr(ps *p)
{
    p->depth--;
    p->edepth--;
}

/* ---- comments ------------------------------------------------------------------ */

/* Documentation of the element on `line`: own-line comments directly above
 * it (no blank line between) and a trailing comment on the line itself. */
static const char *doc_comment(ps *p, int line)
{
    const nm_comment *c = p->lx->comments;
    size_t lo = 0, hi = p->lx->ncomments;
    while (lo < hi) { /* first comment with c.line >= line */
        size_t mid = (lo + hi) / 2;
        if (c[mid].line < line) lo = mid + 1; else hi = mid;
    }
    size_t first = lo;
    int want = line - 1;
    while (first > 0 && c[first - 1].own_line && c[first - 1].line == want) {
        first--;
        want--;
    }
    size_t last = lo;
    if (last < p->lx->ncomments && c[last].line == line && !c[last].own_line) last++;
    if (first == last) return NULL;
    size_t len = 0;
    for (size_t k = first; k < last; k++) len += strlen(c[k].text) + 1;
    char *s = nm_alloc(p->a, len + 1);
    for (size_t k = first; k < last; k++) {
        strcat(s, c[k].text);
        if (k + 1 < last) strcat(s, "\n");
    }
    return s;
}

/* ---- expressions ------------------------------------------------------------------ */

static nm_expr *parse_expr(ps *p);

static nm_expr *new_expr(ps *p, nm_ekind k, nm_pos pos)
{
    nm_expr *e = nm_alloc(p->a, sizeof *e);
    e->kind = k;
    e->pos = pos;
    e->height = 1;
    return e;
}

static void set_height(ps *p, nm_expr *e)
{
    int h = 0;
    const nm_expr *kids[] = { e->a, e->b, e->c, e->index, e->unit };
    for (size_t k = 0; k < sizeof kids / sizeof kids[0]; k++)
        if (kids[k] && kids[k]->height > h) h = kids[k]->height;
    for (int k = 0; k < e->nargs; k++)
        if (e->args[k]->height > h) h = e->args[k]->height;
    e->height = h + 1;
    if (e->height > NM_MAX_EXPR_HEIGHT)
        error_at(p, e->pos, nm_sprintf(p->a, "expression too deeply nested (more than %d "
                                       "levels)", NM_MAX_EXPR_HEIGHT));
}

static nm_expr *error_expr(ps *p)
{
    nm_expr *e = new_expr(p, NM_E_NUM, here(p));
    e->text = "0";
    e->is_int = true;
    return e;
}

static nm_expr *binary(ps *p, nm_op op, nm_pos pos, nm_expr *a, nm_expr *b)
{
    nm_expr *e = new_expr(p, NM_E_BINARY, pos);
    e->op = op;
    e->a = a;
    e->b = b;
    set_height(p, e);
    return e;
}

/* var := NAME ['[' expr ']'] "'"* */
static nm_expr *parse_var(ps *p)
{
    nm_token *name = cur(p);
    if (!expect(p, NM_TK_NAME, "")) return error_expr(p);
    nm_expr *e = new_expr(p, NM_E_VAR, tpos(p, name));
    e->name = tok_str(p, name);
    if (kind(p) == NM_TK_LBRACK) {
        nm_token *open = advance(p);
        e->index = parse_expr(p);
        if (kind(p) == NM_TK_RGUARD) { /* `x[y[1]]`: split `]]` into two `]` */
            cur(p)->kind = NM_TK_RBRACK;
            cur(p)->col++;
            cur(p)->text++;
            cur(p)->len = 1;
        } else if (!accept(p, NM_TK_RBRACK)) {
            unexpected(p, nm_sprintf(p->a, "']' to close '[' opened at line %d:%d",
                                     open->line, open->col));
        }
    }
    while (accept(p, NM_TK_APOS)) e->order++;
    set_height(p, e);
    return e;
}

/* args := '(' [expr (',' expr)*] ')' */
static void parse_args(ps *p, nm_expr *call)
{
    nm_token *open = advance(p);
    nm_ptrvec v = { 0 };
    p->parens++;
    if (kind(p) != NM_TK_RPAREN) {
        do {
            nm_ptrvec_push(p->a, &v, parse_expr(p));
        } while (!p->panic && accept(p, NM_TK_COMMA));
    }
    if (!accept(p, NM_TK_RPAREN))
        unexpected(p, nm_sprintf(p->a, "')' to close '(' opened at line %d:%d", open->line,
                                 open->col));
    p->parens--;
    call->args = (nm_expr **)v.v;
    call->nargs = v.n;
}

static double literal_value(const nm_token *t)
{
    char buf[64];
    int len = t->len < 63 ? t->len : 63;
    memcpy(buf, t->text, (size_t)len);
    buf[len] = '\0';
    return strtod(buf, NULL);
}

/* number := (INT | FLOAT) [NAME "'"*]   -- `10 mV`, `2.5ms`: one primary */
static nm_expr *parse_number(ps *p)
{
    nm_token *t = advance(p);
    nm_expr *e = new_expr(p, NM_E_NUM, tpos(p, t));
    e->text = tok_str(p, t);
    e->is_int = t->kind == NM_TK_INT;
    e->value = literal_value(t);
    if (kind(p) == NM_TK_NAME) {
        nm_token *u = advance(p);
        e->unit = new_expr(p, NM_E_VAR, tpos(p, u));
        e->unit->name = tok_str(p, u);
        while (accept(p, NM_TK_APOS)) e->unit->order++;
    }
    set_height(p, e);
    return e;
}

/* Unescapes a string literal token (without its quotes). */
static const char *string_value(ps *p, const nm_token *t)
{
    char *s = nm_alloc(p->a, (size_t)t->len);
    size_t o = 0;
    for (int k = 1; k < t->len - 1; k++) {
        char c = t->text[k];
        if (c == '\\' && k + 1 < t->len - 1) {
            c = t->text[++k];
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
        }
        s[o++] = c;
    }
    s[o] = '\0';
    return s;
}

/* primary := '(' expr ')' | number | 'inf' | 'true' | 'false' | STRING
 *          | NAME args | var */
static nm_expr *parse_primary(ps *p)
{
    nm_token *t = cur(p);
    nm_expr *e;
    switch (t->kind) {
    case NM_TK_LPAREN: {
        advance(p);
        p->parens++;
        e = parse_expr(p);
        if (!accept(p, NM_TK_RPAREN))
            unexpected(p, nm_sprintf(p->a, "')' to close '(' opened at line %d:%d", t->line,
                                     t->col));
        p->parens--;
        return e;
    }
    case NM_TK_INT: case NM_TK_FLOAT:
        return parse_number(p);
    case NM_TK_INF:
        advance(p);
        e = new_expr(p, NM_E_INF, tpos(p, t));
        e->text = "inf";
        return e;
    case NM_TK_TRUE: case NM_TK_FALSE:
        advance(p);
        e = new_expr(p, NM_E_BOOL, tpos(p, t));
        e->value = t->kind == NM_TK_TRUE;
        e->text = t->kind == NM_TK_TRUE ? "true" : "false";
        return e;
    case NM_TK_STRING:
        advance(p);
        e = new_expr(p, NM_E_STR, tpos(p, t));
        e->text = string_value(p, t);
        return e;
    case NM_TK_NAME:
        if (kind_at(p, 1) == NM_TK_LPAREN) {
            advance(p);
            e = new_expr(p, NM_E_CALL, tpos(p, t));
            e->name = tok_str(p, t);
            parse_args(p, e);
            set_height(p, e);
            return e;
        }
        return parse_var(p);
    default:
        if (t->kind >= NM_TK_INTEGER && t->kind <= NM_TK_FALSE)
            error_at(p, here(p), nm_sprintf(p->a, "unexpected token %s: expected an expression "
                                            "('%s' is a reserved keyword)", describe(p, t),
                                            nm_tok_name(t->kind)));
        else
            unexpected(p, "an expression");
        return error_expr(p);
    }
}

static nm_expr *parse_unary(ps *p);

/* power := primary ['**' unary]   -- right-associative, above unary minus */
static nm_expr *parse_power(ps *p)
{
    nm_expr *base = parse_primary(p);
    if (p->panic || kind(p) != NM_TK_POW) return base;
    if (!enter_expr(p)) { leave_expr(p); return base; }
    nm_token *op = advance(p);
    nm_expr *ex = parse_unary(p);
    leave_expr(p);
    return binary(p, NM_OP_POW, tpos(p, op), base, ex);
}

/* unary := ('+' | '-' | '~') unary | power */
static nm_expr *parse_unary(ps *p)
{
    nm_tok k = kind(p);
    if (k != NM_TK_PLUS && k != NM_TK_MINUS && k != NM_TK_TILDE) return parse_power(p);
    nm_token *op = cur(p);
    if (!enter_expr(p)) { leave_expr(p); return error_expr(p); }
    advance(p);
    nm_expr *e = new_expr(p, NM_E_UNARY, tpos(p, op));
    e->op = k == NM_TK_PLUS ? NM_OP_PLUS : k == NM_TK_MINUS ? NM_OP_NEG : NM_OP_BNOT;
    e->a = parse_unary(p);
    leave_expr(p);
    set_height(p, e);
    return e;
}

typedef struct { nm_tok tok; nm_op op; } opmap;

static nm_op lookup_op(ps *p, const opmap *m, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (m[k].tok == kind(p)) return m[k].op;
    return NM_OP_NONE;
}

/* term := unary (('*' | '/' | '%') unary)* */
static nm_expr *parse_term(ps *p)
{
    static const opmap ops[] = { { NM_TK_STAR, NM_OP_MUL }, { NM_TK_SLASH, NM_OP_DIV },
                                 { NM_TK_PERCENT, NM_OP_MOD } };
    nm_expr *e = parse_unary(p);
    nm_op op;
    while (!p->panic && (op = lookup_op(p, ops, 3)) != NM_OP_NONE) {
        nm_pos pos = here(p);
        advance(p);
        e = binary(p, op, pos, e, parse_unary(p));
    }
    return e;
}

/* additive := term (('+' | '-') term)* */
static nm_expr *parse_additive(ps *p)
{
    static const opmap ops[] = { { NM_TK_PLUS, NM_OP_ADD }, { NM_TK_MINUS, NM_OP_SUB } };
    nm_expr *e = parse_term(p);
    nm_op op;
    while (!p->panic && (op = lookup_op(p, ops, 2)) != NM_OP_NONE) {
        nm_pos pos = here(p);
        advance(p);
        e = binary(p, op, pos, e, parse_term(p));
    }
    return e;
}

/* bitwise := additive (('&' | '|' | '^' | '<<' | '>>') additive)*   -- one level */
static nm_expr *parse_bitwise(ps *p)
{
    static const opmap ops[] = { { NM_TK_AMP, NM_OP_BAND }, { NM_TK_PIPE, NM_OP_BOR },
                                 { NM_TK_CARET, NM_OP_BXOR }, { NM_TK_SHL, NM_OP_SHL },
                                 { NM_TK_SHR, NM_OP_SHR } };
    nm_expr *e = parse_additive(p);
    nm_op op;
    while (!p->panic && (op = lookup_op(p, ops, 5)) != NM_OP_NONE) {
        nm_pos pos = here(p);
        advance(p);
        e = binary(p, op, pos, e, parse_additive(p));
    }
    return e;
}

/* comparison := bitwise (('<' | '<=' | '==' | '!=' | '<>' | '>=' | '>') bitwise)* */
static nm_expr *parse_comparison(ps *p)
{
    static const opmap ops[] = { { NM_TK_LT, NM_OP_LT }, { NM_TK_LE, NM_OP_LE },
                                 { NM_TK_EQEQ, NM_OP_EQ }, { NM_TK_NE, NM_OP_NE },
                                 { NM_TK_GE, NM_OP_GE }, { NM_TK_GT, NM_OP_GT } };
    nm_expr *e = parse_bitwise(p);
    nm_op op;
    while (!p->panic && (op = lookup_op(p, ops, 6)) != NM_OP_NONE) {
        nm_pos pos = here(p);
        advance(p);
        e = binary(p, op, pos, e, parse_bitwise(p));
    }
    return e;
}

/* negation := 'not' negation | comparison */
static nm_expr *parse_negation(ps *p)
{
    if (kind(p) != NM_TK_NOT) return parse_comparison(p);
    nm_token *op = cur(p);
    if (!enter_expr(p)) { leave_expr(p); return error_expr(p); }
    advance(p);
    nm_expr *e = new_expr(p, NM_E_UNARY, tpos(p, op));
    e->op = NM_OP_NOT;
    e->a = parse_negation(p);
    leave_expr(p);
    set_height(p, e);
    return e;
}

/* logical := negation (('and' | 'or') negation)*   -- one level, left-assoc */
static nm_expr *parse_logical(ps *p)
{
    static const opmap ops[] = { { NM_TK_AND, NM_OP_AND }, { NM_TK_OR, NM_OP_OR } };
    nm_expr *e = parse_negation(p);
    nm_op op;
    while (!p->panic && (op = lookup_op(p, ops, 2)) != NM_OP_NONE) {
        nm_pos pos = here(p);
        advance(p);
        e = binary(p, op, pos, e, parse_negation(p));
    }
    return e;
}

/* expr := logical ['?' expr ':' expr] */
static nm_expr *parse_expr(ps *p)
{
    if (!enter_expr(p)) { leave_expr(p); return error_expr(p); }
    nm_expr *e = parse_logical(p);
    if (!p->panic && kind(p) == NM_TK_QUESTION) {
        nm_token *q = advance(p);
        nm_expr *t = new_expr(p, NM_E_TERNARY, tpos(p, q));
        t->a = e;
        t->b = parse_expr(p);
        if (!p->panic && !accept(p, NM_TK_COLON))
            unexpected(p, nm_sprintf(p->a, "':' of the '?' at line %d:%d", q->line, q->col));
        t->c = p->panic ? error_expr(p) : parse_expr(p);
        set_height(p, t);
        e = t;
    }
    leave_expr(p);
    return e;
}

/* ---- data types ---------------------------------------------------------------------- */

static nm_dtype *parse_unit_type(ps *p);

static nm_dtype *new_dtype(ps *p, nm_dtkind k, nm_pos pos)
{
    nm_dtype *t = nm_alloc(p->a, sizeof *t);
    t->kind = k;
    t->pos = pos;
    return t;
}

/* unitExponent := ['+' | '-'] (INT | FLOAT) | ['-'] '(' ['-'] NUMBER ['/' NUMBER] ')' */
static bool parse_unit_exponent(ps *p, int32_t *num, int32_t *den)
{
    bool neg = false;
    if (accept(p, NM_TK_MINUS)) neg = true;
    else accept(p, NM_TK_PLUS);
    int32_t n2 = 1, d2 = 1;
    bool paren = accept(p, NM_TK_LPAREN);
    if (paren && accept(p, NM_TK_MINUS)) neg = !neg;
    nm_token *t = cur(p);
    if ((t->kind != NM_TK_INT && t->kind != NM_TK_FLOAT)
        || !nm_rational_parse(tok_str(p, t), num, den)) {
        unexpected(p, "a unit exponent (a number or '(' fraction ')')");
        return false;
    }
    advance(p);
    if (paren) {
        if (accept(p, NM_TK_SLASH)) {
            nm_token *u = cur(p);
            if ((u->kind != NM_TK_INT && u->kind != NM_TK_FLOAT)
                || !nm_rational_parse(tok_str(p, u), &d2, &n2) || d2 == 0) {
                unexpected(p, "a non-zero number after '/' in the unit exponent");
                return false;
            }
            advance(p);
        }
        if (!expect(p, NM_TK_RPAREN, " closing the unit exponent")) return false;
    }
    /* (num/den) / (d2/n2): d2/n2 holds the divisor as a fraction, swapped */
    int64_t nn = (int64_t)*num * n2, dd = (int64_t)*den * d2;
    if (nn > INT32_MAX || dd > INT32_MAX || nn < -INT32_MAX) {
        error_at(p, tpos(p, t), "unit exponent out of range");
        return false;
    }
    *num = (int32_t)(neg ? -nn : nn);
    *den = (int32_t)dd;
    return true;
}

/* unitPrimary := NAME | '(' unitType ')' | INT '/' unitType   -- numerator must be 1 */
static nm_dtype *parse_unit_primary(ps *p)
{
    nm_token *t = cur(p);
    if (t->kind == NM_TK_NAME) {
        advance(p);
        nm_dtype *u = new_dtype(p, NM_DT_UNIT, tpos(p, t));
        u->name = tok_str(p, t);
        u->text = u->name;
        return u;
    }
    if (t->kind == NM_TK_LPAREN) {
        advance(p);
        nm_dtype *u = parse_unit_type(p);
        if (!accept(p, NM_TK_RPAREN))
            unexpected(p, nm_sprintf(p->a, "')' to close '(' opened at line %d:%d", t->line,
                                     t->col));
        u->text = nm_sprintf(p->a, "(%s)", u->text ? u->text : "?");
        return u;
    }
    if (t->kind == NM_TK_INT || t->kind == NM_TK_FLOAT) {
        advance(p);
        if (!(t->kind == NM_TK_INT && literal_value(t) == 1.0))
            error_at(p, tpos(p, t), nm_sprintf(p->a, "unit numerator must be 1, found %s",
                                               describe(p, t)));
        if (!expect(p, NM_TK_SLASH, " after the unit numerator 1")) return new_dtype(p, NM_DT_REAL, tpos(p, t));
        nm_dtype *u = new_dtype(p, NM_DT_ONE_OVER, tpos(p, t));
        if (!enter(p)) { leave(p); return u; }
        u->b = parse_unit_type(p);
        leave(p);
        u->text = nm_sprintf(p->a, "1/%s", u->b->text ? u->b->text : "?");
        return u;
    }
    unexpected(p, "a data type (real, integer, boolean, string, void or a unit)");
    nm_dtype *u = new_dtype(p, NM_DT_REAL, here(p));
    u->text = "?";
    return u;
}

/* unitFactor := unitPrimary ['**' unitExponent] */
static nm_dtype *parse_unit_factor(ps *p)
{
    nm_dtype *u = parse_unit_primary(p);
    if (p->panic || kind(p) != NM_TK_POW) return u;
    nm_token *op = advance(p);
    nm_dtype *w = new_dtype(p, NM_DT_POW, tpos(p, op));
    w->a = u;
    if (!parse_unit_exponent(p, &w->exp_num, &w->exp_den)) return u;
    if (w->exp_den == 1) w->text = nm_sprintf(p->a, "%s**%d", u->text, (int)w->exp_num);
    else w->text = nm_sprintf(p->a, "%s**(%d/%d)", u->text, (int)w->exp_num, (int)w->exp_den);
    return w;
}

/* unitType := unitFactor (('*' | '/') unitFactor)* */
static nm_dtype *parse_unit_type(ps *p)
{
    if (!enter(p)) {
        leave(p);
        nm_dtype *u = new_dtype(p, NM_DT_REAL, here(p));
        u->text = "?";
        return u;
    }
    nm_dtype *u = parse_unit_factor(p);
    while (!p->panic && (kind(p) == NM_TK_STAR || kind(p) == NM_TK_SLASH)) {
        nm_token *op = advance(p);
        nm_dtype *w = new_dtype(p, op->kind == NM_TK_STAR ? NM_DT_MUL : NM_DT_DIV, tpos(p, op));
        w->a = u;
        w->b = parse_unit_factor(p);
        w->text = nm_sprintf(p->a, "%s%c%s", u->text, op->kind == NM_TK_STAR ? '*' : '/',
                             w->b->text);
        u = w;
    }
    leave(p);
    return u;
}

/* dataType := 'integer' | 'real' | 'string' | 'boolean' | 'void' | unitType */
static nm_dtype *parse_dtype(ps *p)
{
    static const struct { nm_tok tok; nm_dtkind k; const char *text; } prim[] = {
        { NM_TK_INTEGER, NM_DT_INTEGER, "integer" }, { NM_TK_REAL, NM_DT_REAL, "real" },
        { NM_TK_STRING_KW, NM_DT_STRING, "string" }, { NM_TK_BOOLEAN, NM_DT_BOOLEAN, "boolean" },
        { NM_TK_VOID, NM_DT_VOID, "void" } };
    for (size_t k = 0; k < sizeof prim / sizeof prim[0]; k++)
        if (kind(p) == prim[k].tok) {
            nm_dtype *t = new_dtype(p, prim[k].k, here(p));
            t->text = prim[k].text;
            advance(p);
            return t;
        }
    return parse_unit_type(p);
}

static bool starts_dtype(nm_tok k)
{
    return k == NM_TK_NAME || k == NM_TK_INTEGER || k == NM_TK_REAL || k == NM_TK_STRING_KW
        || k == NM_TK_BOOLEAN || k == NM_TK_VOID || k == NM_TK_LPAREN || k == NM_TK_INT
        || k == NM_TK_FLOAT;
}

/* ---- declarations ------------------------------------------------------------------ */

static void to_declvar(const nm_expr *v, nm_declvar *dv)
{
    dv->pos = v->pos;
    dv->name = v->name;
    dv->order = v->order;
    dv->size = v->index;
}

/* decorator := '@homogeneous' | '@heterogeneous' | '@' NAME '::' NAME */
static const char *parse_decorator(ps *p)
{
    nm_token *t = advance(p);
    const char *s = nm_strndup(p->a, t->text + 1, (size_t)t->len - 1);
    if (accept(p, NM_TK_DCOLON)) {
        nm_token *n = cur(p);
        if (!expect(p, NM_TK_NAME, " after '::' in the decorator")) return s;
        s = nm_sprintf(p->a, "%s::%.*s", s, n->len, n->text);
    }
    return s;
}

/* declaration := ['recordable'] ['inline'] var (',' var)* dataType ['=' expr]
 *                ['[[' expr ']]'] decorator*
 * `first` is an already parsed first variable (statement context) or NULL. */
static nm_decl *parse_declaration(ps *p, nm_expr *first, bool recordable, bool is_inline,
                                  nm_pos pos, bool single)
{
    nm_decl *d = nm_alloc(p->a, sizeof *d);
    d->pos = pos;
    d->recordable = recordable;
    d->is_inline = is_inline;
    d->comment = doc_comment(p, pos.line);
    nm_ptrvec vars = { 0 };
    nm_expr *v = first ? first : parse_var(p);
    nm_ptrvec_push(p->a, &vars, v);
    if (single && !p->panic && kind(p) == NM_TK_COMMA)
        unexpected(p, "a data type (an inline expression has exactly one name)");
    while (!p->panic && accept(p, NM_TK_COMMA)) nm_ptrvec_push(p->a, &vars, parse_var(p));
    d->nvars = vars.n;
    d->vars = nm_alloc(p->a, sizeof *d->vars * (size_t)vars.n);
    for (int k = 0; k < vars.n; k++) to_declvar(vars.v[k], &d->vars[k]);
    if (p->panic) return d;
    if (!starts_dtype(kind(p))) {
        unexpected(p, nm_sprintf(p->a, "a data type for '%s'", d->vars[0].name));
        return d;
    }
    d->type = parse_dtype(p);
    if (!p->panic && accept(p, NM_TK_ASSIGN)) d->init = parse_expr(p);
    if (!p->panic && kind(p) == NM_TK_LGUARD) {
        nm_token *open = advance(p);
        d->guard = parse_expr(p);
        if (!p->panic && !accept(p, NM_TK_RGUARD))
            unexpected(p, nm_sprintf(p->a, "']]' to close '[[' opened at line %d:%d",
                                     open->line, open->col));
    }
    nm_ptrvec decos = { 0 };
    while (!p->panic && kind(p) == NM_TK_DECORATOR) nm_ptrvec_push(p->a, &decos, (void *)parse_decorator(p));
    d->decorators = (const char **)decos.v;
    d->ndecorators = decos.n;
    return d;
}

static void push_decl(ps *p, nm_decls *ds, nm_decl *d)
{
    nm_array_push(p->a, (void ***)&ds->v, &ds->n, d);
}

/* ---- statements ---------------------------------------------------------------------- */

static nm_block *parse_suite(ps *p, const nm_token *opener);

static nm_stmt *new_stmt(ps *p, nm_skind k, nm_pos pos)
{
    nm_stmt *s = nm_alloc(p->a, sizeof *s);
    s->kind = k;
    s->pos = pos;
    return s;
}

/* ifStmt := 'if' expr ':' suite ('elif' expr ':' suite)* ['else' ':' suite] */
static nm_stmt *parse_if(ps *p)
{
    nm_stmt *s = new_stmt(p, NM_S_IF, here(p));
    nm_ptrvec conds = { 0 }, bodies = { 0 };
    do {
        nm_token *kw = advance(p);
        nm_ptrvec_push(p->a, &conds, parse_expr(p));
        nm_ptrvec_push(p->a, &bodies, p->panic ? NULL : parse_suite(p, kw));
    } while (!p->panic && kind(p) == NM_TK_ELIF);
    if (!p->panic && kind(p) == NM_TK_ELSE) {
        nm_token *kw = advance(p);
        s->else_body = parse_suite(p, kw);
    }
    s->conds = (nm_expr **)conds.v;
    s->bodies = (nm_block **)bodies.v;
    s->nbranches = conds.n;
    return s;
}

/* forStmt := 'for' NAME 'in' expr '...' expr 'step' ['-'] (INT | FLOAT) ':' suite */
static nm_stmt *parse_for(ps *p)
{
    nm_token *kw = advance(p);
    nm_stmt *s = new_stmt(p, NM_S_FOR, tpos(p, kw));
    nm_token *v = cur(p);
    if (!expect(p, NM_TK_NAME, " (the loop variable)")) return s;
    s->var = tok_str(p, v);
    s->var_pos = tpos(p, v);
    if (!expect(p, NM_TK_IN, " after the loop variable")) return s;
    s->from = parse_expr(p);
    if (p->panic || !expect(p, NM_TK_ELLIPSIS, " in the for range")) return s;
    s->to = parse_expr(p);
    if (p->panic || !expect(p, NM_TK_STEP, " (for loops need 'step N')")) return s;
    bool neg = accept(p, NM_TK_MINUS);
    nm_token *st = cur(p);
    if (st->kind != NM_TK_INT && st->kind != NM_TK_FLOAT) {
        unexpected(p, "a numeric step literal");
        return s;
    }
    advance(p);
    s->step = (neg ? -1 : 1) * literal_value(st);
    s->step_text = nm_sprintf(p->a, "%s%.*s", neg ? "-" : "", st->len, st->text);
    s->body = parse_suite(p, kw);
    return s;
}

/* whileStmt := 'while' expr ':' suite */
static nm_stmt *parse_while(ps *p)
{
    nm_token *kw = advance(p);
    nm_stmt *s = new_stmt(p, NM_S_WHILE, tpos(p, kw));
    s->value = parse_expr(p);
    if (!p->panic) s->body = parse_suite(p, kw);
    return s;
}

static nm_op assign_op(nm_tok k)
{
    switch (k) {
    case NM_TK_ASSIGN: return NM_OP_ASSIGN;
    case NM_TK_PLUSEQ: return NM_OP_ADD;
    case NM_TK_MINUSEQ: return NM_OP_SUB;
    case NM_TK_STAREQ: return NM_OP_MUL;
    case NM_TK_SLASHEQ: return NM_OP_DIV;
    default: return NM_OP_NONE;
    }
}

/* smallStmt := 'return' [expr] | declaration | var assignOp expr | NAME args */
static nm_stmt *parse_small_stmt(ps *p)
{
    nm_token *t = cur(p);
    nm_pos pos = here(p);
    if (t->kind == NM_TK_RETURN) {
        advance(p);
        nm_stmt *s = new_stmt(p, NM_S_RETURN, pos);
        if (kind(p) != NM_TK_NEWLINE) s->value = parse_expr(p);
        return s;
    }
    if (t->kind == NM_TK_RECORDABLE || t->kind == NM_TK_INLINE) {
        bool rec = accept(p, NM_TK_RECORDABLE), inl = accept(p, NM_TK_INLINE);
        nm_stmt *s = new_stmt(p, NM_S_DECL, pos);
        s->decl = parse_declaration(p, NULL, rec, inl, pos, false);
        return s;
    }
    if (t->kind == NM_TK_NAME && kind_at(p, 1) == NM_TK_LPAREN) {
        nm_stmt *s = new_stmt(p, NM_S_CALL, pos);
        s->value = parse_primary(p);
        return s;
    }
    if (t->kind != NM_TK_NAME) {
        unexpected(p, "a statement");
        return NULL;
    }
    nm_expr *v = parse_var(p);
    nm_op op = assign_op(kind(p));
    if (op != NM_OP_NONE) {
        advance(p);
        nm_stmt *s = new_stmt(p, NM_S_ASSIGN, pos);
        s->target = v;
        s->aop = op;
        s->value = parse_expr(p);
        return s;
    }
    if (kind(p) == NM_TK_COMMA || starts_dtype(kind(p))) {
        nm_stmt *s = new_stmt(p, NM_S_DECL, pos);
        s->decl = parse_declaration(p, v, false, false, pos, false);
        return s;
    }
    unexpected(p, "'=', a compound assignment or a data type");
    return NULL;
}

/* stmt := ifStmt | forStmt | whileStmt | smallStmt NEWLINE */
static nm_stmt *parse_stmt(ps *p)
{
    switch (kind(p)) {
    case NM_TK_IF: return parse_if(p);
    case NM_TK_FOR: return parse_for(p);
    case NM_TK_WHILE: return parse_while(p);
    default: {
        nm_stmt *s = parse_small_stmt(p);
        if (!p->panic) end_line(p, false, "the statement");
        return s;
    }
    }
}

/* Opens an indented block: ':' NEWLINE INDENT. */
static bool open_block(ps *p, const nm_token *opener)
{
    const char *what = nm_sprintf(p->a, " after '%.*s'", opener->len, opener->text);
    if (!expect(p, NM_TK_COLON, what)) return false;
    if (kind(p) != NM_TK_NEWLINE) {
        unexpected(p, nm_sprintf(p->a, "end of line after '%.*s:' (the body goes on the "
                                 "following indented lines)", opener->len, opener->text));
        return false;
    }
    advance(p);
    if (kind(p) != NM_TK_INDENT) {
        error_at(p, here(p), nm_sprintf(p->a, "expected an indented block after '%.*s:' at "
                                        "line %d (unexpected token %s)", opener->len,
                                        opener->text, opener->line, describe(p, cur(p))));
        return false;
    }
    advance(p);
    return true;
}

/* suite := ':' NEWLINE INDENT stmt+ DEDENT */
static nm_block *parse_suite(ps *p, const nm_token *opener)
{
    nm_block *b = nm_alloc(p->a, sizeof *b);
    b->pos = tpos(p, opener);
    if (!open_block(p, opener)) return b;
    if (!enter(p)) {
        leave(p);
        return b;
    }
    nm_ptrvec v = { 0 };
    while (kind(p) != NM_TK_DEDENT && kind(p) != NM_TK_EOF) {
        size_t before = p->i;
        nm_stmt *s = parse_stmt(p);
        if (s) nm_ptrvec_push(p->a, &v, s);
        if (p->panic) sync_line(p);
        if (p->i == before) advance(p); /* guarantee progress */
    }
    accept(p, NM_TK_DEDENT);
    leave(p);
    b->stmts = (nm_stmt **)v.v;
    b->n = v.n;
    return b;
}

/* ---- model blocks ------------------------------------------------------------------ */

typedef struct mctx { ps *p; nm_model *m; } mctx;

/* Runs `line` once per line of an indented block body, with recovery. */
static void block_lines(ps *p, const nm_token *opener, void (*line)(mctx *, void *), mctx *mc,
                        void *arg)
{
    if (!open_block(p, opener)) {
        sync_line(p);
        return;
    }
    while (kind(p) != NM_TK_DEDENT && kind(p) != NM_TK_EOF) {
        size_t before = p->i;
        line(mc, arg);
        if (p->panic) sync_line(p);
        if (p->i == before) advance(p);
    }
    accept(p, NM_TK_DEDENT);
}

/* varLine := declaration NEWLINE */
static void var_line(mctx *mc, void *arg)
{
    ps *p = mc->p;
    nm_pos pos = here(p);
    bool rec = accept(p, NM_TK_RECORDABLE), inl = accept(p, NM_TK_INLINE);
    if (kind(p) != NM_TK_NAME) {
        unexpected(p, "a declaration (name data type = value)");
        return;
    }
    nm_decl *d = parse_declaration(p, NULL, rec, inl, pos, false);
    if (!p->panic) end_line(p, false, "the declaration");
    push_decl(p, arg, d);
}

/* inline := ['recordable'] 'inline' NAME dataType '=' expr [';'] decorator* NEWLINE */
static void parse_inline(ps *p, nm_model *m, bool rec, nm_pos pos)
{
    nm_decl *d = parse_declaration(p, NULL, rec, true, pos, true);
    if (p->panic) return;
    if (d->nvars != 1) {
        error_at(p, d->vars[1].pos, "an inline expression must have exactly one name on its "
                 "left-hand side");
        return;
    }
    if (!d->init) {
        unexpected(p, "'=' (an inline expression needs a right-hand side)");
        return;
    }
    if (accept(p, NM_TK_SEMI)) /* `inline x real = 1; @deco` */
        while (kind(p) == NM_TK_DECORATOR) parse_decorator(p);
    end_line(p, false, "the inline expression");
    push_decl(p, &m->inlines, d);
}

/* kernel := 'kernel' var '=' expr (',' var '=' expr)* [';'] NEWLINE */
static void parse_kernel(ps *p, nm_model *m, nm_pos pos)
{
    nm_kernel *k = nm_alloc(p->a, sizeof *k);
    k->pos = pos;
    k->comment = doc_comment(p, pos.line);
    nm_ptrvec l = { 0 }, r = { 0 };
    do {
        nm_ptrvec_push(p->a, &l, parse_var(p));
        if (p->panic || !expect(p, NM_TK_ASSIGN, " in the kernel definition")) return;
        nm_ptrvec_push(p->a, &r, parse_expr(p));
    } while (!p->panic && accept(p, NM_TK_COMMA));
    if (p->panic) return;
    end_line(p, true, "the kernel");
    k->lhs = (nm_expr **)l.v;
    k->rhs = (nm_expr **)r.v;
    k->n = l.n;
    nm_array_push(p->a, (void ***)&m->kernels, &m->nkernels, k);
}

/* ode := var '=' expr [';'] decorator* NEWLINE   -- var with order >= 1 */
static void parse_ode(ps *p, nm_model *m)
{
    nm_ode *o = nm_alloc(p->a, sizeof *o);
    o->pos = here(p);
    o->comment = doc_comment(p, o->pos.line);
    o->lhs = parse_var(p);
    if (p->panic || !expect(p, NM_TK_ASSIGN, " in the differential equation")) return;
    o->rhs = parse_expr(p);
    if (p->panic) return;
    accept(p, NM_TK_SEMI);
    while (kind(p) == NM_TK_DECORATOR) parse_decorator(p);
    end_line(p, false, "the differential equation");
    nm_array_push(p->a, (void ***)&m->odes, &m->nodes, o);
}

/* equationLine := inline | kernel | ode */
static void equation_line(mctx *mc, void *arg)
{
    (void)arg;
    ps *p = mc->p;
    nm_pos pos = here(p);
    if (accept(p, NM_TK_RECORDABLE)) {
        if (!expect(p, NM_TK_INLINE, " after 'recordable' in the equations block")) return;
        parse_inline(p, mc->m, true, pos);
    } else if (accept(p, NM_TK_INLINE)) {
        parse_inline(p, mc->m, false, pos);
    } else if (accept(p, NM_TK_KERNEL)) {
        parse_kernel(p, mc->m, pos);
    } else if (kind(p) == NM_TK_NAME) {
        parse_ode(p, mc->m);
    } else {
        unexpected(p, "an ODE, 'inline' or 'kernel'");
    }
}

/* port := NAME ['[' expr ']'] [dataType] '<-' ('inhibitory' | 'excitatory')*
 *         ('spike' | 'continuous') NEWLINE */
static void input_line(mctx *mc, void *arg)
{
    (void)arg;
    ps *p = mc->p;
    nm_port *port = nm_alloc(p->a, sizeof *port);
    port->pos = here(p);
    port->comment = doc_comment(p, port->pos.line);
    nm_expr *v = parse_var(p);
    if (p->panic) return;
    port->name = v->name;
    port->size = v->index;
    if (v->order > 0) {
        error_at(p, v->pos, "an input port name cannot carry a derivative mark (')");
        return;
    }
    if (kind(p) != NM_TK_LARROW) port->type = parse_dtype(p);
    if (p->panic || !expect(p, NM_TK_LARROW, " in the input port")) return;
    for (;;) {
        nm_token *q = cur(p);
        bool *flag = q->kind == NM_TK_EXCITATORY ? &port->excitatory
                   : q->kind == NM_TK_INHIBITORY ? &port->inhibitory : NULL;
        if (!flag) break;
        if (*flag) {
            error_at(p, tpos(p, q), nm_sprintf(p->a, "qualifier repeated: '%s' given twice",
                                               nm_tok_name(q->kind)));
            return;
        }
        *flag = true;
        advance(p);
    }
    nm_token *kw = cur(p);
    if (accept(p, NM_TK_CONTINUOUS)) {
        port->continuous = true;
        if (!port->type)
            error_at(p, port->pos, nm_sprintf(p->a, "continuous input port '%s' needs a data "
                                              "type (name type <- continuous)", port->name));
        else if (port->excitatory || port->inhibitory)
            error_at(p, tpos(p, kw), "a continuous input port cannot be excitatory or inhibitory");
    } else if (accept(p, NM_TK_SPIKE)) {
        if (port->type)
            error_at(p, port->type->pos, nm_sprintf(p->a, "spike input port '%s' cannot have a "
                                                    "data type (removed in NESTML 6)", port->name));
    } else {
        unexpected(p, "'spike' or 'continuous'");
        return;
    }
    if (p->panic) return;
    end_line(p, false, "the input port");
    nm_array_push(p->a, (void ***)&mc->m->inputs, &mc->m->ninputs, port);
}

/* outputLine := ('spike' | 'continuous') NEWLINE */
static void output_line(mctx *mc, void *arg)
{
    (void)arg;
    ps *p = mc->p;
    nm_token *t = cur(p);
    if (t->kind != NM_TK_SPIKE && t->kind != NM_TK_CONTINUOUS) {
        unexpected(p, "'spike' or 'continuous'");
        return;
    }
    if (mc->m->output_spike || mc->m->output_continuous) {
        error_at(p, here(p), "a model has at most one output port: output declared more than once");
        return;
    }
    advance(p);
    if (t->kind == NM_TK_SPIKE) mc->m->output_spike = true;
    else mc->m->output_continuous = true;
    if (kind(p) == NM_TK_LPAREN) {
        error_at(p, here(p), "unexpected token '(': output event attributes were removed in "
                 "NESTML 8.3; write just 'spike'");
        return;
    }
    end_line(p, false, "the output port");
}

/* handlerParams := (',' NAME '=' expr)* */
static void parse_handler_params(ps *p, nm_param **out, int *n)
{
    nm_ptrvec v = { 0 };
    while (!p->panic && accept(p, NM_TK_COMMA)) {
        nm_param *pp = nm_alloc(p->a, sizeof *pp);
        pp->pos = here(p);
        nm_token *name = cur(p);
        if (!expect(p, NM_TK_NAME, " (handler parameter name=value)")) return;
        pp->name = tok_str(p, name);
        if (!expect(p, NM_TK_ASSIGN, " after the handler parameter name")) return;
        pp->value = parse_expr(p);
        nm_ptrvec_push(p->a, &v, pp);
    }
    *n = v.n;
    *out = nm_alloc(p->a, sizeof **out * (size_t)(v.n ? v.n : 1));
    for (int k = 0; k < v.n; k++) (*out)[k] = *(nm_param *)v.v[k];
}

static void close_handler_paren(ps *p, const nm_token *open)
{
    if (!p->panic && !accept(p, NM_TK_RPAREN))
        unexpected(p, nm_sprintf(p->a, "')' to close '(' opened at line %d:%d", open->line,
                                 open->col));
}

/* onReceive := 'onReceive' '(' NAME ['[' expr ']'] handlerParams ')' suite */
static void parse_onreceive(ps *p, nm_model *m)
{
    nm_token *kw = advance(p);
    nm_onreceive *h = nm_alloc(p->a, sizeof *h);
    h->pos = tpos(p, kw);
    nm_token *open = cur(p);
    if (!expect(p, NM_TK_LPAREN, " after 'onReceive'")) return;
    h->port_pos = here(p);
    nm_expr *v = parse_var(p);
    h->port = v->name;
    h->port_index = v->index;
    parse_handler_params(p, &h->params, &h->nparams);
    close_handler_paren(p, open);
    if (p->panic) return;
    h->body = parse_suite(p, kw);
    nm_array_push(p->a, (void ***)&m->onreceive, &m->nonreceive, h);
}

/* onCondition := 'onCondition' '(' expr handlerParams ')' suite */
static void parse_oncondition(ps *p, nm_model *m)
{
    nm_token *kw = advance(p);
    nm_oncondition *h = nm_alloc(p->a, sizeof *h);
    h->pos = tpos(p, kw);
    nm_token *open = cur(p);
    if (!expect(p, NM_TK_LPAREN, " after 'onCondition'")) return;
    h->cond = parse_expr(p);
    parse_handler_params(p, &h->params, &h->nparams);
    close_handler_paren(p, open);
    if (p->panic) return;
    h->body = parse_suite(p, kw);
    nm_array_push(p->a, (void ***)&m->oncondition, &m->noncondition, h);
}

/* function := 'function' NAME '(' [NAME dataType (',' NAME dataType)*] ')' [dataType] suite */
static void parse_function(ps *p, nm_model *m)
{
    nm_token *kw = advance(p);
    nm_function *f = nm_alloc(p->a, sizeof *f);
    f->pos = tpos(p, kw);
    f->comment = doc_comment(p, kw->line);
    nm_token *name = cur(p);
    if (!expect(p, NM_TK_NAME, " (the function name)")) return;
    f->name = tok_str(p, name);
    f->name_pos = tpos(p, name);
    nm_token *open = cur(p);
    if (!expect(p, NM_TK_LPAREN, " after the function name")) return;
    nm_ptrvec v = { 0 };
    if (kind(p) != NM_TK_RPAREN) {
        do {
            nm_fparam *fp = nm_alloc(p->a, sizeof *fp);
            fp->pos = here(p);
            nm_token *pn = cur(p);
            if (!expect(p, NM_TK_NAME, " (parameter name)")) return;
            fp->name = tok_str(p, pn);
            fp->type = parse_dtype(p);
            nm_ptrvec_push(p->a, &v, fp);
        } while (!p->panic && accept(p, NM_TK_COMMA));
    }
    close_handler_paren(p, open);
    if (p->panic) return;
    f->nparams = v.n;
    f->params = nm_alloc(p->a, sizeof *f->params * (size_t)(v.n ? v.n : 1));
    for (int k = 0; k < v.n; k++) f->params[k] = *(nm_fparam *)v.v[k];
    if (kind(p) != NM_TK_COLON) f->ret = parse_dtype(p);
    if (p->panic) return;
    f->body = parse_suite(p, kw);
    nm_array_push(p->a, (void ***)&m->functions, &m->nfunctions, f);
}

/* Records that block kind `k` appears; the single-instance blocks may appear once. */
static void mark_block(ps *p, nm_model *m, nm_blockkind k, const nm_token *kw)
{
    bool once = k != NM_B_ONRECEIVE && k != NM_B_ONCONDITION && k != NM_B_FUNCTION;
    if (m->has_block[k] && once) {
        nm_diag_error(p->d, tpos(p, kw), "block '%s' appears more than once in model '%s' "
                      "(first at line %d)", nm_blockkind_name(k), m->name, m->block_pos[k].line);
        return;
    }
    if (!m->has_block[k]) m->block_pos[k] = tpos(p, kw);
    m->has_block[k] = true;
}

/* block := varBlock | equationsBlock | inputBlock | outputBlock | updateBlock
 *        | onReceive | onCondition | function */
static void parse_block(ps *p, nm_model *m)
{
    nm_token *kw = cur(p);
    mctx mc = { p, m };
    switch (kw->kind) {
    case NM_TK_STATE: case NM_TK_PARAMETERS: case NM_TK_INTERNALS: {
        nm_blockkind k = kw->kind == NM_TK_STATE ? NM_B_STATE
                       : kw->kind == NM_TK_PARAMETERS ? NM_B_PARAMETERS : NM_B_INTERNALS;
        mark_block(p, m, k, kw);
        advance(p);
        nm_decls *ds = k == NM_B_STATE ? &m->state : k == NM_B_PARAMETERS ? &m->parameters
                                                                          : &m->internals;
        block_lines(p, kw, var_line, &mc, ds);
        return;
    }
    case NM_TK_EQUATIONS:
        mark_block(p, m, NM_B_EQUATIONS, kw);
        advance(p);
        block_lines(p, kw, equation_line, &mc, NULL);
        return;
    case NM_TK_INPUT:
        mark_block(p, m, NM_B_INPUT, kw);
        advance(p);
        block_lines(p, kw, input_line, &mc, NULL);
        return;
    case NM_TK_OUTPUT:
        mark_block(p, m, NM_B_OUTPUT, kw);
        advance(p);
        block_lines(p, kw, output_line, &mc, NULL);
        return;
    case NM_TK_UPDATE: {
        mark_block(p, m, NM_B_UPDATE, kw);
        advance(p);
        nm_block *b = parse_suite(p, kw);
        if (!m->update) m->update = b;
        return;
    }
    case NM_TK_ONRECEIVE: mark_block(p, m, NM_B_ONRECEIVE, kw); parse_onreceive(p, m); return;
    case NM_TK_ONCONDITION: mark_block(p, m, NM_B_ONCONDITION, kw); parse_oncondition(p, m); return;
    case NM_TK_FUNCTION: mark_block(p, m, NM_B_FUNCTION, kw); parse_function(p, m); return;
    default:
        unexpected(p, "a block (state, parameters, internals, equations, input, output, "
                   "update, onReceive, onCondition or function)");
    }
}

/* model := 'model' NAME ':' NEWLINE INDENT block+ DEDENT */
static nm_model *parse_model(ps *p)
{
    nm_token *kw = advance(p);
    nm_model *m = nm_alloc(p->a, sizeof *m);
    m->pos = tpos(p, kw);
    m->comment = doc_comment(p, kw->line);
    nm_token *name = cur(p);
    if (!expect(p, NM_TK_NAME, " (the model name)")) return m;
    m->name = tok_str(p, name);
    m->name_pos = tpos(p, name);
    if (!open_block(p, kw)) return m;
    while (kind(p) != NM_TK_DEDENT && kind(p) != NM_TK_EOF) {
        size_t before = p->i;
        parse_block(p, m);
        if (p->panic) sync_line(p);
        if (p->i == before) advance(p);
    }
    accept(p, NM_TK_DEDENT);
    return m;
}

/* file := (model | NEWLINE)* EOF */
nm_file *nm_parse(const nm_source *src, nm_lexed *lx, nm_arena *arena, nm_diags *d)
{
    ps P = { .src = src, .t = lx->tok, .n = lx->ntok, .lx = lx, .a = arena, .d = d };
    ps *p = &P;
    nm_file *f = nm_alloc(arena, sizeof *f);
    f->src = src;
    nm_ptrvec models = { 0 };
    while (kind(p) != NM_TK_EOF) {
        if (accept(p, NM_TK_NEWLINE)) continue;
        size_t before = p->i;
        if (kind(p) == NM_TK_MODEL) {
            nm_model *m = parse_model(p);
            if (m->name) nm_ptrvec_push(arena, &models, m);
        } else if (kind(p) == NM_TK_NAME && (cur(p)->len == 6 || cur(p)->len == 7)
                   && (memcmp(cur(p)->text, "neuron", 6) == 0
                       || memcmp(cur(p)->text, "synapse", 7) == 0)) {
            error_at(p, here(p), nm_sprintf(p->a, "unexpected token %s: expected 'model' (the "
                                            "'neuron'/'synapse' keywords were replaced by "
                                            "'model' in NESTML 8)", describe(p, cur(p))));
        } else {
            unexpected(p, "'model'");
        }
        if (p->panic) sync_line(p);
        if (p->i == before) advance(p);
    }
    f->models = (nm_model **)models.v;
    f->nmodels = models.n;
    if (models.n == 0 && d->errors == 0)
        nm_diag_warning(d, (nm_pos){ src, 1, 1 }, "no model in this file");
    return f;
}
