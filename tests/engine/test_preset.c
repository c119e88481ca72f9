/* Preset helpers: the PSP normalisation and the brunel_iaf drive. */
#include <criterion/criterion.h>
#include <math.h>

#include "presets/preset.h"
#include "run_args.h"

/* NEST's brunel_alpha example / the brunel_aeif reference (tau_m 20 ms,
 * tau_syn 0.5 ms, C_m 250 pF): J_unit = 0.004835553641724627 mV/pA. */
Test(preset, psp_peak_matches_reference)
{
    double u = ss_alpha_psp_peak(20.0, 0.5, 250.0);
    cr_assert_lt(fabs(u - 0.004835553641724627) / 0.004835553641724627, 1e-12, "%.17g", u);
}

/* Degenerate and near-degenerate time constants agree. */
Test(preset, psp_peak_degenerate_is_continuous)
{
    double a = ss_alpha_psp_peak(2.0, 2.0, 250.0), b = ss_alpha_psp_peak(2.0, 2.0 * (1 + 1e-6), 250.0);
    cr_assert_lt(fabs(a - b) / a, 1e-5, "%g vs %g", a, b);
    cr_assert_lt(fabs(a - 2 * 2.0 / M_E / 250.0), 1e-15);
}

Test(preset, brunel_iaf_is_registered)
{
    const ss_preset *p = ss_preset_find("brunel_iaf");
    cr_assert_not_null(p);
    cr_assert_eq(p->defaults.resolution_ms, 0.1);
    cr_assert_null(ss_preset_find("nope"));
}

Test(run_args, options_in_order_and_errors)
{
    ss_run_args a;
    ss_err err;
    char *ok[] = {"bench-run", "--preset", "brunel_iaf", "--set", "network.order=5",
                  "--config=x.yaml", "--threads", "2", "--wait", "polite", "--out", "r.h5",
                  "--print-config", NULL};
    cr_assert_eq(ss_run_args_parse(13, ok, &a, &err), 0, "%s", err.msg);
    cr_assert_eq(a.n_ops, 4u);
    cr_assert_eq(a.ops[0].kind, SS_OP_PRESET);
    cr_assert_str_eq(a.ops[1].arg, "network.order=5");
    cr_assert_eq(a.ops[2].kind, SS_OP_CONFIG);
    cr_assert_str_eq(a.ops[2].arg, "x.yaml");
    cr_assert_eq(a.ops[3].kind, SS_OP_THREADS);
    cr_assert_eq(a.wait, SS_WAIT_POLITE);
    cr_assert_str_eq(a.out_file, "r.h5");
    cr_assert(a.print_config);
    ss_run_args_free(&a);
    struct { int argc; char *argv[4]; const char *expect; } bad[] = {
        {2, {"bench-run", "--frobnicate"}, "--frobnicate"},
        {2, {"bench-run", "--set"}, "missing value"},
        {3, {"bench-run", "--spikes", "--out"}, "missing value"},
        {3, {"bench-run", "--bind", "maybe"}, "--bind"},
        {3, {"bench-run", "--preset", ""}, "empty value"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
        cr_assert_neq(ss_run_args_parse(bad[i].argc, bad[i].argv, &a, &err), 0, "case %zu accepted", i);
        cr_assert(strstr(err.msg, bad[i].expect) != NULL, "case %zu -> '%s'", i, err.msg);
        ss_run_args_free(&a);
    }
}
