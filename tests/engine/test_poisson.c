/* poisson_generator: counts from uniform variates follow Poisson(rate h). */
#include <criterion/criterion.h>
#include <math.h>

#include "device.h"
#include "rng.h"

extern const ss_generator_model ss_model_poisson_generator;
static const ss_generator_model *G = &ss_model_poisson_generator;

static void check_rate(double rate_hz, double h)
{
    ss_err err;
    void *g = G->create(&err);
    cr_assert_not_null(g);
    cr_assert_eq(G->set_param(g, "rate", rate_hz, &err), 0);
    cr_assert_eq(G->calibrate(g, h, &err), 0, "%s", err.msg);
    const double lam = rate_hz * h * 1e-3;
    enum { NS = 200000 };
    double sum = 0, sq = 0, p0 = 0;
    /* draws keyed like the engine's: (seed, POISSON, target gid), counter step/4 */
    for (uint64_t i = 0; i < NS; ++i) {
        uint64_t gid = 1 + i % 1000, step = i / 1000;
        ss_rng_block b = ss_rng_draw(ss_rng_stream_make(11, SS_RNG_POISSON, gid), step / 4, 77);
        uint32_t c = G->count(g, ss_rng_u01(b.v[step % 4]));
        sum += c;
        sq += (double)c * c;
        p0 += c == 0;
    }
    double mean = sum / NS, var = sq / NS - mean * mean;
    /* mean within 5 standard errors; variance equals the mean (Poisson) within 5 %;
     * P(0) = e^-lam within 5 standard errors */
    cr_assert_lt(fabs(mean - lam), 5 * sqrt(lam / NS), "mean %g vs %g", mean, lam);
    cr_assert_lt(fabs(var - lam), 0.05 * lam, "variance %g vs %g", var, lam);
    double e0 = exp(-lam);
    cr_assert_lt(fabs(p0 / NS - e0), 5 * sqrt(e0 * (1 - e0) / NS) + 1e-12, "P(0) %g vs %g", p0 / NS, e0);
    G->destroy(g);
}

Test(poisson_generator, rate_low) { check_rate(17789.0, 0.1); }
Test(poisson_generator, rate_high) { check_rate(400000.0, 0.1); }
Test(poisson_generator, rate_zero_gives_no_events)
{
    ss_err err;
    void *g = G->create(&err);
    cr_assert_eq(G->calibrate(g, 0.1, &err), 0);
    cr_assert_eq(G->count(g, 0.999999), 0u);
    cr_assert_neq(G->set_param(g, "rate", -1.0, &err), 0);
    cr_assert(strstr(err.msg, "rate") != NULL);
    G->destroy(g);
}

/* Extreme variates map to finite counts; the mapping is monotone. */
Test(poisson_generator, count_monotone_in_u)
{
    ss_err err;
    void *g = G->create(&err);
    G->set_param(g, "rate", 50000.0, &err);
    G->calibrate(g, 0.1, &err);
    uint32_t prev = 0;
    for (double u = 0; u < 1.0; u += 1e-4) {
        uint32_t c = G->count(g, u);
        cr_assert_geq(c, prev);
        prev = c;
    }
    cr_assert_lt(G->count(g, 1.0 - 0x1.0p-53), 100u);
    G->destroy(g);
}
