/* The AdEx models' interface and rules: metadata, parameter access and NEST's
 * validation, the instability error (never NaN), the refractory step count,
 * inert padding lanes, current input timing, updates in pieces, and the same
 * bits from the AVX-512 and AVX2 variants. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>

#include "aeif_common.h"

static const ss_neuron_model *const models[] = {&ss_model_aeif_psc_alpha,
                                                &ss_model_aeif_cond_alpha};

typedef struct bench {
    const ss_neuron_model *m;
    void *pop;
    size_t n, n_pad;
    double *sx, *si, *cur;
    uint32_t *spiked;
    ss_err err;
} bench;

static void bench_open(bench *b, const ss_neuron_model *m, size_t n, size_t n_pad)
{
    *b = (bench){.m = m, .n = n, .n_pad = n_pad};
    b->pop = m->create(n, n_pad, &b->err);
    cr_assert_not_null(b->pop, "%s", b->err.msg);
    b->sx = calloc(n_pad, sizeof(double));
    b->si = calloc(n_pad, sizeof(double));
    b->cur = calloc(n_pad, sizeof(double));
    b->spiked = calloc(n_pad, sizeof(uint32_t));
}

static void bench_close(bench *b)
{
    b->m->destroy(b->pop);
    free(b->sx);
    free(b->si);
    free(b->cur);
    free(b->spiked);
}

static void set(bench *b, const char *name, double v)
{
    cr_assert_eq(b->m->set_param(b->pop, name, v, &b->err), 0, "%s", b->err.msg);
}

/* One step; returns update's status, *n_spiked the spike count. */
static int step(bench *b, int64_t k, bool with_current, size_t *n_spiked)
{
    const double *in[2] = {b->sx, b->si};
    ss_neuron_step io = {.step = k, .spike_in = in, .current_in = with_current ? b->cur : NULL,
                         .spiked = b->spiked};
    int rc = b->m->update(b->pop, &io, &b->err);
    if (n_spiked)
        *n_spiked = io.n_spiked;
    return rc;
}

Test(aeif_rules, metadata_and_defaults)
{
    for (int k = 0; k < 2; k++) {
        const ss_neuron_model *m = models[k];
        cr_assert_eq(m->abi_version, SS_MODEL_ABI_VERSION);
        cr_assert_eq(m->n_receptors, 2);
        cr_assert_str_eq(m->receptor_names[0], "exc");
        cr_assert_str_eq(m->receptor_names[1], "inh");
        cr_assert(m->route_by_sign);
        cr_assert_str_eq(m->post_trace_tau, "tau_minus");
        bench b;
        bench_open(&b, m, 3, 8);
        /* every listed variable is reachable with its listed default */
        for (uint32_t v = 0; v < m->n_vars; v++) {
            const ss_var_info *vi = &m->vars[v];
            if (vi->kind == SS_VAR_PARAMETER) {
                double x;
                cr_assert_eq(m->get_param(b.pop, vi->name, &x, &b.err), 0, "%s", b.err.msg);
                cr_assert_eq(x, vi->default_value, "%s %s", m->name, vi->name);
                cr_assert_null(m->state(b.pop, vi->name));
            } else {
                double *s = m->state(b.pop, vi->name);
                cr_assert_not_null(s, "%s %s", m->name, vi->name);
                for (size_t i = 0; i < 8; i++)
                    cr_assert_eq(s[i], vi->default_value, "%s %s", m->name, vi->name);
            }
        }
        cr_assert(m->bytes(b.pop) >= 8 * 9 * sizeof(double));
        bench_close(&b);
    }
    /* NEST's defaults, spot-checked by name */
    double x;
    ss_err err;
    void *pop = ss_model_aeif_cond_alpha.create(1, 8, &err);
    const struct { const char *n; double v; } want[] = {
        {"C_m", 281.0}, {"g_L", 30.0}, {"E_L", -70.6}, {"V_th", -50.4}, {"Delta_T", 2.0},
        {"tau_w", 144.0}, {"a", 4.0}, {"b", 80.5}, {"V_peak", 0.0}, {"V_reset", -60.0},
        {"t_ref", 0.0}, {"tau_syn_ex", 0.2}, {"tau_syn_in", 2.0}, {"I_e", 0.0},
        {"E_ex", 0.0}, {"E_in", -85.0}, {"tau_minus", 20.0}, {"gsl_abs_error_tol", 1e-6},
        {"gsl_rel_error_tol", 1e-6}};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        cr_assert_eq(ss_model_aeif_cond_alpha.get_param(pop, want[k].n, &x, &err), 0);
        cr_assert_eq(x, want[k].v, "%s", want[k].n);
    }
    ss_model_aeif_cond_alpha.destroy(pop);
}

Test(aeif_rules, unknown_names)
{
    bench b;
    bench_open(&b, &ss_model_aeif_psc_alpha, 1, 8);
    double x;
    cr_assert_neq(b.m->set_param(b.pop, "E_ex", 0.0, &b.err), 0);
    cr_assert_str_eq(b.err.msg, "aeif_psc_alpha: unknown parameter 'E_ex'");
    cr_assert_neq(b.m->get_param(b.pop, "tau_m", &x, &b.err), 0);
    cr_assert_str_eq(b.err.msg, "aeif_psc_alpha: unknown parameter 'tau_m'");
    cr_assert_null(b.m->state(b.pop, "g_ex"));
    cr_assert_not_null(b.m->state(b.pop, "I_syn_ex"));
    bench_close(&b);
    bench_open(&b, &ss_model_aeif_cond_alpha, 1, 8);
    cr_assert_null(b.m->state(b.pop, "I_syn_ex"));
    cr_assert_not_null(b.m->state(b.pop, "g_in"));
    bench_close(&b);
    ss_err err;
    cr_assert_null(ss_model_aeif_psc_alpha.create(9, 12, &err));
    cr_assert_str_eq(err.msg, "aeif_psc_alpha: n_pad = 12 must be >= n = 9 and a multiple of 8");
}

/* set_param rejects single bad values and leaves the old one. */
Test(aeif_rules, single_value_checks)
{
    const struct { const char *name; double v; const char *msg; } bad[] = {
        {"C_m", 0.0, "aeif_cond_alpha: parameter C_m = 0: capacitance must be > 0 pF"},
        {"tau_w", -1.0, "aeif_cond_alpha: parameter tau_w = -1: time constants must be > 0 ms"},
        {"tau_syn_ex", 0.0,
         "aeif_cond_alpha: parameter tau_syn_ex = 0: time constants must be > 0 ms"},
        {"tau_syn_in", -2.0,
         "aeif_cond_alpha: parameter tau_syn_in = -2: time constants must be > 0 ms"},
        {"t_ref", -0.1,
         "aeif_cond_alpha: parameter t_ref = -0.1: refractory time must be >= 0 ms"},
        {"Delta_T", -1.0, "aeif_cond_alpha: parameter Delta_T = -1: must be >= 0 mV"},
        {"gsl_abs_error_tol", 0.0,
         "aeif_cond_alpha: parameter gsl_abs_error_tol = 0: solver tolerances must be > 0"},
        {"V_th", NAN, "aeif_cond_alpha: parameter V_th = nan: must be finite"},
    };
    bench b;
    bench_open(&b, &ss_model_aeif_cond_alpha, 1, 8);
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        double before, after;
        b.m->get_param(b.pop, bad[k].name, &before, &b.err);
        cr_assert_neq(b.m->set_param(b.pop, bad[k].name, bad[k].v, &b.err), 0, "%s",
                      bad[k].name);
        cr_assert_str_eq(b.err.msg, bad[k].msg);
        b.m->get_param(b.pop, bad[k].name, &after, &b.err);
        cr_assert_eq(after, before);
    }
    bench_close(&b);
}

/* Constraints between parameters are checked by calibrate, as NEST checks
 * them after a whole set_status. */
Test(aeif_rules, relation_checks_at_calibrate)
{
    bench b;
    bench_open(&b, &ss_model_aeif_psc_alpha, 1, 8);
    set(&b, "V_reset", 0.0);
    cr_assert_neq(b.m->calibrate(b.pop, 0.1, &b.err), 0);
    cr_assert_str_eq(b.err.msg, "aeif_psc_alpha: V_reset = 0 must be < V_peak = 0");
    set(&b, "V_reset", -60.0);
    set(&b, "V_peak", -55.0);
    cr_assert_neq(b.m->calibrate(b.pop, 0.1, &b.err), 0);
    cr_assert_str_eq(b.err.msg, "aeif_psc_alpha: V_peak = -55 must be >= V_th = -50.4");
    set(&b, "V_peak", 10.0);
    set(&b, "Delta_T", 0.01);
    cr_assert_neq(b.m->calibrate(b.pop, 0.1, &b.err), 0);
    cr_assert(strstr(b.err.msg, "aeif_psc_alpha: (V_peak - V_th)/Delta_T = (10 - -50.4)/0.01")
              == b.err.msg, "%s", b.err.msg);
    cr_assert(strstr(b.err.msg, "overflow"));
    set(&b, "Delta_T", 0.5);
    cr_assert_eq(b.m->calibrate(b.pop, 0.1, &b.err), 0, "%s", b.err.msg);
    cr_assert_neq(b.m->calibrate(b.pop, 0.0, &b.err), 0);
    cr_assert_str_eq(b.err.msg, "aeif_psc_alpha: resolution h = 0 ms must be > 0");
    /* an update needs a calibration after the last set_param */
    set(&b, "I_e", 10.0);
    cr_assert_neq(step(&b, 0, false, NULL), 0);
    cr_assert_str_eq(b.err.msg, "aeif_psc_alpha: update before calibrate");
    bench_close(&b);
}

/* A huge hyperpolarising current: an error naming neuron and value, with a
 * finite value (NEST's check), not NaN. Likewise for w. */
Test(aeif_rules, instability_is_an_error_not_nan)
{
    for (int k = 0; k < 2; k++) {
        bench b;
        bench_open(&b, models[k], 3, 8);
        cr_assert_eq(b.m->calibrate(b.pop, 0.1, &b.err), 0);
        b.cur[1] = -1e9;
        cr_assert_eq(step(&b, 0, true, NULL), 0, "%s", b.err.msg); /* current acts next step */
        cr_assert_neq(step(&b, 1, true, NULL), 0);
        char want[128];
        snprintf(want, sizeof want, "%s: numerical instability in neuron 1 (local index): V_m = ",
                 b.m->name);
        cr_assert(strncmp(b.err.msg, want, strlen(want)) == 0, "%s", b.err.msg);
        cr_assert_null(strstr(b.err.msg, "nan"), "%s", b.err.msg);
        cr_assert(isfinite(b.m->state(b.pop, "V_m")[1]));
        bench_close(&b);
    }
    bench b;
    bench_open(&b, &ss_model_aeif_psc_alpha, 2, 8);
    set(&b, "b", 2e6);
    set(&b, "I_e", 2000.0);
    cr_assert_eq(b.m->calibrate(b.pop, 0.1, &b.err), 0);
    int rc = 0;
    for (int64_t k = 0; k < 1000 && rc == 0; k++)
        rc = step(&b, k, false, NULL);
    cr_assert_neq(rc, 0);
    cr_assert(strstr(b.err.msg, "numerical instability in neuron 0 (local index): w = ")
              != NULL, "%s", b.err.msg);
    bench_close(&b);
}

/* The refractory timer refr_t -= h: after a spike, V_m stays exactly at
 * V_reset for round(t_ref/h) steps at h = 0.1 and 0.01 (200 and 20 steps for
 * t_ref = 2 ms), then integrates again. */
static void refractory_count(const ss_neuron_model *m, double h, int want)
{
    bench b;
    bench_open(&b, m, 1, 8);
    set(&b, "t_ref", 2.0);
    set(&b, "I_e", 3000.0);
    cr_assert_eq(b.m->calibrate(b.pop, h, &b.err), 0);
    const double *V = b.m->state(b.pop, "V_m");
    size_t ns = 0;
    int64_t k = 0;
    while (ns == 0 && k < 100000)
        cr_assert_eq(step(&b, k++, false, &ns), 0);
    cr_assert_eq(ns, 1);
    int frozen = 0;
    for (;;) {
        cr_assert_eq(step(&b, k++, false, &ns), 0);
        if (V[0] != -60.0)
            break;
        frozen++;
    }
    cr_assert_eq(frozen, want, "%s, h = %g: %d refractory steps", m->name, h, frozen);
    bench_close(&b);
}

Test(aeif_rules, refractory_step_count)
{
    for (int k = 0; k < 2; k++) {
        refractory_count(models[k], 0.1, 20);
        refractory_count(models[k], 0.01, 200);
    }
}

/* Padding lanes compute like the others but never spike or fail, even when
 * their state is absurd; real lanes are unaffected by them. */
Test(aeif_rules, padding_lanes_are_inert)
{
    for (int k = 0; k < 2; k++) {
        bench b;
        bench_open(&b, models[k], 3, 8);
        set(&b, "I_e", 2000.0);
        cr_assert_eq(b.m->calibrate(b.pop, 0.1, &b.err), 0);
        double *V = b.m->state(b.pop, "V_m");
        V[3] = NAN;
        V[4] = -1e6;
        V[5] = 100.0; /* above threshold */
        size_t total = 0;
        for (int64_t s = 0; s < 500; s++) {
            size_t ns;
            cr_assert_eq(step(&b, s, false, &ns), 0, "%s", b.err.msg);
            for (size_t q = 0; q < ns; q++)
                cr_assert_lt(b.spiked[q], 3, "padding lane %u spiked", b.spiked[q]);
            total += ns;
        }
        cr_assert_gt(total, 10);
        bench_close(&b);
    }
}

/* Continuous current of step k acts from step k+1 on (NEST's I_stim); a
 * NULL current is zero. Spike input of step k changes the synaptic state at
 * the end of step k and V_m only from step k+1. */
Test(aeif_rules, input_timing)
{
    bench b;
    bench_open(&b, &ss_model_aeif_psc_alpha, 1, 8);
    cr_assert_eq(b.m->calibrate(b.pop, 0.1, &b.err), 0);
    const double *V = b.m->state(b.pop, "V_m"), *dI = b.m->state(b.pop, "dI_syn_ex");
    const double *Iin = b.m->state(b.pop, "dI_syn_in");
    b.cur[0] = 500.0;
    cr_assert_eq(step(&b, 0, true, NULL), 0);
    const double v0 = V[0];
    cr_assert(fabs(v0 + 70.6) < 1e-5, "V_m moved in the step of the current: %g", v0);
    cr_assert_eq(step(&b, 1, false, NULL), 0);
    const double v1 = V[0];
    cr_assert_gt(v1 - v0, 0.1, "the current did not act in the next step");
    cr_assert_eq(step(&b, 2, false, NULL), 0);
    cr_assert_lt(V[0] - v1, 0.01, "NULL current input did not mean zero");

    b.sx[0] = 1000.0;
    b.si[0] = -50.0;
    const double v2 = V[0];
    cr_assert_eq(step(&b, 3, false, NULL), 0);
    cr_assert_eq(dI[0], 1000.0 * (M_E / 0.2));
    cr_assert_eq(Iin[0], 50.0 * (M_E / 2.0), "inhibitory weights are negated");
    const double v3 = V[0];
    b.sx[0] = b.si[0] = 0.0;
    cr_assert_eq(step(&b, 4, false, NULL), 0);
    /* during step 3 V relaxed like in step 2; in step 4 the input acts */
    cr_assert_lt(fabs((v3 - v2)), 0.01);
    cr_assert_gt(V[0] - v3, 0.1, "spike input did not reach V_m in the next step");
    bench_close(&b);
}

/* Decomposition independence: a neuron's trajectory is bitwise the same
 * whatever block, group or population size it is computed in. Neuron 13 of
 * a population of 20 (second block of an interleaved pair) against the same
 * neuron alone (a single block with 7 padding lanes). */
Test(aeif_rules, lane_position_does_not_change_bits)
{
    for (int m = 0; m < 2; m++) {
        bench big, one;
        bench_open(&big, models[m], 20, 24);
        bench_open(&one, models[m], 1, 8);
        bench *both[2] = {&big, &one};
        for (int k = 0; k < 2; k++) {
            set(both[k], "t_ref", 1.0);
            set(both[k], "I_e", 600.0);
            cr_assert_eq(both[k]->m->calibrate(both[k]->pop, 0.1, &both[k]->err), 0);
        }
        const double *Vb = big.m->state(big.pop, "V_m"), *Vo = one.m->state(one.pop, "V_m");
        const double *wb = big.m->state(big.pop, "w"), *wo = one.m->state(one.pop, "w");
        size_t spikes = 0;
        const double unit = m == 0 ? 1.0 : 0.02; /* pA for psc, nS for cond */
        for (int64_t s = 0; s < 1500; s++) {
            for (size_t i = 0; i < 20; i++) {
                /* every neuron its own input; neuron 13's goes to `one` too */
                big.sx[i] = (s * 7 + (int64_t)i * 3) % 11 == 0 ? unit * (600.0 + (double)i) : 0.0;
                big.si[i] = (s * 5 + (int64_t)i) % 13 == 0 ? -unit * 20.0 * (double)(i % 4) : 0.0;
                big.cur[i] = (s / 100) % 2 ? 100.0 + (double)i : 0.0;
            }
            one.sx[0] = big.sx[13];
            one.si[0] = big.si[13];
            one.cur[0] = big.cur[13];
            size_t nb, no;
            cr_assert_eq(step(&big, s, true, &nb), 0, "%s", big.err.msg);
            cr_assert_eq(step(&one, s, true, &no), 0, "%s", one.err.msg);
            cr_assert_eq(Vb[13], Vo[0], "%s step %lld", models[m]->name, (long long)s);
            cr_assert_eq(wb[13], wo[0], "%s step %lld", models[m]->name, (long long)s);
            spikes += no;
        }
        cr_assert_geq(spikes, 3, "%s: neuron 13 spiked %zu times", models[m]->name, spikes);
        bench_close(&big);
        bench_close(&one);
    }
}

/* The engine may update a population in pieces [begin, end) (engine/update.c):
 * pieces of one step, in any order, give the same bits and spikes as one
 * whole-population call, and a piece touches no neuron outside it. */
Test(aeif_rules, pieces_equal_whole_population)
{
    static const size_t cut[][2] = {{48, 104}, {0, 24}, {24, 48}}; /* out of order */
    for (int m = 0; m < 2; m++) {
        bench whole, part;
        bench_open(&whole, models[m], 100, 104);
        bench_open(&part, models[m], 100, 104);
        bench *both[2] = {&whole, &part};
        for (int k = 0; k < 2; k++) {
            set(both[k], "I_e", 1000.0);
            cr_assert_eq(both[k]->m->calibrate(both[k]->pop, 0.1, &both[k]->err), 0);
        }
        const double unit = m == 0 ? 1.0 : 0.02;
        size_t spikes = 0;
        for (int64_t s = 0; s < 800; s++) {
            for (int k = 0; k < 2; k++)
                for (size_t i = 0; i < 100; i++) {
                    both[k]->sx[i] = (s + (int64_t)i) % 9 == 0 ? unit * (300.0 + (double)i) : 0.0;
                    both[k]->si[i] = (s * 3 + (int64_t)i) % 17 == 0 ? -unit * 50.0 : 0.0;
                }
            size_t nw;
            cr_assert_eq(step(&whole, s, false, &nw), 0, "%s", whole.err.msg);
            uint32_t got[104];
            size_t ng = 0;
            const double *in[2] = {part.sx, part.si};
            for (int c = 0; c < 3; c++) {
                /* neurons outside the piece must stay untouched */
                const double *V = part.m->state(part.pop, "V_m");
                double before[104];
                memcpy(before, V, sizeof before);
                ss_neuron_step io = {.step = s, .spike_in = in, .spiked = part.spiked + cut[c][0],
                                     .begin = cut[c][0], .end = cut[c][1]};
                cr_assert_eq(part.m->update(part.pop, &io, &part.err), 0, "%s", part.err.msg);
                for (size_t i = 0; i < 104; i++)
                    if (i < cut[c][0] || i >= cut[c][1])
                        cr_assert_eq(V[i], before[i], "%s: neuron %zu changed by piece %d",
                                     models[m]->name, i, c);
                for (size_t j = 0; j < io.n_spiked; j++) {
                    cr_assert(io.spiked[j] >= cut[c][0] && io.spiked[j] < cut[c][1]);
                    got[ng++] = io.spiked[j];
                }
            }
            cr_assert_eq(ng, nw, "%s step %lld", models[m]->name, (long long)s);
            for (size_t j = 0; j < ng; j++) { /* pieces ran out of order: compare as sets */
                bool found = false;
                for (size_t i = 0; i < nw; i++)
                    found |= whole.spiked[i] == got[j];
                cr_assert(found, "%s step %lld: spike of %u", models[m]->name, (long long)s, got[j]);
            }
            spikes += nw;
            for (const char *const *v = (const char *const[]){"V_m", "w", "I_syn_ex", "g_ex", NULL};
                 *v; v++) {
                const double *a = whole.m->state(whole.pop, *v), *b = part.m->state(part.pop, *v);
                if (!a)
                    continue;
                cr_assert_eq(memcmp(a, b, 104 * sizeof *a), 0, "%s %s step %lld", models[m]->name,
                             *v, (long long)s);
            }
        }
        cr_assert_geq(spikes, 100, "%s: %zu spikes", models[m]->name, spikes);
        bench_close(&whole);
        bench_close(&part);
    }
}

/* The update is compiled once per instruction set (aeif_common.h); the AVX2
 * variant runs 4 lanes per vector, the AVX-512 one 8, both with fused
 * multiply-adds, so each neuron's arithmetic is the same: every state
 * variable and every spike must be equal bit for bit. (The baseline variant
 * rounds its stage sums twice and may differ in the last bits.) */
Test(aeif_rules, isa_variants_give_the_same_bits)
{
#if SS_AEIF_MULTI_ISA
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("x86-64-v4") || !__builtin_cpu_supports("x86-64-v3"))
        cr_skip_test("this CPU lacks AVX-512 or AVX2: nothing to compare");
    typedef int (*update_fn)(void *, ss_neuron_step *, ss_err *);
    static const update_fn v4[2] = {ss_aeif_psc_update_v4, ss_aeif_cond_update_v4};
    static const update_fn v3[2] = {ss_aeif_psc_update_v3, ss_aeif_cond_update_v3};
    static const char *const vars[] = {"V_m", "w", "I_syn_ex", "dI_syn_ex", "I_syn_in",
                                       "dI_syn_in", "g_ex", "dg_ex", "g_in", "dg_in", "refr_t"};
    for (int m = 0; m < 2; m++) {
        bench b[2];
        for (int k = 0; k < 2; k++) {
            bench_open(&b[k], models[m], 100, 104);
            set(&b[k], "t_ref", 0.5);
            cr_assert_eq(b[k].m->calibrate(b[k].pop, 0.1, &b[k].err), 0);
        }
        const double unit = m == 0 ? 1.0 : 0.02;
        size_t spikes = 0;
        for (int64_t s = 0; s < 1000; s++) {
            size_t n_spiked[2];
            for (int k = 0; k < 2; k++) {
                for (size_t i = 0; i < 100; i++) {
                    b[k].sx[i] = (s * 7 + (int64_t)i * 3) % 5 == 0 ? unit * (400.0 + (double)i) : 0.0;
                    b[k].si[i] = (s * 5 + (int64_t)i) % 13 == 0 ? -unit * 30.0 * (double)(i % 4) : 0.0;
                    b[k].cur[i] = (s / 100) % 2 ? 300.0 + (double)i : 0.0;
                }
                const double *in[2] = {b[k].sx, b[k].si};
                ss_neuron_step io = {.step = s, .spike_in = in, .current_in = b[k].cur,
                                     .spiked = b[k].spiked};
                cr_assert_eq((k ? v3 : v4)[m](b[k].pop, &io, &b[k].err), 0, "%s", b[k].err.msg);
                n_spiked[k] = io.n_spiked;
            }
            cr_assert_eq(n_spiked[0], n_spiked[1], "%s step %lld", models[m]->name, (long long)s);
            cr_assert_eq(memcmp(b[0].spiked, b[1].spiked, n_spiked[0] * sizeof(uint32_t)), 0);
            spikes += n_spiked[0];
            for (size_t v = 0; v < sizeof vars / sizeof vars[0]; v++) {
                const double *x0 = b[0].m->state(b[0].pop, vars[v]);
                const double *x1 = b[1].m->state(b[1].pop, vars[v]);
                if (x0)
                    cr_assert_eq(memcmp(x0, x1, 104 * sizeof *x0), 0, "%s %s step %lld",
                                 models[m]->name, vars[v], (long long)s);
            }
        }
        cr_assert_gt(spikes, 30, "%s: %zu spikes", models[m]->name, spikes);
        bench_close(&b[0]);
        bench_close(&b[1]);
    }
#else
    cr_skip_test("single-variant build (SS_AEIF_MULTI_ISA is 0)");
#endif
}
