/* nestmlc/lexer.c — indentation-aware NESTML lexer (NESTML.md §1; see lexer.h).
 *
 * One pass over the bytes; all state lives in `lx`. Hostile input (NUL
 * bytes, invalid UTF-8, unterminated strings, absurd indentation) yields a
 * diagnostic and the lexer skips the offending bytes, so it always ends. */
#include "lexer.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct lx {
    const nm_source *src;
    const char *s;
    size_t n, i;          /* text, length, cursor */
    int line;             /* line of s[i] */
    size_t line_start;    /* offset of the first byte of that line */
    nm_arena *arena;
    nm_diags *d;
    nm_lexed *out;
    size_t tokcap, comcap;
    int indent[NM_MAX_INDENT_LEVELS + 1];
    int nindent;          /* indent[0] = 0 is the module level */
    bool line_has_tokens; /* current logical line produced a token */
    nm_tok first_kind;    /* first token of the current logical line */
    int last_line, last_end_col; /* where the last real token ended */
    bool comment_on_line; /* a trailing comment follows the tokens of this line */
} lx;

static const struct { const char *word; nm_tok kind; } keywords[] = {
    { "integer", NM_TK_INTEGER }, { "real", NM_TK_REAL }, { "string", NM_TK_STRING_KW },
    { "boolean", NM_TK_BOOLEAN }, { "void", NM_TK_VOID }, { "function", NM_TK_FUNCTION },
    { "inline", NM_TK_INLINE }, { "return", NM_TK_RETURN }, { "if", NM_TK_IF },
    { "elif", NM_TK_ELIF }, { "else", NM_TK_ELSE }, { "for", NM_TK_FOR },
    { "while", NM_TK_WHILE }, { "in", NM_TK_IN }, { "step", NM_TK_STEP }, { "inf", NM_TK_INF },
    { "and", NM_TK_AND }, { "or", NM_TK_OR }, { "not", NM_TK_NOT },
    { "recordable", NM_TK_RECORDABLE }, { "kernel", NM_TK_KERNEL }, { "model", NM_TK_MODEL },
    { "state", NM_TK_STATE }, { "parameters", NM_TK_PARAMETERS },
    { "internals", NM_TK_INTERNALS }, { "update", NM_TK_UPDATE },
    { "equations", NM_TK_EQUATIONS }, { "input", NM_TK_INPUT }, { "output", NM_TK_OUTPUT },
    { "continuous", NM_TK_CONTINUOUS }, { "onReceive", NM_TK_ONRECEIVE },
    { "onCondition", NM_TK_ONCONDITION }, { "spike", NM_TK_SPIKE },
    { "inhibitory", NM_TK_INHIBITORY }, { "excitatory", NM_TK_EXCITATORY },
    { "true", NM_TK_TRUE }, { "True", NM_TK_TRUE }, { "false", NM_TK_FALSE },
    { "False", NM_TK_FALSE },
};

/* Operators, longest first where one is a prefix of another. */
static const struct { const char *op; nm_tok kind; } operators[] = {
    { "...", NM_TK_ELLIPSIS }, { "**", NM_TK_POW }, { "*=", NM_TK_STAREQ },
    { "/=", NM_TK_SLASHEQ }, { "+=", NM_TK_PLUSEQ }, { "-=", NM_TK_MINUSEQ },
    { "<<", NM_TK_SHL }, { "<=", NM_TK_LE }, { "<>", NM_TK_NE }, { "<-", NM_TK_LARROW },
    { ">>", NM_TK_SHR }, { ">=", NM_TK_GE }, { "==", NM_TK_EQEQ }, { "!=", NM_TK_NE },
    { "[[", NM_TK_LGUARD }, { "]]", NM_TK_RGUARD }, { "::", NM_TK_DCOLON },
    { "*", NM_TK_STAR }, { "/", NM_TK_SLASH }, { "%", NM_TK_PERCENT }, { "+", NM_TK_PLUS },
    { "-", NM_TK_MINUS }, { "<", NM_TK_LT }, { ">", NM_TK_GT }, { "=", NM_TK_ASSIGN },
    { "[", NM_TK_LBRACK }, { "]", NM_TK_RBRACK }, { "(", NM_TK_LPAREN }, { ")", NM_TK_RPAREN },
    { ",", NM_TK_COMMA }, { ":", NM_TK_COLON }, { ";", NM_TK_SEMI }, { ".", NM_TK_DOT },
    { "'", NM_TK_APOS }, { "~", NM_TK_TILDE }, { "|", NM_TK_PIPE }, { "^", NM_TK_CARET },
    { "&", NM_TK_AMP }, { "?", NM_TK_QUESTION },
};

const char *nm_tok_name(nm_tok kind)
{
    switch (kind) {
    case NM_TK_EOF: return "end of file";
    case NM_TK_NEWLINE: return "end of line";
    case NM_TK_INDENT: return "indentation";
    case NM_TK_DEDENT: return "end of indented block";
    case NM_TK_NAME: return "name";
    case NM_TK_INT: return "integer literal";
    case NM_TK_FLOAT: return "float literal";
    case NM_TK_STRING: return "string literal";
    case NM_TK_DECORATOR: return "decorator";
    default: break;
    }
    for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
        if (keywords[k].kind == kind) return keywords[k].word;
    for (size_t k = 0; k < sizeof operators / sizeof operators[0]; k++)
        if (operators[k].kind == kind) return operators[k].op;
    return "?";
}

static nm_pos pos_at(const lx *L, size_t off)
{
    return (nm_pos){ L->src, L->line, (int)(off - L->line_start) + 1 };
}

static void emit(lx *L, nm_tok kind, size_t start, size_t len)
{
    nm_lexed *o = L->out;
    if (o->ntok == L->tokcap) {
        L->tokcap = L->tokcap ? L->tokcap * 2 : 256;
        nm_token *t = realloc(o->tok, L->tokcap * sizeof *t);
        if (!t) abort();
        o->tok = t;
    }
    o->tok[o->ntok++] = (nm_token){ kind, L->line, (int)(start - L->line_start) + 1,
                                    L->s + start, (int)len };
    if (kind == NM_TK_NEWLINE || kind == NM_TK_INDENT || kind == NM_TK_DEDENT) return;
    L->last_line = L->line;
    L->last_end_col = (int)(start + len - L->line_start) + 1;
    if (!L->line_has_tokens) L->first_kind = kind;
    L->line_has_tokens = true;
}

static void add_comment(lx *L, size_t start, size_t end, bool own_line)
{
    nm_lexed *o = L->out;
    while (start < end && (L->s[start] == ' ' || L->s[start] == '\t')) start++;
    while (end > start && (L->s[end - 1] == ' ' || L->s[end - 1] == '\t' || L->s[end - 1] == '\r'))
        end--;
    if (o->ncomments == L->comcap) {
        L->comcap = L->comcap ? L->comcap * 2 : 64;
        nm_comment *c = realloc(o->comments, L->comcap * sizeof *c);
        if (!c) abort();
        o->comments = c;
    }
    o->comments[o->ncomments++] =
        (nm_comment){ L->line, own_line, nm_strndup(L->arena, L->s + start, end - start) };
}

/* Length of the valid UTF-8 sequence at s[i] (1..4), or 0 if invalid
 * (truncated, overlong, surrogate or beyond U+10FFFF). */
static int utf8_len(const lx *L, size_t i)
{
    const unsigned char *p = (const unsigned char *)L->s + i;
    size_t left = L->n - i;
    if (p[0] < 0x80) return 1;
    int len = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 ? 2 : 0;
    if (len == 0 || p[0] > 0xF4 || (size_t)len > left) return 0;
    for (int k = 1; k < len; k++)
        if ((p[k] & 0xC0) != 0x80) return 0;
    if (len == 3 && p[0] == 0xE0 && p[1] < 0xA0) return 0;
    if (len == 3 && p[0] == 0xED && p[1] >= 0xA0) return 0;
    if (len == 4 && p[0] == 0xF0 && p[1] < 0x90) return 0;
    if (len == 4 && p[0] == 0xF4 && p[1] >= 0x90) return 0;
    return len;
}

/* Checks the bytes s[from..to) (a comment or string body) for invalid UTF-8
 * and NUL bytes; reports the first problem only. */
static void check_text_bytes(lx *L, size_t from, size_t to)
{
    for (size_t k = from; k < to;) {
        if (L->s[k] == '\0') {
            nm_diag_error(L->d, pos_at(L, k), "NUL byte in source");
            return;
        }
        int len = utf8_len(L, k);
        if (len == 0 || k + (size_t)len > to) {
            nm_diag_error(L->d, pos_at(L, k), "invalid UTF-8 byte 0x%02X",
                          (unsigned char)L->s[k]);
            return;
        }
        k += (size_t)len;
    }
}

static void new_line(lx *L)
{
    L->i++;
    L->line++;
    L->line_start = L->i;
}

static size_t end_of_line(const lx *L, size_t i)
{
    while (i < L->n && L->s[i] != '\n') i++;
    return i;
}

static void lex_comment(lx *L, bool own_line)
{
    size_t e = end_of_line(L, L->i);
    check_text_bytes(L, L->i + 1, e);
    add_comment(L, L->i + 1, e, own_line);
    L->i = e;
}

/* Measures the indentation of the line at L->i and emits INDENT/DEDENTs.
 * Blank and comment-only lines are consumed without effect. */
static void lex_indentation(lx *L)
{
    for (;;) {
        int w = 0;
        while (L->i < L->n && (L->s[L->i] == ' ' || L->s[L->i] == '\t' || L->s[L->i] == '\f'
                               || (L->s[L->i] == '\r' && L->i + 1 < L->n && L->s[L->i + 1] != '\n'))) {
            if (L->s[L->i] == '\t') w = (w / 8 + 1) * 8;
            else if (L->s[L->i] == ' ') w++;
            if (w > INT_MAX / 2) w = INT_MAX / 2;
            L->i++;
        }
        if (L->i >= L->n) return;
        char c = L->s[L->i];
        if (c == '#') {
            lex_comment(L, true);
            continue;
        }
        if (c == '\r' && L->i + 1 < L->n && L->s[L->i + 1] == '\n') L->i++;
        if (L->s[L->i] == '\n') {
            new_line(L);
            continue;
        }
        int top = L->indent[L->nindent - 1];
        if (w > top) {
            if (L->nindent > NM_MAX_INDENT_LEVELS) {
                nm_diag_error(L->d, pos_at(L, L->i),
                              "indentation nested too deeply (more than %d levels)",
                              NM_MAX_INDENT_LEVELS);
                return;
            }
            L->indent[L->nindent++] = w;
            emit(L, NM_TK_INDENT, L->i, 0);
            return;
        }
        while (w < L->indent[L->nindent - 1]) {
            L->nindent--;
            emit(L, NM_TK_DEDENT, L->i, 0);
        }
        if (w != L->indent[L->nindent - 1])
            nm_diag_error(L->d, pos_at(L, L->i),
                          "inconsistent indentation: unindent does not match any outer "
                          "indentation level");
        return;
    }
}

static bool is_name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

static char peek(const lx *L, size_t k) { return L->i + k < L->n ? L->s[L->i + k] : '\0'; }

static void lex_name(lx *L)
{
    size_t start = L->i;
    while (L->i < L->n && is_name_char(L->s[L->i])) L->i++;
    size_t len = L->i - start;
    nm_tok kind = NM_TK_NAME;
    for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
        if (strlen(keywords[k].word) == len && memcmp(keywords[k].word, L->s + start, len) == 0) {
            kind = keywords[k].kind;
            break;
        }
    emit(L, kind, start, len);
}

/* integer: [0-9]+ ; float: [0-9]* '.' [0-9]* with at least one digit, and/or
 * an exponent. `1...5` keeps the ellipsis intact. */
static void lex_number(lx *L)
{
    size_t start = L->i;
    bool is_float = false;
    while (L->i < L->n && is_digit(L->s[L->i])) L->i++;
    if (peek(L, 0) == '.' && peek(L, 1) != '.') {
        L->i++;
        is_float = true;
        while (L->i < L->n && is_digit(L->s[L->i])) L->i++;
    }
    char e0 = peek(L, 0), e1 = peek(L, 1), e2 = peek(L, 2);
    if ((e0 == 'e' || e0 == 'E') && (is_digit(e1) || ((e1 == '+' || e1 == '-') && is_digit(e2)))) {
        L->i += is_digit(e1) ? 1 : 2;
        while (L->i < L->n && is_digit(L->s[L->i])) L->i++;
        is_float = true;
    }
    emit(L, is_float ? NM_TK_FLOAT : NM_TK_INT, start, L->i - start);
}

static void lex_docstring(lx *L)
{
    nm_diag_error(L->d, pos_at(L, L->i),
                  "docstring (\"\"\") is not supported since NESTML 8.1; use # comments");
    L->i += 3;
    while (L->i < L->n) {
        if (L->s[L->i] == '"' && peek(L, 1) == '"' && peek(L, 2) == '"') {
            L->i += 3;
            return;
        }
        if (L->s[L->i] == '\n') new_line(L);
        else L->i++;
    }
}

static void lex_string(lx *L)
{
    if (peek(L, 1) == '"' && peek(L, 2) == '"') {
        lex_docstring(L);
        return;
    }
    size_t start = L->i++;
    while (L->i < L->n && L->s[L->i] != '"' && L->s[L->i] != '\n') {
        if (L->s[L->i] == '\\' && L->i + 1 < L->n && L->s[L->i + 1] != '\n') L->i++;
        L->i++;
    }
    if (L->i >= L->n || L->s[L->i] != '"') {
        nm_diag_error(L->d, pos_at(L, start), "unterminated string (missing closing '\"')");
        return;
    }
    L->i++;
    check_text_bytes(L, start + 1, L->i - 1);
    emit(L, NM_TK_STRING, start, L->i - start);
}

/* Kernel joining: on a `kernel` line, a comma followed (after optional
 * blanks) by a newline continues the logical line. */
static bool kernel_joining(lx *L)
{
    if (!L->line_has_tokens || L->first_kind != NM_TK_KERNEL) return false;
    size_t k = L->i + 1;
    while (k < L->n && (L->s[k] == ' ' || L->s[k] == '\t' || L->s[k] == '\r')) k++;
    if (k >= L->n || L->s[k] != '\n') return false;
    emit(L, NM_TK_COMMA, L->i, 1);
    L->i = k;
    new_line(L);
    return true;
}

static void lex_bad_byte(lx *L)
{
    unsigned char c = (unsigned char)L->s[L->i];
    if (c == 0) {
        nm_diag_error(L->d, pos_at(L, L->i), "NUL byte in source");
        L->i++;
        return;
    }
    int len = utf8_len(L, L->i);
    if (c >= 0x80 && len == 0) {
        nm_diag_error(L->d, pos_at(L, L->i), "invalid UTF-8 byte 0x%02X", c);
        L->i++;
        return;
    }
    if (c >= 0x80)
        nm_diag_error(L->d, pos_at(L, L->i), "unexpected character '%.*s' (non-ASCII outside a "
                      "comment or string)", len, L->s + L->i);
    else if (c < 0x20 || c == 0x7f)
        nm_diag_error(L->d, pos_at(L, L->i), "unexpected control character 0x%02X", c);
    else
        nm_diag_error(L->d, pos_at(L, L->i), "unexpected character '%c'", c);
    L->i += len > 0 ? (size_t)len : 1;
}

static bool lex_operator(lx *L)
{
    for (size_t k = 0; k < sizeof operators / sizeof operators[0]; k++) {
        size_t len = strlen(operators[k].op);
        if (L->i + len <= L->n && memcmp(L->s + L->i, operators[k].op, len) == 0) {
            if (operators[k].kind == NM_TK_COMMA && kernel_joining(L)) return true;
            emit(L, operators[k].kind, L->i, len);
            L->i += len;
            return true;
        }
    }
    return false;
}

/* NEWLINE at the line break (before a CR), so "expected X at end of line"
 * points just behind the text; behind the last token instead when a trailing
 * comment or a continuation moved the break elsewhere. */
static void emit_newline(lx *L)
{
    size_t at = L->i;
    if (at > L->line_start && at <= L->n && L->s[at - 1] == '\r') at--;
    emit(L, NM_TK_NEWLINE, at, 0);
    if (L->comment_on_line || L->last_line != L->line) {
        L->out->tok[L->out->ntok - 1].line = L->last_line;
        L->out->tok[L->out->ntok - 1].col = L->last_end_col;
    }
    L->comment_on_line = false;
}

/* Handles a line break: NEWLINE if the line held tokens, then indentation. */
static void lex_newline(lx *L)
{
    if (L->line_has_tokens) emit_newline(L);
    L->line_has_tokens = false;
    new_line(L);
    lex_indentation(L);
}

static void lex_token(lx *L)
{
    char c = L->s[L->i];
    if (c == ' ' || c == '\t' || c == '\f' || c == '\r') { L->i++; return; }
    if (c == '\n') { lex_newline(L); return; }
    if (c == '#') {
        L->comment_on_line = L->line_has_tokens;
        lex_comment(L, !L->line_has_tokens);
        return;
    }
    if (c == '\\') {
        size_t k = L->i + 1;
        if (k < L->n && L->s[k] == '\r') k++;
        if (k < L->n && L->s[k] == '\n') {
            L->i = k;
            new_line(L);
            return;
        }
    }
    if (is_name_start(c)) { lex_name(L); return; }
    if (is_digit(c) || (c == '.' && is_digit(peek(L, 1)))) { lex_number(L); return; }
    if (c == '"') { lex_string(L); return; }
    if (c == '@' && is_name_start(peek(L, 1))) {
        size_t start = L->i++;
        while (L->i < L->n && is_name_char(L->s[L->i])) L->i++;
        emit(L, NM_TK_DECORATOR, start, L->i - start);
        return;
    }
    if (!lex_operator(L)) lex_bad_byte(L);
}

void nm_lex(const nm_source *src, nm_arena *arena, nm_diags *d, nm_lexed *out)
{
    memset(out, 0, sizeof *out);
    lx L = { .src = src, .s = src->text, .n = src->len, .line = 1, .arena = arena,
             .d = d, .out = out, .nindent = 1 };
    L.indent[0] = 0;
    lex_indentation(&L);
    while (L.i < L.n) lex_token(&L);
    if (L.line_has_tokens) emit_newline(&L);
    while (L.nindent > 1) {
        L.nindent--;
        emit(&L, NM_TK_DEDENT, L.i, 0);
    }
    emit(&L, NM_TK_EOF, L.i, 0);
}

void nm_lexed_free(nm_lexed *lx)
{
    free(lx->tok);
    free(lx->comments);
    memset(lx, 0, sizeof *lx);
}
