/* Unit tests of nestmlc's checker: name resolution, types and units,
 * canonical-unit annotations, context conditions and warnings. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "frontend.h"
#include "symbols.h"

static void run(nm_frontend *fe, const char *src)
{
    nm_frontend_init(fe, NULL);
    nm_frontend_add_buffer(fe, "t.nestml", src, strlen(src));
    cr_assert_eq(fe->diags.errors, 0, "syntax error: %s", fe->diags.n ? fe->diags.v[0].msg : "");
    nm_frontend_check(fe);
}

static bool has(const nm_frontend *fe, nm_severity sev, int line, int col, const char *sub)
{
    for (size_t k = 0; k < fe->diags.n; k++)
        if (fe->diags.v[k].sev == sev && fe->diags.v[k].pos.line == line
            && fe->diags.v[k].pos.col == col && strstr(fe->diags.v[k].msg, sub))
            return true;
    return false;
}

static void dump_diags(const nm_frontend *fe)
{
    for (size_t k = 0; k < fe->diags.n; k++)
        fprintf(stderr, "  %d:%d %s\n", fe->diags.v[k].pos.line, fe->diags.v[k].pos.col,
                fe->diags.v[k].msg);
}

#define HEAD "model m:\n    input:\n        sp <- spike\n    output:\n        spike\n"

Test(check, units_and_canonical_values)
{
    nm_frontend fe;
    run(&fe, HEAD
        "    parameters:\n"                 /* 6 */
        "        a mV = 1 V\n"              /* 7 */
        "        b uS = 2 uS\n"             /* 8 */
        "        c 1/ms = 3 / s\n"          /* 9 */
        "        d real = a / mV\n");       /* 10 */
    cr_assert_eq(fe.diags.errors, 0);
    dump_diags(&fe);
    nm_model *m = fe.files[0]->models[0];
    nm_expr *a = m->parameters.v[0]->init;
    cr_assert_float_eq(a->canon, 1000.0, 1e-12);  /* 1 V = 1000 mV */
    cr_assert(has(&fe, NM_SEV_WARNING, 7, 16, "implicit conversion"));
    nm_expr *b = m->parameters.v[1]->init;
    cr_assert_float_eq(b->canon, 2000.0, 1e-9);   /* 2 uS = 2000 nS */
    nm_expr *s = m->parameters.v[2]->init->b;
    cr_assert(s->is_unit);
    cr_assert_float_eq(s->canon, 1000.0, 1e-9);   /* 1 s = 1000 ms */
    cr_assert_eq(m->parameters.v[3]->init->type.kind, NM_TY_REAL);
    cr_assert_eq(m->parameters.v[0]->vars[0].sym->kind, NM_SYM_PARAMETER);
    nm_frontend_free(&fe);
}

Test(check, integer_division_is_real)
{
    nm_frontend fe;
    run(&fe, HEAD
        "    parameters:\n"
        "        i integer = 7\n"
        "        j integer = 2\n"
        "        r real = i / j\n"
        "        k integer = i / j\n"
        "        l integer = i * j % 3\n");
    nm_model *m = fe.files[0]->models[0];
    cr_assert_eq(m->parameters.v[2]->init->type.kind, NM_TY_REAL);
    cr_assert(has(&fe, NM_SEV_WARNING, 10, 21, "implicit conversion from real to integer"));
    cr_assert_eq(m->parameters.v[4]->init->type.kind, NM_TY_INTEGER);
    cr_assert_eq(fe.diags.errors, 0);
    nm_frontend_free(&fe);
}

Test(check, context_conditions)
{
    nm_frontend fe;
    run(&fe, HEAD
        "    parameters:\n"                        /* 6 */
        "        p ms = 1 ms\n"                    /* 7 */
        "    state:\n"                             /* 8 */
        "        V mV = 0 mV\n"                    /* 9 */
        "        w nS\n"                           /* 10 */
        "    internals:\n"                         /* 11 */
        "        h ms = resolution()\n"            /* 12 */
        "    equations:\n"                         /* 13 */
        "        kernel K = exp(-t / p)\n"         /* 14 */
        "        inline I pA = convolve(K, sp) * pA\n" /* 15 */
        "        V' = -V / p + K * mV / ms\n"      /* 16 */
        "    update:\n"                            /* 17 */
        "        p = 2 ms\n"                       /* 18 */
        "        h = 1 ms\n"                       /* 19 */
        "        I = 1 pA\n"                       /* 20 */
        "        sp = 1 / s\n"                     /* 21 */
        "        V = q\n"                          /* 22 */
        "        V += 1 nS\n"                      /* 23 */
        "        foo(1)\n"                         /* 24 */
        "        integrate_odes(p)\n"              /* 25 */
        "        x real = convolve(K, sp)\n");     /* 26 */
    dump_diags(&fe);
    cr_expect(has(&fe, NM_SEV_ERROR, 10, 9, "must be initialised"));
    cr_expect(has(&fe, NM_SEV_ERROR, 16, 23, "only inside convolve"));
    cr_expect(has(&fe, NM_SEV_ERROR, 18, 9, "cannot assign to parameter"));
    cr_expect(has(&fe, NM_SEV_ERROR, 19, 9, "cannot assign to internal"));
    cr_expect(has(&fe, NM_SEV_ERROR, 20, 9, "cannot assign to inline"));
    cr_expect(has(&fe, NM_SEV_ERROR, 21, 9, "cannot assign to input port"));
    cr_expect(has(&fe, NM_SEV_ERROR, 22, 13, "undeclared"));
    cr_expect(has(&fe, NM_SEV_ERROR, 23, 14, "incompatible units"));
    cr_expect(has(&fe, NM_SEV_ERROR, 24, 9, "unknown function"));
    cr_expect(has(&fe, NM_SEV_ERROR, 25, 24, "state variable"));
    cr_expect(has(&fe, NM_SEV_ERROR, 26, 18, "not allowed in update"));
    cr_expect_eq(fe.diags.errors, 11);
    nm_frontend_free(&fe);
}

Test(check, odes_kernels_and_integrate)
{
    nm_frontend fe;
    run(&fe, "model m:\n"
        "    state:\n"                           /* 2 */
        "        g nS = 0 nS\n"                  /* 3 */
        "        x, u mV = 0 mV\n"               /* 4 */
        "        y real = 0\n"                   /* 5 */
        "        y' 1/ms = 0 / ms\n"             /* 6 */
        "    equations:\n"                       /* 7 */
        "        kernel g' = -g / ms\n"          /* 8 */
        "        x'' = 0 mV / ms**2\n"           /* 9 */
        "        y'' = -y / ms**2\n"             /* 10 */
        "        z' = 1\n"                       /* 11 */
        "        u' = 1 nS\n");                  /* 12 */
    dump_diags(&fe);
    cr_expect(has(&fe, NM_SEV_ERROR, 9, 9, "order"));
    cr_expect(has(&fe, NM_SEV_ERROR, 11, 9, "undeclared"));
    cr_expect(has(&fe, NM_SEV_ERROR, 12, 14, "incompatible units"));
    cr_expect(has(&fe, NM_SEV_WARNING, 1, 1, "no input block"));
    cr_expect(has(&fe, NM_SEV_WARNING, 1, 1, "no output block"));
    cr_expect(has(&fe, NM_SEV_ERROR, 7, 5, "integrate_odes"));
    cr_expect_eq(fe.diags.errors, 4);
    nm_frontend_free(&fe);
}

Test(check, functions_and_handlers)
{
    nm_frontend fe;
    run(&fe, "model m:\n"
        "    input:\n"                               /* 2 */
        "        pre <- spike\n"                     /* 3 */
        "        post <- spike\n"                    /* 4 */
        "    state:\n"                               /* 5 */
        "        w real = 1\n"                       /* 6 */
        "    onReceive(pre, priority=1):\n"          /* 7 */
        "        w += f(1 mV)\n"                     /* 8 */
        "        emit_spike(w)\n"                    /* 9 */
        "    onReceive(post, priority=1):\n"         /* 10 */
        "        w -= f(1 mV, 2)\n"                  /* 11 */
        "    function f(V mV) real:\n"               /* 12 */
        "        return V\n"                         /* 13 */
        "    function g() real:\n"                   /* 14 */
        "        w = 1\n");                          /* 15 */
    dump_diags(&fe);
    cr_expect(has(&fe, NM_SEV_ERROR, 9, 9, "emit_spike"));
    cr_expect(has(&fe, NM_SEV_ERROR, 10, 30, "priority"));
    cr_expect(has(&fe, NM_SEV_ERROR, 11, 14, "expects 1 argument"));
    cr_expect(has(&fe, NM_SEV_WARNING, 13, 16, "implicit conversion"));
    cr_expect(has(&fe, NM_SEV_ERROR, 14, 5, "return"));
    cr_expect_eq(fe.diags.errors, 4);
    nm_frontend_free(&fe);
}

Test(check, shadowing_and_reserved_names)
{
    nm_frontend fe;
    run(&fe, HEAD
        "    state:\n"                    /* 6 */
        "        ms real = 1\n"           /* 7 */
        "        e real = 1\n"            /* 8 */
        "        x real = ms\n"           /* 9 */
        "    function exp(a real):\n"     /* 10 */
        "        return\n"                /* 11 */
        "    update:\n"                   /* 12 */
        "        double real = 1\n");     /* 13 */
    dump_diags(&fe);
    cr_expect(has(&fe, NM_SEV_WARNING, 7, 9, "shadows the unit"));
    cr_expect(has(&fe, NM_SEV_ERROR, 8, 9, "reserved"));
    cr_expect(has(&fe, NM_SEV_ERROR, 10, 14, "reserved"));
    cr_expect(has(&fe, NM_SEV_ERROR, 13, 9, "reserved keyword of the generated C code"));
    nm_model *m = fe.files[0]->models[0];
    /* `ms` in x's initialiser is the variable, not the unit */
    cr_expect_not(m->state.v[2]->init->is_unit);
    cr_expect_eq(m->state.v[2]->init->type.kind, NM_TY_REAL);
    cr_expect_eq(fe.diags.errors, 3);
    nm_frontend_free(&fe);
}

Test(check, several_files_unique_model_names)
{
    nm_frontend fe;
    nm_frontend_init(&fe, NULL);
    const char *a = HEAD, *b = "\n\n" HEAD;
    nm_frontend_add_buffer(&fe, "a.nestml", a, strlen(a));
    nm_frontend_add_buffer(&fe, "b.nestml", b, strlen(b));
    nm_frontend_check(&fe);
    cr_assert(has(&fe, NM_SEV_ERROR, 3, 7, "already declared at a.nestml:1"));
    nm_frontend_free(&fe);
}

Test(check, ten_thousand_line_model)
{
    /* robustness: a 10,000-line model is parsed and checked without errors */
    size_t cap = 1 << 20, o = 0;
    char *src = malloc(cap);
    o += (size_t)sprintf(src + o, HEAD "    parameters:\n");
    for (int k = 0; k < 4000; k++)
        o += (size_t)sprintf(src + o, "        tau_%d ms = %d ms  # doc %d\n", k, k + 1, k);
    o += (size_t)sprintf(src + o, "    state:\n");
    for (int k = 0; k < 1000; k++) o += (size_t)sprintf(src + o, "        V_%d mV = -70 mV\n", k);
    o += (size_t)sprintf(src + o, "    equations:\n");
    for (int k = 0; k < 1000; k++)
        o += (size_t)sprintf(src + o, "        V_%d' = -V_%d / tau_%d\n", k, k, k);
    o += (size_t)sprintf(src + o, "    update:\n        integrate_odes()\n");
    for (int k = 0; k < 2000; k++)
        o += (size_t)sprintf(src + o, "        if V_%d > 0 mV:\n            V_%d = -70 mV\n",
                             k % 1000, k % 1000);
    cr_assert_lt(o, cap);
    int lines = 0;
    for (size_t k = 0; k < o; k++) lines += src[k] == '\n';
    cr_assert_geq(lines, 10000);
    nm_frontend fe;
    run(&fe, src);
    cr_assert_eq(fe.diags.errors, 0);
    nm_model *m = fe.files[0]->models[0];
    cr_assert_eq(m->parameters.n, 4000);
    cr_assert_str_eq(m->parameters.v[3999]->comment, "doc 3999");
    cr_assert_eq(m->nodes, 1000);
    cr_assert_eq(m->update->n, 2001);
    nm_frontend_free(&fe);
    free(src);
}

Test(check, delays_and_index_ranges)
{
    nm_frontend fe;
    run(&fe, HEAD
        "    parameters:\n"                              /* 6 */
        "        tau ms = 10 ms\n"                       /* 7 */
        "        D ms = 5 ms\n"                          /* 8 */
        "    state:\n"                                   /* 9 */
        "        a, b real = 0\n"                        /* 10 */
        "        v[3] real = 0\n"                        /* 11 */
        "    equations:\n"                               /* 12 */
        "        a' = b(t - D) / tau\n"                  /* 13 */
        "        b' = a(t - b) / tau\n"                  /* 14 */
        "    update:\n"                                  /* 15 */
        "        integrate_odes()\n"                     /* 16 */
        "        v[3] = a(t - D)\n"                      /* 17 */
        "        v[2] = v[0]\n");                        /* 18 */
    dump_diags(&fe);
    nm_model *m = fe.files[0]->models[0];
    cr_expect_eq(m->odes[0]->rhs->a->call, NM_CALL_DELAYED);
    cr_expect(has(&fe, NM_SEV_ERROR, 14, 16, "t - delay"));
    cr_expect(has(&fe, NM_SEV_ERROR, 17, 11, "out of range"));
    cr_expect(has(&fe, NM_SEV_ERROR, 17, 16, "not allowed in update"));
    cr_expect_eq(fe.diags.errors, 3);
    nm_frontend_free(&fe);
}
