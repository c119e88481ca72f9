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

Test(run_args, set_keys_and_errors)
{
    ss_run_args a;
    ss_err err;
    char *ok[] = {"bench-run", "--preset", "brunel_iaf", "--set", "network.order=5",
                  "--set=simulation.t_sim_ms=12.5", "--threads", "2", "--wait", "polite", NULL};
    cr_assert_eq(ss_run_args_parse(10, ok, &a, &err), 0, "%s", err.msg);
    cr_assert_eq(a.s.order.v, 5.0);
    cr_assert_eq(a.s.t_sim_ms.v, 12.5);
    cr_assert_eq(a.s.threads.v, 2.0);
    cr_assert_eq(a.wait, SS_WAIT_POLITE);
    cr_assert(!a.s.resolution_ms.set);
    struct { const char *arg, *expect; } bad[] = {
        {"network.order=0", "network.order=0"},
        {"network.order=abc", "expected a number"},
        {"network.order=2.5", "integer"},
        {"simulation.t_sim_ms=-5", "out of range"},
        {"simulation.seed=-1", "simulation.seed"},
        {"simulation.record_spikes=maybe", "true or false"},
        {"network.colour=red", "unknown key"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
        char *argv[] = {"bench-run", "--set", (char *)bad[i].arg, NULL};
        cr_assert_neq(ss_run_args_parse(3, argv, &a, &err), 0, "%s accepted", bad[i].arg);
        cr_assert(strstr(err.msg, bad[i].expect) != NULL, "'%s' -> '%s'", bad[i].arg, err.msg);
    }
    char *unk[] = {"bench-run", "--frobnicate", NULL};
    cr_assert_neq(ss_run_args_parse(2, unk, &a, &err), 0);
    cr_assert(strstr(err.msg, "--frobnicate") != NULL, "%s", err.msg);
}
