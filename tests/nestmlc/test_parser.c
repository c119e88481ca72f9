/* Unit tests of nestmlc's parser: the precedence table of NESTML.md §4.1
 * (exact trees, rendered fully parenthesised), statements, blocks and
 * syntax-error recovery. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"

/* Parses "model m:\n    state:\n        x real = EXPR\n" and returns the
 * rendering of EXPR (caller frees). */
static char *render_init(const char *expr)
{
    char src[4096];
    snprintf(src, sizeof src, "model m:\n    state:\n        x real = %s\n", expr);
    nm_frontend fe;
    nm_frontend_init(&fe, NULL);
    nm_file *f = nm_frontend_add_buffer(&fe, "t.nestml", src, strlen(src));
    cr_assert_eq(fe.diags.errors, 0, "syntax error in '%s': %s", expr,
                 fe.diags.n ? fe.diags.v[0].msg : "");
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    nm_expr_render(mem, f->models[0]->state.v[0]->init);
    fclose(mem);
    nm_frontend_free(&fe);
    return buf;
}

static void expect_tree(const char *expr, const char *want)
{
    char *got = render_init(expr);
    cr_expect_str_eq(got, want, "'%s' parsed as %s, expected %s", expr, got, want);
    free(got);
}

Test(parser, precedence_table_of_nestml_md_11)
{
    expect_tree("a or b and c", "((a or b) and c)");
    expect_tree("a and b or c", "((a and b) or c)");
    expect_tree("-x**2", "(-(x ** 2))");
    expect_tree("x**y**z", "(x ** (y ** z))");
    expect_tree("1 / 2 ms", "(1 / 2 ms)");
    expect_tree("42 ns**0.5", "(42 ns ** 0.5)");
    expect_tree("2 ms**2", "(2 ms ** 2)");
    expect_tree("a + b & c", "((a + b) & c)");
    expect_tree("a & b == c", "((a & b) == c)");
    expect_tree("a << 1 + 2", "(a << (1 + 2))");
    expect_tree("not a < b", "(not (a < b))");
    expect_tree("-70 mV - E_L", "((-70 mV) - E_L)");
}

Test(parser, more_precedence_and_associativity)
{
    expect_tree("a - b - c", "((a - b) - c)");
    expect_tree("a / b * c % d", "(((a / b) * c) % d)");
    expect_tree("a | b ^ c << 1", "(((a | b) ^ c) << 1)");
    expect_tree("x ** -y", "(x ** (-y))");
    expect_tree("~a + +b", "((~a) + (+b))");
    expect_tree("not not p and q", "((not (not p)) and q)");
    expect_tree("c ? a : b ? d : e", "(c ? a : (b ? d : e))");
    expect_tree("a < b == c", "((a < b) == c)");
    expect_tree("(a + b) * c", "((a + b) * c)");
    expect_tree("-inf * mV", "((-inf) * mV)");
}

Test(parser, primaries)
{
    expect_tree("g_ex$' + x[i + 1]''", "(g_ex$' + x[(i + 1)]'')");
    expect_tree("max(a, b + 1)", "max(a, (b + 1))");
    expect_tree("print (\"y= {y}\\n\")", "print(\"y= {y}\\n\")");
    expect_tree("true or False", "(true or false)");
    expect_tree("1e3 * ms/s", "((1e3 * ms) / s)");
    expect_tree("x[y[1]]", "x[y[1]]");
}

static int count_errors(const char *src, nm_frontend *fe)
{
    nm_frontend_init(fe, NULL);
    nm_frontend_add_buffer(fe, "t.nestml", src, strlen(src));
    return fe->diags.errors;
}

static bool has_diag(const nm_frontend *fe, int line, int col, const char *sub)
{
    for (size_t k = 0; k < fe->diags.n; k++)
        if (fe->diags.v[k].pos.line == line && fe->diags.v[k].pos.col == col
            && strstr(fe->diags.v[k].msg, sub))
            return true;
    return false;
}

Test(parser, statements_and_blocks)
{
    const char *src =
        "model m:\n"
        "    state:\n"
        "        a, b[3] real = 0 [[a >= 0]] @homogeneous\n"
        "    update:\n"
        "        i integer = 0\n"
        "        for i in 0 ... 3 step -1:\n"
        "            b[i] += 1\n"
        "        while a < 1:\n"
        "            a *= 2\n"
        "        if a > 1:\n"
        "            a = 1\n"
        "        elif a < 0:\n"
        "            a = 0\n"
        "        else:\n"
        "            return\n"
        "    onReceive(sp, priority=2):\n"
        "        emit_spike()\n"
        "    function f(x mV, y real) 1/(ms*mV):\n"
        "        return x\n";
    nm_frontend fe;
    cr_assert_eq(count_errors(src, &fe), 0, "%s", fe.diags.n ? fe.diags.v[0].msg : "");
    nm_model *m = fe.files[0]->models[0];
    cr_assert_eq(m->state.v[0]->nvars, 2);
    cr_assert_not_null(m->state.v[0]->vars[1].size);
    cr_assert_not_null(m->state.v[0]->guard);
    cr_assert_str_eq(m->state.v[0]->decorators[0], "homogeneous");
    nm_block *u = m->update;
    cr_assert_eq(u->n, 4);
    cr_assert_eq(u->stmts[0]->kind, NM_S_DECL);
    cr_assert_eq(u->stmts[1]->kind, NM_S_FOR);
    cr_assert_eq(u->stmts[1]->step, -1.0);
    cr_assert_eq(u->stmts[1]->body->stmts[0]->aop, NM_OP_ADD);
    cr_assert_eq(u->stmts[2]->kind, NM_S_WHILE);
    cr_assert_eq(u->stmts[3]->nbranches, 2);
    cr_assert_not_null(u->stmts[3]->else_body);
    cr_assert_eq(m->nonreceive, 1);
    cr_assert_str_eq(m->onreceive[0]->params[0].name, "priority");
    cr_assert_eq(m->nfunctions, 1);
    cr_assert_str_eq(m->functions[0]->ret->text, "1/(ms*mV)");
    nm_frontend_free(&fe);
}

Test(parser, recovers_and_reports_several_errors)
{
    const char *src =
        "model m:\n"
        "    state:\n"
        "        x real =\n"
        "        y real = 1\n"
        "    update:\n"
        "        x = x * * 2\n"
        "        x = (x + 1\n"
        "        x = 1 + )\n";
    nm_frontend fe;
    cr_assert_eq(count_errors(src, &fe), 4);
    cr_assert(has_diag(&fe, 3, 17, "expected an expression"));
    cr_assert(has_diag(&fe, 6, 17, "unexpected token '*'"));
    cr_assert(has_diag(&fe, 7, 19, "opened at line 7:13"));
    cr_assert(has_diag(&fe, 8, 17, "unexpected token ')'"));
    nm_frontend_free(&fe);
}

Test(parser, recursion_limit)
{
    char src[2048] = "model m:\n    state:\n        x real = ";
    size_t o = strlen(src);
    for (int k = 0; k < 300; k++) src[o++] = '(';
    src[o++] = '1';
    for (int k = 0; k < 300; k++) src[o++] = ')';
    src[o++] = '\n';
    src[o] = '\0';
    nm_frontend fe;
    cr_assert_eq(count_errors(src, &fe), 1);
    cr_assert(has_diag(&fe, 3, 18, "too deeply nested"));
    nm_frontend_free(&fe);
}

Test(parser, long_flat_expression_is_bounded)
{
    /* 3000 terms: a left-deep tree higher than NM_MAX_EXPR_HEIGHT */
    size_t n = 3000, cap = n * 4 + 128;
    char *src = malloc(cap);
    strcpy(src, "model m:\n    state:\n        x real = 1");
    size_t o = strlen(src);
    for (size_t k = 0; k < n; k++) o += (size_t)sprintf(src + o, "+1");
    strcpy(src + o, "\n");
    nm_frontend fe;
    cr_assert_eq(count_errors(src, &fe), 1);
    cr_assert(strstr(fe.diags.v[0].msg, "too deeply nested"));
    nm_frontend_free(&fe);
    free(src);
}

Test(parser, rejections_of_nestml_md_11)
{
    struct { const char *src; int line, col; const char *msg; } cases[] = {
        { "model m:\n    state:\n        x real = f(1,\n            2)\n", 3, 22, "expected" },
        { "neuron m:\n    state:\n        x real = 1\n", 1, 1, "'model'" },
        { "model m:\n    update:\n        for i in 1 ... 5:\n            x = 1\n", 3, 25, "'step'" },
        { "model m:\n    output:\n        spike(weight real)\n", 3, 14, "'('" },
        { "model m:\n    input:\n        s pA <- spike\n", 3, 11, "data type" },
        { "model m:\n", 2, 1, "indented block" },
        { "model m:\n    state:\n        x real = 1\n    end\n", 4, 5, "unexpected token 'end'" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        nm_frontend fe;
        cr_expect(count_errors(cases[k].src, &fe) >= 1, "case %zu accepted", k);
        cr_expect(has_diag(&fe, cases[k].line, cases[k].col, cases[k].msg),
                  "case %zu: no '%s' at %d:%d (first: %d:%d %s)", k, cases[k].msg,
                  cases[k].line, cases[k].col, fe.diags.n ? fe.diags.v[0].pos.line : 0,
                  fe.diags.n ? fe.diags.v[0].pos.col : 0, fe.diags.n ? fe.diags.v[0].msg : "");
        nm_frontend_free(&fe);
    }
}

Test(parser, equations_forms)
{
    const char *src =
        "model m:\n"
        "    equations:\n"
        "        recordable inline a mV = V; @foo\n"
        "        inline b mV = V;\n"
        "        kernel g' = g$ - g / tau,\n"
        "               g$' = -g$ / tau;\n"
        "        kernel K = delta(t)\n"
        "        V'' = -(a + b) / ms**2;  # second order\n";
    nm_frontend fe;
    cr_assert_eq(count_errors(src, &fe), 0, "%s", fe.diags.n ? fe.diags.v[0].msg : "");
    nm_model *m = fe.files[0]->models[0];
    cr_assert_eq(m->inlines.n, 2);
    cr_assert(m->inlines.v[0]->recordable);
    cr_assert_eq(m->nkernels, 2);
    cr_assert_eq(m->kernels[0]->n, 2);
    cr_assert_str_eq(m->kernels[0]->lhs[1]->name, "g$");
    cr_assert_eq(m->kernels[0]->lhs[1]->order, 1);
    cr_assert_eq(m->nodes, 1);
    cr_assert_eq(m->odes[0]->lhs->order, 2);
    cr_assert_str_eq(m->odes[0]->comment, "second order");
    nm_frontend_free(&fe);
}
