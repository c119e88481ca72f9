/* Unit tests of nestmlc's lexer: tokens, INDENT/DEDENT, continuation,
 * kernel joining, comments and lexical errors. */
#include <criterion/criterion.h>
#include <string.h>

#include "lexer.h"

typedef struct lexrun {
    nm_arena arena;
    nm_diags diags;
    nm_source src;
    nm_lexed lx;
} lexrun;

static void lex_text(lexrun *r, const char *text, size_t len)
{
    memset(r, 0, sizeof *r);
    nm_diags_init(&r->diags, NULL);
    r->src = (nm_source){ "t.nestml", text, len };
    nm_lex(&r->src, &r->arena, &r->diags, &r->lx);
}

static void lex_str(lexrun *r, const char *text) { lex_text(r, text, strlen(text)); }

static void done(lexrun *r)
{
    nm_lexed_free(&r->lx);
    nm_diags_free(&r->diags);
    nm_arena_free(&r->arena);
}

/* Compares the token kinds with `want` (terminated by NM_TK_EOF). */
static void expect_kinds(const lexrun *r, const nm_tok *want)
{
    size_t n = 0;
    while (want[n] != NM_TK_EOF) n++;
    cr_assert_eq(r->lx.ntok, n + 1, "token count %zu, expected %zu", r->lx.ntok, n + 1);
    for (size_t k = 0; k <= n; k++)
        cr_assert_eq(r->lx.tok[k].kind, want[k], "token %zu is %s, expected %s", k,
                     nm_tok_name(r->lx.tok[k].kind), nm_tok_name(want[k]));
}

static bool has_error(const lexrun *r, int line, int col, const char *sub)
{
    for (size_t k = 0; k < r->diags.n; k++)
        if (r->diags.v[k].sev == NM_SEV_ERROR && r->diags.v[k].pos.line == line
            && r->diags.v[k].pos.col == col && strstr(r->diags.v[k].msg, sub))
            return true;
    return false;
}

Test(lexer, tokens_keywords_literals)
{
    lexrun r;
    lex_str(&r, "model m_1$: x' <- 1.5e-3 .5 5. 42 \"s\\\"x\" true False inf @homogeneous ** <> ...");
    nm_tok want[] = { NM_TK_MODEL, NM_TK_NAME, NM_TK_COLON, NM_TK_NAME, NM_TK_APOS,
                      NM_TK_LARROW, NM_TK_FLOAT, NM_TK_FLOAT, NM_TK_FLOAT, NM_TK_INT,
                      NM_TK_STRING, NM_TK_TRUE, NM_TK_FALSE, NM_TK_INF, NM_TK_DECORATOR,
                      NM_TK_POW, NM_TK_NE, NM_TK_ELLIPSIS, NM_TK_NEWLINE, NM_TK_EOF };
    expect_kinds(&r, want);
    cr_assert_eq(r.lx.tok[1].len, 4);
    cr_assert_eq(strncmp(r.lx.tok[1].text, "m_1$", 4), 0);
    cr_assert_eq(r.lx.tok[6].len, 6);
    cr_assert_eq(r.diags.errors, 0);
    done(&r);
}

Test(lexer, number_followed_by_unit_and_range)
{
    lexrun r;
    lex_str(&r, "10mV 1...5 2.5ms");
    nm_tok want[] = { NM_TK_INT, NM_TK_NAME, NM_TK_INT, NM_TK_ELLIPSIS, NM_TK_INT,
                      NM_TK_FLOAT, NM_TK_NAME, NM_TK_NEWLINE, NM_TK_EOF };
    expect_kinds(&r, want);
    done(&r);
}

Test(lexer, indent_dedent_blank_and_comment_lines)
{
    lexrun r;
    lex_str(&r, "a:\n    b\n\n  # comment at odd indentation\n        c\n    d\ne\n");
    nm_tok want[] = { NM_TK_NAME, NM_TK_COLON, NM_TK_NEWLINE, NM_TK_INDENT, NM_TK_NAME,
                      NM_TK_NEWLINE, NM_TK_INDENT, NM_TK_NAME, NM_TK_NEWLINE, NM_TK_DEDENT,
                      NM_TK_NAME, NM_TK_NEWLINE, NM_TK_DEDENT, NM_TK_NAME, NM_TK_NEWLINE,
                      NM_TK_EOF };
    expect_kinds(&r, want);
    cr_assert_eq(r.lx.ncomments, 1);
    cr_assert_str_eq(r.lx.comments[0].text, "comment at odd indentation");
    cr_assert(r.lx.comments[0].own_line);
    done(&r);
}

Test(lexer, tab_is_next_multiple_of_eight)
{
    lexrun r;
    /* "\t" = 8 and "        " = 8: the same level, no DEDENT/INDENT between */
    lex_str(&r, "a\n\tb\n        c\n");
    nm_tok want[] = { NM_TK_NAME, NM_TK_NEWLINE, NM_TK_INDENT, NM_TK_NAME, NM_TK_NEWLINE,
                      NM_TK_NAME, NM_TK_NEWLINE, NM_TK_DEDENT, NM_TK_EOF };
    expect_kinds(&r, want);
    done(&r);
}

Test(lexer, eof_emits_newline_and_pending_dedents)
{
    lexrun r;
    lex_str(&r, "a:\n  b:\n    c");
    nm_tok want[] = { NM_TK_NAME, NM_TK_COLON, NM_TK_NEWLINE, NM_TK_INDENT, NM_TK_NAME,
                      NM_TK_COLON, NM_TK_NEWLINE, NM_TK_INDENT, NM_TK_NAME, NM_TK_NEWLINE,
                      NM_TK_DEDENT, NM_TK_DEDENT, NM_TK_EOF };
    expect_kinds(&r, want);
    done(&r);
}

Test(lexer, backslash_continuation)
{
    lexrun r;
    lex_str(&r, "x = (a + \\\n      b)\ny\n");
    nm_tok want[] = { NM_TK_NAME, NM_TK_ASSIGN, NM_TK_LPAREN, NM_TK_NAME, NM_TK_PLUS,
                      NM_TK_NAME, NM_TK_RPAREN, NM_TK_NEWLINE, NM_TK_NAME, NM_TK_NEWLINE,
                      NM_TK_EOF };
    expect_kinds(&r, want);
    cr_assert_eq(r.lx.tok[5].line, 2);
    done(&r);
}

Test(lexer, kernel_comma_newline_joins_only_on_kernel_lines)
{
    lexrun r;
    lex_str(&r, "kernel g = a,\n       h = b\nf(a,\nb)\n");
    nm_tok want[] = { NM_TK_KERNEL, NM_TK_NAME, NM_TK_ASSIGN, NM_TK_NAME, NM_TK_COMMA,
                      NM_TK_NAME, NM_TK_ASSIGN, NM_TK_NAME, NM_TK_NEWLINE,
                      NM_TK_NAME, NM_TK_LPAREN, NM_TK_NAME, NM_TK_COMMA, NM_TK_NEWLINE,
                      NM_TK_NAME, NM_TK_RPAREN, NM_TK_NEWLINE, NM_TK_EOF };
    expect_kinds(&r, want);
    done(&r);
}

Test(lexer, newline_token_sits_after_last_token)
{
    lexrun r;
    lex_str(&r, "  ab = 1   # c\n");
    cr_assert_eq(r.lx.tok[4].kind, NM_TK_NEWLINE);
    cr_assert_eq(r.lx.tok[4].line, 1);
    cr_assert_eq(r.lx.tok[4].col, 9);
    cr_assert_eq(r.lx.ncomments, 1);
    cr_assert_not(r.lx.comments[0].own_line);
    done(&r);
    /* without a comment: at the line break itself (after trailing blanks, before CR) */
    lex_str(&r, "ab = 1  \r\ncd\n");
    cr_assert_eq(r.lx.tok[3].kind, NM_TK_NEWLINE);
    cr_assert_eq(r.lx.tok[3].col, 9);
    done(&r);
}

Test(lexer, crlf_line_endings)
{
    lexrun r;
    lex_str(&r, "a:\r\n    b\r\n");
    nm_tok want[] = { NM_TK_NAME, NM_TK_COLON, NM_TK_NEWLINE, NM_TK_INDENT, NM_TK_NAME,
                      NM_TK_NEWLINE, NM_TK_DEDENT, NM_TK_EOF };
    expect_kinds(&r, want);
    cr_assert_eq(r.diags.errors, 0);
    done(&r);
}

Test(lexer, unterminated_string)
{
    lexrun r;
    lex_str(&r, "x = \"abc\ny\n");
    cr_assert(has_error(&r, 1, 5, "unterminated string"));
    done(&r);
}

Test(lexer, docstring_rejected)
{
    lexrun r;
    lex_str(&r, "\"\"\"doc\nmore\"\"\"\nmodel");
    cr_assert(has_error(&r, 1, 1, "docstring"));
    cr_assert_eq(r.lx.tok[0].kind, NM_TK_MODEL);
    cr_assert_eq(r.lx.tok[0].line, 3);
    done(&r);
}

Test(lexer, invalid_utf8_and_nul)
{
    lexrun r;
    const char text[] = "a \xff b\n# ok \xc3\xa9 \xc0\x80\nc \0 d\n";
    lex_text(&r, text, sizeof text - 1);
    cr_assert(has_error(&r, 1, 3, "invalid UTF-8"));
    cr_assert(has_error(&r, 2, 9, "invalid UTF-8"));  /* overlong in a comment */
    cr_assert(has_error(&r, 3, 3, "NUL byte"));
    cr_assert_eq(r.lx.tok[r.lx.ntok - 1].kind, NM_TK_EOF);
    done(&r);
}

Test(lexer, inconsistent_dedent)
{
    lexrun r;
    lex_str(&r, "a:\n    b\n  c\n");
    cr_assert(has_error(&r, 3, 3, "indentation"));
    done(&r);
}

Test(lexer, absurd_indentation_is_bounded)
{
    /* 150 ever deeper lines: deeper than NM_MAX_INDENT_LEVELS is an error */
    char *text = malloc(150 * 160);
    size_t o = 0;
    for (int k = 0; k < 150; k++) {
        memset(text + o, ' ', (size_t)k);
        o += (size_t)k;
        text[o++] = 'x';
        text[o++] = '\n';
    }
    lexrun r;
    lex_text(&r, text, o);
    cr_assert(r.diags.errors >= 1);
    cr_assert(strstr(r.diags.v[0].msg, "indentation") != NULL);
    cr_assert_eq(r.lx.tok[r.lx.ntok - 1].kind, NM_TK_EOF);
    done(&r);
    free(text);
}
