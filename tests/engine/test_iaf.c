/* iaf_psc_alpha against the closed-form solution of its equations. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "model.h"

extern const ss_neuron_model ss_model_iaf_psc_alpha;
static const ss_neuron_model *M = &ss_model_iaf_psc_alpha;

#define N 3
#define NPAD SS_SIMD_PAD

typedef struct sim {
    void *pop;
    double ex[NPAD], in[NPAD];
    const double *spike_in[2];
    uint32_t spiked[N];
} sim;

static void sim_init(sim *s, double tau_m, double tau_s, double I_e, double V_th)
{
    ss_err err;
    memset(s, 0, sizeof *s);
    s->pop = M->create(N, NPAD, &err);
    cr_assert_not_null(s->pop);
    cr_assert_eq(M->set_param(s->pop, "tau_m", tau_m, &err), 0);
    cr_assert_eq(M->set_param(s->pop, "tau_syn_ex", tau_s, &err), 0);
    cr_assert_eq(M->set_param(s->pop, "tau_syn_in", tau_s, &err), 0);
    cr_assert_eq(M->set_param(s->pop, "I_e", I_e, &err), 0);
    cr_assert_eq(M->set_param(s->pop, "V_th", V_th, &err), 0);
    cr_assert_eq(M->calibrate(s->pop, 0.1, &err), 0, "%s", err.msg);
    s->spike_in[0] = s->ex;
    s->spike_in[1] = s->in;
}

static size_t sim_step(sim *s, int64_t step)
{
    ss_err err;
    ss_neuron_step io = {.step = step, .spike_in = s->spike_in, .current_in = NULL,
                         .spiked = s->spiked, .n_spiked = 0};
    cr_assert_eq(M->update(s->pop, &io, &err), 0);
    memset(s->ex, 0, sizeof s->ex);
    memset(s->in, 0, sizeof s->in);
    return io.n_spiked;
}

/* (1 - e^-y (1 + y)) / y^2 by its power series sum_{n>=2} (-1)^n (n-1) y^(n-2) / n!
 * when |y| < 1 (no cancellation), directly otherwise. */
static double g_ref(double y)
{
    if (fabs(y) >= 1.0)
        return (1.0 - exp(-y) * (1.0 + y)) / (y * y);
    double sum = 0.0, term = 1.0; /* term = y^(n-2) / n! */
    for (int n = 2; n < 40; ++n) {
        term = n == 2 ? 0.5 : term * y / n;
        sum += ((n % 2) ? -1.0 : 1.0) * (n - 1) * term;
    }
    return sum;
}

/* V(t) - E_L for constant I_e from rest plus an alpha PSC of peak w starting at
 * t0 (dI jumps by w e / tau_s at t0): the closed-form solution. */
static double v_exact(double t, double tau_m, double tau_s, double C, double I_e, double w, double t0)
{
    double v = I_e * tau_m / C * (1.0 - exp(-t / tau_m));
    if (t > t0) {
        double x = t - t0, d0 = w * M_E / tau_s, a = 1.0 / tau_s - 1.0 / tau_m;
        double g = x * x * g_ref(a * x);
        v += d0 / C * exp(-x / tau_m) * g;
    }
    return v;
}

static void check_trajectory(double tau_m, double tau_s, double w_ex)
{
    sim s;
    const double h = 0.1, C = 250.0, I_e = 100.0, E_L = -70.0;
    sim_init(&s, tau_m, tau_s, I_e, 1000.0); /* threshold out of reach */
    double *V = M->state(s.pop, "V_m");
    int64_t k_in = 20; /* input in step 20 reaches dI at the end of step 20: t0 = 2.1 ms */
    double max_rel = 0;
    for (int64_t k = 0; k < 400; ++k) {
        if (k == k_in)
            for (int i = 0; i < N; ++i)
                s.ex[i] = w_ex;
        cr_assert_eq(sim_step(&s, k), 0);
        /* I_e enters V from the first step; the PSC from t0 = (k_in + 1) h. */
        double t = (double)(k + 1) * h;
        double ref = v_exact(t, tau_m, tau_s, C, I_e, w_ex, (double)(k_in + 1) * h) + E_L;
        for (int i = 0; i < N; ++i) {
            double rel = fabs(V[i] - ref) / fabs(ref);
            max_rel = rel > max_rel ? rel : max_rel;
        }
    }
    cr_assert_lt(max_rel, 1e-12, "max relative deviation %g (tau_m %g, tau_s %g)", max_rel, tau_m, tau_s);
    /* padding lanes run the same arithmetic (I_e included) */
    cr_assert_eq(V[NPAD - 1], V[0] - (V[0] - V[NPAD - 1]));
    M->destroy(s.pop);
}

Test(iaf_psc_alpha, closed_form_distinct_time_constants)
{
    check_trajectory(10.0, 2.0, 500.0);
}

Test(iaf_psc_alpha, closed_form_degenerate_tau_m_equals_tau_syn)
{
    check_trajectory(3.0, 3.0, 800.0);
}

Test(iaf_psc_alpha, closed_form_near_degenerate)
{
    check_trajectory(3.0, 3.0 * (1 + 1e-7), 800.0);
}

Test(iaf_psc_alpha, spikes_and_refractoriness_exact_steps)
{
    /* Constant input I_e: V(t) = I_e R (1 - e^{-t/tau}); threshold 15 mV above
     * rest. First spike at the first step whose end satisfies V >= theta; then
     * 20 refractory steps clamped at V_reset, then the same rise again. */
    sim s;
    const double I_e = 400.0, tau = 10.0, C = 250.0, h = 0.1, theta = 15.0;
    sim_init(&s, tau, 2.0, I_e, -55.0);
    double *V = M->state(s.pop, "V_m");
    int64_t first = -1;
    for (int64_t k = 0; k < 1000 && first < 0; ++k) {
        double v = I_e * tau / C * (1 - exp(-(double)(k + 1) * h / tau));
        if (v >= theta)
            first = k;
    }
    cr_assert_gt(first, 0);
    int64_t period = first + 1 + 20; /* rise steps + refractory steps */
    int n_spikes = 0;
    for (int64_t k = 0; k < 3 * period; ++k) {
        size_t ns = sim_step(&s, k);
        bool expect = k >= first && (k - first) % period == 0;
        cr_assert_eq(ns, expect ? (size_t)N : 0u, "step %lld: %zu spikes", (long long)k, ns);
        if (ns) {
            ++n_spikes;
            cr_assert_eq(V[0], -70.0);
        }
        int64_t since = (k - first) % period;
        if (k > first && since >= 1 && since <= 20)
            cr_assert_eq(V[1], -70.0, "refractory step %lld not clamped", (long long)k);
    }
    cr_assert_eq(n_spikes, 3);
    M->destroy(s.pop);
}

Test(iaf_psc_alpha, inhibitory_input_is_negative_current)
{
    sim s;
    sim_init(&s, 10.0, 2.0, 0.0, -55.0);
    double *V = M->state(s.pop, "V_m"), *Ii = M->state(s.pop, "I_syn_in");
    s.in[0] = -100.0;
    sim_step(&s, 0);
    for (int k = 1; k < 30; ++k)
        sim_step(&s, k);
    /* The current peaks at the weight tau_syn after arrival. */
    cr_assert_lt(V[0], -70.0);
    cr_assert_eq(V[1], -70.0);
    cr_assert_lt(Ii[0], 0.0);
    M->destroy(s.pop);
}

Test(iaf_psc_alpha, parameter_validation_names_the_value)
{
    ss_err err;
    void *p = M->create(1, NPAD, &err);
    cr_assert_eq(M->set_param(p, "C_m", -1.0, &err), 0);
    cr_assert_neq(M->calibrate(p, 0.1, &err), 0);
    cr_assert(strstr(err.msg, "C_m") != NULL, "%s", err.msg);
    cr_assert_eq(M->set_param(p, "C_m", 250.0, &err), 0);
    cr_assert_eq(M->set_param(p, "V_reset", -50.0, &err), 0);
    cr_assert_neq(M->calibrate(p, 0.1, &err), 0);
    cr_assert(strstr(err.msg, "V_reset") != NULL, "%s", err.msg);
    cr_assert_neq(M->set_param(p, "no_such", 1.0, &err), 0);
    cr_assert(strstr(err.msg, "no_such") != NULL, "%s", err.msg);
    M->destroy(p);
}
