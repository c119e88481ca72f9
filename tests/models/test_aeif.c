/* aeif_psc_alpha and aeif_cond_alpha against a GSL reference integration of
 * the same equations and scheme (aeif_reference.h): V_m, w and the synaptic
 * state within DESIGN §9's tolerance after every step, identical spike steps;
 * step current, spike input, spikes, refractory periods, Delta_T = 0. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>

#include "aeif_common.h"
#include "aeif_reference.h"
#include "tolerance.h"

typedef struct named { const char *name; double value; } named;

static void ref_set(ref_params *r, const char *name, double v)
{
#define S(x) if (strcmp(name, #x) == 0) { r->x = v; return; }
    S(C_m) S(g_L) S(E_L) S(V_th) S(Delta_T) S(tau_w) S(a) S(b) S(V_peak) S(V_reset)
    S(t_ref) S(tau_syn_ex) S(tau_syn_in) S(I_e) S(E_ex) S(E_in)
#undef S
    if (strcmp(name, "gsl_abs_error_tol") == 0) { r->eps_abs = v; return; }
    if (strcmp(name, "gsl_rel_error_tol") == 0) { r->eps_rel = v; return; }
    cr_assert_fail("test bug: unknown parameter %s", name);
}

/* Deterministic input: a hash of (neuron, step) in [0, 1). */
static double u01(uint64_t i, uint64_t k, uint64_t salt)
{
    uint64_t z = i * 0x9E3779B97F4A7C15ull ^ (k + 0x632BE59BD9B4E019ull) * 0xBF58476D1CE4E5B9ull
                 ^ salt * 0x94D049BB133111EBull;
    z ^= z >> 31;
    z *= 0xD6E8FEB86D2E8B3Bull;
    z ^= z >> 29;
    return (double)(z >> 11) * 0x1p-53;
}

typedef struct scenario {
    double p_ex, w_ex;     /* per step: probability of an exc spike sum, its max weight */
    double p_in, w_in;     /* same for inh (weights arrive negative) */
    double I_step;         /* continuous current from t_on on (pA) */
    double t_on;
} scenario;

static void inputs(const scenario *sc, size_t i, int64_t k, double h, double *wx, double *wi,
                   double *cur)
{
    *wx = u01(i, (uint64_t)k, 1) < sc->p_ex ? sc->w_ex * u01(i, (uint64_t)k, 2) : 0.0;
    *wi = u01(i, (uint64_t)k, 3) < sc->p_in ? -sc->w_in * u01(i, (uint64_t)k, 4) : 0.0;
    /* neurons get different currents so the lanes differ */
    *cur = (double)k * h >= sc->t_on ? sc->I_step * (1.0 + 0.1 * (double)i) : 0.0;
}

/* Runs n neurons of `model` and n references for `steps` steps; returns the
 * total number of spikes, and checks everything on the way. */
static size_t run_compare(const ss_neuron_model *model, const named *params, size_t n_params,
                          double h, int64_t steps, const scenario *sc, size_t n,
                          size_t *refractory_steps)
{
    const bool cond = model == &ss_model_aeif_cond_alpha;
    const size_t n_pad = (n + SS_SIMD_PAD - 1) / SS_SIMD_PAD * SS_SIMD_PAD;
    ss_err err = {{0}};
    void *pop = model->create(n, n_pad, &err);
    cr_assert_not_null(pop, "%s", err.msg);
    ref_params rp = ref_defaults(cond);
    for (size_t k = 0; k < n_params; k++) {
        cr_assert_eq(model->set_param(pop, params[k].name, params[k].value, &err), 0, "%s",
                     err.msg);
        ref_set(&rp, params[k].name, params[k].value);
    }
    cr_assert_eq(model->calibrate(pop, h, &err), 0, "%s", err.msg);
    /* V_m starts at E_L in both (the model's default follows NEST's default E_L) */
    for (size_t i = 0; i < n_pad; i++)
        model->state(pop, "V_m")[i] = rp.E_L;

    ref_neuron *ref = calloc(n, sizeof *ref);
    for (size_t i = 0; i < n; i++)
        ref_init(&ref[i], &rp, h);
    double *sx = calloc(n_pad, sizeof *sx), *si = calloc(n_pad, sizeof *si);
    double *cur = calloc(n_pad, sizeof *cur);
    uint32_t *spiked = calloc(n_pad, sizeof *spiked);
    const double *spike_in[2] = {sx, si};
    const char *xn[4] = {cond ? "dg_ex" : "dI_syn_ex", cond ? "g_ex" : "I_syn_ex",
                         cond ? "dg_in" : "dI_syn_in", cond ? "g_in" : "I_syn_in"};
    const double *V = model->state(pop, "V_m"), *w = model->state(pop, "w");
    const double *refr = model->state(pop, "refr_t");
    const double *syn[4];
    for (int k = 0; k < 4; k++)
        syn[k] = model->state(pop, xn[k]);
    size_t total = 0;
    double worst = 0.0;
    *refractory_steps = 0;

    for (int64_t k = 0; k < steps; k++) {
        for (size_t i = 0; i < n; i++)
            inputs(sc, i, k, h, &sx[i], &si[i], &cur[i]);
        ss_neuron_step io = {.step = k, .spike_in = spike_in, .current_in = cur,
                             .spiked = spiked, .n_spiked = 0};
        cr_assert_eq(model->update(pop, &io, &err), 0, "step %lld: %s", (long long)k, err.msg);
        size_t next = 0;
        for (size_t i = 0; i < n; i++) {
            const bool s = ref_step(&ref[i], h, sx[i], si[i], cur[i]);
            const bool ours = next < io.n_spiked && io.spiked[next] == i;
            cr_assert_eq(ours, s, "%s neuron %zu step %lld: spike ours %d, reference %d",
                         model->name, i, (long long)k, ours, s);
            next += ours;
            total += s;
            *refractory_steps += ref[i].refractory;
            cr_assert(ss_close(V[i], ref[i].y[0]), "%s neuron %zu step %lld: V_m %.17g vs %.17g",
                      model->name, i, (long long)k, V[i], ref[i].y[0]);
            cr_assert(ss_close(w[i], ref[i].y[1]), "%s neuron %zu step %lld: w %.17g vs %.17g",
                      model->name, i, (long long)k, w[i], ref[i].y[1]);
            for (int q = 0; q < 4; q++)
                cr_assert(ss_close(syn[q][i], ref[i].y[2 + q]), "%s neuron %zu step %lld: %s",
                          model->name, i, (long long)k, xn[q]);
            cr_assert_eq(refr[i], ref[i].refr_t);
            worst = fmax(worst, fabs(V[i] - ref[i].y[0]) / fmax(fabs(ref[i].y[0]), 1.0));
            worst = fmax(worst, fabs(w[i] - ref[i].y[1]) / fmax(fabs(ref[i].y[1]), 1.0));
        }
        cr_assert_eq(next, io.n_spiked, "spikes reported for neurons that do not exist");
    }
    cr_log_info("%s, h = %g: %zu spikes, largest deviation in V_m, w %.3g", model->name, h,
                total, worst);
    for (size_t i = 0; i < n; i++)
        ref_free(&ref[i]);
    free(ref);
    free(sx);
    free(si);
    free(cur);
    free(spiked);
    model->destroy(pop);
    return total;
}

/* ---- aeif_psc_alpha ---- */

Test(aeif_psc_alpha, step_current_with_refractoriness)
{
    const named p[] = {{"t_ref", 2.0}};
    const scenario sc = {0, 0, 0, 0, 800.0, 5.0};
    size_t refr;
    size_t spikes = run_compare(&ss_model_aeif_psc_alpha, p, 1, 0.1, 2000, &sc, 3, &refr);
    cr_assert_geq(spikes, 10, "only %zu spikes", spikes);
    cr_assert_geq(refr, 20 * spikes - 60);
}

Test(aeif_psc_alpha, spike_input_fine_resolution)
{
    const named p[] = {{"t_ref", 2.0}, {"I_e", 500.0}};
    const scenario sc = {0.05, 600.0, 0.02, 100.0, 0.0, 1e9};
    size_t refr;
    /* 20 neurons: n_pad 24 = a group of two interleaved blocks and a single
     * block, so both code paths meet the reference */
    size_t spikes = run_compare(&ss_model_aeif_psc_alpha, p, 2, 0.01, 12000, &sc, 20, &refr);
    cr_assert_geq(spikes, 40, "only %zu spikes", spikes);
}

Test(aeif_psc_alpha, brunel_parameters_no_refractoriness)
{
    /* the brunel_aeif neuron (DESIGN §6), but t_ref = 0 as NEST's default */
    const named p[] = {{"C_m", 250.0}, {"g_L", 12.5}, {"E_L", 0.0}, {"V_reset", 0.0},
                       {"V_th", 20.0}, {"V_peak", 20.0}, {"tau_syn_ex", 0.5},
                       {"tau_syn_in", 0.5}};
    const scenario sc = {0.5, 400.0, 0.1, 400.0, 200.0, 20.0};
    size_t refr;
    size_t spikes = run_compare(&ss_model_aeif_psc_alpha, p, 8, 0.1, 3000, &sc, 2, &refr);
    cr_assert_geq(spikes, 5, "only %zu spikes", spikes);
    cr_assert_eq(refr, 0);
}

Test(aeif_psc_alpha, delta_T_zero_uses_V_th)
{
    const named p[] = {{"Delta_T", 0.0}, {"t_ref", 1.0}};
    const scenario sc = {0.2, 300.0, 0.0, 0.0, 700.0, 2.0};
    size_t refr;
    size_t spikes = run_compare(&ss_model_aeif_psc_alpha, p, 2, 0.1, 2000, &sc, 2, &refr);
    cr_assert_geq(spikes, 5, "only %zu spikes", spikes);
}

Test(aeif_psc_alpha, tight_tolerances)
{
    const named p[] = {{"t_ref", 0.5}, {"gsl_abs_error_tol", 1e-9},
                       {"gsl_rel_error_tol", 1e-8}};
    const scenario sc = {0.3, 600.0, 0.2, 50.0, 700.0, 1.0};
    size_t refr;
    size_t spikes = run_compare(&ss_model_aeif_psc_alpha, p, 3, 0.1, 1000, &sc, 2, &refr);
    cr_assert_geq(spikes, 3, "only %zu spikes", spikes);
}

/* ---- aeif_cond_alpha ---- */

Test(aeif_cond_alpha, step_current_with_refractoriness)
{
    const named p[] = {{"t_ref", 2.0}};
    const scenario sc = {0, 0, 0, 0, 800.0, 5.0};
    size_t refr;
    size_t spikes = run_compare(&ss_model_aeif_cond_alpha, p, 1, 0.1, 2000, &sc, 3, &refr);
    cr_assert_geq(spikes, 10, "only %zu spikes", spikes);
    cr_assert_gt(refr, 0);
}

Test(aeif_cond_alpha, spike_input_fine_resolution)
{
    const named p[] = {{"t_ref", 2.0}, {"I_e", 650.0}};
    const scenario sc = {0.05, 5.0, 0.02, 2.0, 0.0, 1e9};
    size_t refr;
    size_t spikes = run_compare(&ss_model_aeif_cond_alpha, p, 2, 0.01, 20000, &sc, 3, &refr);
    cr_assert_geq(spikes, 5, "only %zu spikes", spikes);
}

Test(aeif_cond_alpha, network_A_like_resolution)
{
    const named p[] = {{"t_ref", 2.0}, {"E_in", -80.0}, {"tau_syn_ex", 0.5}};
    const scenario sc = {0.6, 10.0, 0.3, 10.0, 300.0, 10.0};
    size_t refr;
    size_t spikes = run_compare(&ss_model_aeif_cond_alpha, p, 3, 0.1, 3000, &sc, 17, &refr);
    cr_assert_geq(spikes, 5, "only %zu spikes", spikes);
}
