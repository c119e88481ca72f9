/* poisson_generator: the events of one link over a slice (device.h) are a
 * Poisson(rate·h) count per step, independent across steps, slices, targets
 * and generators, for slices of the prepared length (slice path: total, then
 * uniform placement) and for shorter ones (per-step inversion); and the
 * kernel delivers them. Fixed seeds make every test deterministic; the
 * bounds are k standard errors of the statistic under the Poisson model, with
 * k = 5-6, so a wrong distribution (placements biased within the slice, a
 * slice total for len ± 1 steps, correlated steps) fails by many more. */
#include <criterion/criterion.h>
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "device.h"
#include "kernel.h"
#include "kernel_fixture.h"
#include "rng.h"

extern const ss_generator_model ss_model_poisson_generator;
static const ss_generator_model *G = &ss_model_poisson_generator;

enum { SEED = 11, GEN_GID = 77 };

static void *make_gen(double rate_hz, double h, uint32_t slice_len, size_t *max_ev)
{
    ss_err err;
    void *g = G->create(&err);
    cr_assert_not_null(g);
    cr_assert_eq(G->set_param(g, "rate", rate_hz, &err), 0, "%s", err.msg);
    cr_assert_eq(G->prepare(g, slice_len, max_ev, &err), 0, "%s", err.msg);
    cr_assert_eq(G->calibrate(g, h, &err), 0, "%s", err.msg);
    return g;
}

/* Per-step counts of `len` steps for the link (target gid, GEN_GID) in the
 * slice starting at S, as the engine keys it. Returns the number of events. */
static uint32_t slice_counts(const void *g, uint64_t target, uint64_t gen, int64_t S, uint32_t len,
                             ss_gen_event *ev, size_t max_ev, uint32_t *counts)
{
    memset(counts, 0, len * sizeof *counts);
    size_t n = G->slice(g, ss_rng_stream_make(SEED, SS_RNG_POISSON, target), (uint64_t)S, gen,
                        len, ev);
    cr_assert_leq(n, max_ev);
    uint32_t total = 0;
    for (size_t e = 0; e < n; ++e) {
        cr_assert_lt(ev[e].step, len);
        cr_assert_gt(ev[e].n, 0u);
        counts[ev[e].step] += ev[e].n;
        total += ev[e].n;
    }
    return total;
}

/* Moments of per-step counts (pooled over all steps and slices), of the
 * slice totals, and per step offset. */
typedef struct moments {
    double n, sum, sq, zeros, lag1;   /* per step; lag1: sum of c[s]·c[s+1] */
    double m, tot, tot2;              /* slice totals */
    double *at;                       /* [len] sum of counts per offset */
} moments;

static void collect(const void *g, double rate_hz, double h, uint32_t len, size_t max_ev,
                    uint64_t n_targets, int64_t n_slices, moments *mo)
{
    (void)rate_hz;
    (void)h;
    ss_gen_event *ev = malloc(max_ev * sizeof *ev);
    uint32_t *c = malloc(len * sizeof *c);
    memset(mo, 0, sizeof *mo);
    mo->at = calloc(len, sizeof *mo->at);
    for (uint64_t t = 1; t <= n_targets; ++t)
        for (int64_t q = 0; q < n_slices; ++q) {
            uint32_t tot = slice_counts(g, t, GEN_GID, 1000 + q * (int64_t)len, len, ev, max_ev, c);
            for (uint32_t s = 0; s < len; ++s) {
                mo->sum += c[s];
                mo->sq += (double)c[s] * c[s];
                mo->zeros += c[s] == 0;
                mo->at[s] += c[s];
                if (s + 1 < len)
                    mo->lag1 += (double)c[s] * c[s + 1];
            }
            mo->n += len;
            mo->m += 1;
            mo->tot += tot;
            mo->tot2 += (double)tot * tot;
        }
    free(ev);
    free(c);
}

/* Checks per-step mean, variance, P(0), lag-1 covariance, slice totals and
 * uniformity over the offsets against Poisson(lam) per step. */
static void check_moments(const moments *mo, double lam, uint32_t len)
{
    double n = mo->n, mean = mo->sum / n, var = mo->sq / n - mean * mean;
    cr_assert_lt(fabs(mean - lam), 5 * sqrt(lam / n), "mean %g vs %g", mean, lam);
    /* Var of the sample variance of Poisson(lam): (mu4 - var^2)/n = (lam + 2 lam^2)/n */
    cr_assert_lt(fabs(var - lam), 5 * sqrt((lam + 2 * lam * lam) / n), "variance %g vs %g", var,
                 lam);
    double e0 = exp(-lam), p0 = mo->zeros / n;
    cr_assert_lt(fabs(p0 - e0), 5 * sqrt(e0 * (1 - e0) / n), "P(0) %g vs %g", p0, e0);
    /* adjacent steps uncorrelated: E[c c'] = lam^2; Var(c c') = (lam + lam^2)^2
     * - lam^4, and overlapping products covary by lam^3 */
    if (len > 1) {
        double np = mo->m * (len - 1), cov = mo->lag1 / np - lam * lam;
        double v1 = (lam + lam * lam) * (lam + lam * lam) - pow(lam, 4) + 2 * pow(lam, 3);
        cr_assert_lt(fabs(cov), 5 * sqrt(v1 / np), "lag-1 covariance %g", cov);
    }
    /* slice totals: Poisson(len lam) (a slice of len - 1 or len + 1 steps is
     * off by lam, many standard errors here) */
    double mu = len * lam, tm = mo->tot / mo->m, tv = mo->tot2 / mo->m - tm * tm;
    cr_assert_lt(fabs(tm - mu), 5 * sqrt(mu / mo->m), "slice mean %g vs %g", tm, mu);
    cr_assert_lt(fabs(tv - mu), 5 * sqrt((mu + 2 * mu * mu) / mo->m), "slice variance %g vs %g",
                 tv, mu);
    /* same mean at every offset: chi-square over the offsets, len - 1 dof
     * (each offset's total is Poisson(m lam)), below its mean + 6 sd */
    double chi2 = 0, e = mo->m * lam;
    for (uint32_t s = 0; s < len; ++s)
        chi2 += (mo->at[s] - e) * (mo->at[s] - e) / e;
    cr_assert_lt(chi2, len + 6 * sqrt(2.0 * len), "chi2 over offsets %g (%u offsets)", chi2, len);
    /* and no drift from the start to the end of the slice */
    double first = 0, last = 0;
    for (uint32_t s = 0; s < len / 2; ++s) {
        first += mo->at[s];
        last += mo->at[len - 1 - s];
    }
    if (len > 1)
        cr_assert_lt(fabs(first - last), 5 * sqrt(2 * e * (len / 2)),
                     "first half %g, last half %g", first, last);
}

static void check_rate(double rate_hz, double h, uint32_t prepared, uint32_t len, uint64_t targets,
                       int64_t slices)
{
    size_t max_ev;
    void *g = make_gen(rate_hz, h, prepared, &max_ev);
    moments mo;
    collect(g, rate_hz, h, len, max_ev, targets, slices, &mo);
    check_moments(&mo, rate_hz * h * 1e-3, len);
    free(mo.at);
    G->destroy(g);
}

/* brunel_aeif's drive: 17789 Hz at 0.01 ms, slices of 150 steps (slice path) */
Test(poisson_generator, slice_path_brunel_aeif)
{
    check_rate(17789.0, 0.01, 150, 150, 200, 1000);
}

/* the short last slice of a simulate call: step path, same distribution */
Test(poisson_generator, short_slice_step_path)
{
    check_rate(17789.0, 0.01, 150, 37, 400, 1500);
}

/* one-step slices (min delay = h) and a rate of ~1 event per step */
Test(poisson_generator, one_step_slices) { check_rate(9000.0, 0.1, 1, 1, 1000, 200); }
Test(poisson_generator, about_one_per_step) { check_rate(10000.0, 0.1, 10, 10, 200, 1000); }

/* 40 events per step: the slice table would be too large, step path */
Test(poisson_generator, high_rate_step_path) { check_rate(400000.0, 0.1, 15, 15, 100, 200); }

/* The window across a slice boundary (last 10 steps of one slice, first 10
 * of the next) counts Poisson(20 lam), and consecutive slices' totals are
 * uncorrelated. */
Test(poisson_generator, across_slice_boundary)
{
    const uint32_t len = 150;
    const double lam = 17789.0 * 0.01 * 1e-3;
    size_t max_ev;
    void *g = make_gen(17789.0, 0.01, len, &max_ev);
    ss_gen_event *ev = malloc(max_ev * sizeof *ev);
    uint32_t a[150], b[150];
    double n = 0, sw = 0, sw2 = 0, sab = 0, sa = 0, sb = 0;
    for (uint64_t t = 1; t <= 100; ++t)
        for (int64_t q = 0; q < 1000; ++q) {
            int64_t S = (int64_t)len * q;
            uint32_t ta = slice_counts(g, t, GEN_GID, S, len, ev, max_ev, a);
            uint32_t tb = slice_counts(g, t, GEN_GID, S + len, len, ev, max_ev, b);
            uint32_t w = 0;
            for (uint32_t s = 0; s < 10; ++s)
                w += a[len - 1 - s] + b[s];
            sw += w;
            sw2 += (double)w * w;
            sab += (double)ta * tb;
            sa += ta;
            sb += tb;
            n += 1;
        }
    double mu = 20 * lam, m = sw / n, v = sw2 / n - m * m;
    cr_assert_lt(fabs(m - mu), 5 * sqrt(mu / n), "window mean %g vs %g", m, mu);
    cr_assert_lt(fabs(v - mu), 5 * sqrt((mu + 2 * mu * mu) / n), "window variance %g vs %g", v, mu);
    double M = len * lam, cov = sab / n - (sa / n) * (sb / n);
    cr_assert_lt(fabs(cov), 5 * M / sqrt(n), "covariance of consecutive slice totals %g", cov);
    free(ev);
    G->destroy(g);
}

static int same_train(const void *g, size_t max_ev, uint64_t t1, uint64_t g1, int64_t S1,
                      uint64_t t2, uint64_t g2, int64_t S2)
{
    uint32_t a[150], b[150];
    ss_gen_event *ev = malloc(max_ev * sizeof *ev);
    slice_counts(g, t1, g1, S1, 150, ev, max_ev, a);
    slice_counts(g, t2, g2, S2, 150, ev, max_ev, b);
    free(ev);
    return memcmp(a, b, sizeof a) == 0;
}

/* The events are a pure function of (seed, target gid, generator gid, S):
 * the same arguments repeat them, changing any one gives another train. */
Test(poisson_generator, keyed_by_target_generator_and_slice)
{
    size_t max_ev;
    void *g = make_gen(17789.0, 0.01, 150, &max_ev);
    for (uint64_t t = 1; t <= 50; ++t) {
        cr_assert(same_train(g, max_ev, t, GEN_GID, 300, t, GEN_GID, 300));
        cr_assert(!same_train(g, max_ev, t, GEN_GID, 300, t + 1, GEN_GID, 300), "target %llu",
                  (unsigned long long)t);
        cr_assert(!same_train(g, max_ev, t, GEN_GID, 300, t, GEN_GID + 1, 300));
        cr_assert(!same_train(g, max_ev, t, GEN_GID, 300, t, GEN_GID, 450));
    }
    G->destroy(g);
}

/* Draw layout (documented in poisson_generator.c): on the slice path word 0
 * of block 0 gives the total and the events come one by one in draw order;
 * on the step path steps ascend, each once. */
static void check_event_order(double rate_hz)
{
    size_t max_ev;
    void *g = make_gen(rate_hz, 0.01, 150, &max_ev);
    ss_gen_event *ev = malloc(max_ev * sizeof *ev);
    int unsorted = 0;
    for (uint64_t t = 1; t <= 20; ++t) {
        ss_rng_stream rs = ss_rng_stream_make(SEED, SS_RNG_POISSON, t);
        size_t n = G->slice(g, rs, 0, GEN_GID, 150, ev);
        for (size_t e = 0; e < n; ++e) {
            cr_assert_eq(ev[e].n, 1u);
            unsorted |= e > 0 && ev[e].step < ev[e - 1].step;
        }
        n = G->slice(g, rs, 0, GEN_GID, 149, ev);
        for (size_t e = 1; e < n; ++e)
            cr_assert_gt(ev[e].step, ev[e - 1].step);
    }
    cr_assert(unsorted, "slice-path events should come in draw order, not sorted");
    free(ev);
    G->destroy(g);
}

/* brunel_aeif's rate, and lam = 1 (the slice table of Poisson(150) still
 * fits the bound, so the slice path is taken) */
Test(poisson_generator, event_order_per_path)
{
    check_event_order(17789.0);
    check_event_order(100000.0);
}

Test(poisson_generator, rate_zero_gives_no_events)
{
    size_t max_ev;
    void *g = make_gen(0.0, 0.1, 15, &max_ev);
    cr_assert_geq(max_ev, 15u);
    ss_gen_event *ev = malloc(max_ev * sizeof *ev);
    for (uint32_t len = 1; len <= 15; ++len)
        for (uint64_t t = 1; t < 100; ++t)
            cr_assert_eq(G->slice(g, ss_rng_stream_make(1, SS_RNG_POISSON, t), 0, 1, len, ev), 0u);
    ss_err err;
    cr_assert_neq(G->set_param(g, "rate", -1.0, &err), 0);
    cr_assert(strstr(err.msg, "rate") != NULL);
    cr_assert_eq(G->set_param(g, "rate", 1e11, &err), 0);
    cr_assert_neq(G->calibrate(g, 0.1, &err), 0, "1e7 events per step must be refused");
    free(ev);
    G->destroy(g);
}

/* Not told the slice length (prepare not called): every slice takes the step
 * path, still Poisson. */
Test(poisson_generator, unprepared_uses_step_path)
{
    ss_err err;
    void *g = G->create(&err);
    cr_assert_eq(G->set_param(g, "rate", 17789.0, &err), 0);
    cr_assert_eq(G->calibrate(g, 0.01, &err), 0);
    moments mo;
    collect(g, 17789.0, 0.01, 150, 150, 100, 1000, &mo);
    check_moments(&mo, 17789.0 * 0.01 * 1e-3, 150);
    free(mo.at);
    G->destroy(g);
}

/* Through the kernel: 1000 targets over one short slice (35 steps of a
 * 100-step min delay), then 1000 more slices and a short one; the delivered
 * event counts are 1000·steps·lam within 6 sd. */
Test(poisson_generator, kernel_counts_short_and_full_slices)
{
    kernel_fixture f;
    kernel_fixture_open(&f, (kernel_fixture_spec){.threads = 2, .h_ms = 0.01, .seed = 5,
                                                  .wait = SS_WAIT_SPIN, .neurons = 1000,
                                                  .rate_hz = 17789.0});
    ss_kernel *k = f.k;
    ss_err err;
    cr_assert_eq(ss_kernel_connect_generator(k, f.gen, f.neurons, 1.0, 1.0, &err), 0, "%s",
                 err.msg);
    const double lam = 17789.0 * 0.01 * 1e-3;
    const int64_t steps[2] = {35, 100 * 100 + 35};
    const double ms[2] = {0.35, 100.35};
    int64_t before = 0;
    for (int c = 0; c < 2; ++c) {
        cr_assert_eq(ss_kernel_simulate(k, ms[c], &err), 0, "%s", err.msg);
        ss_run_results r;
        cr_assert_eq(ss_kernel_results(k, &r, &err), 0, "%s", err.msg);
        double got = (double)(r.n_gen_events - before), mu = 1000.0 * (double)steps[c] * lam;
        cr_assert_lt(fabs(got - mu), 6 * sqrt(mu), "call %d: %g events, expected %g", c, got, mu);
        before = r.n_gen_events;
        ss_run_results_free(&r);
    }
    kernel_fixture_close(&f);
    MPI_Finalize();
}
