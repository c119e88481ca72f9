/* models_builtin/poisson_generator.c — Poisson spike trains (NEST's
 * poisson_generator): every target receives its own independent train; the
 * number of events in one step is Poisson with mean rate·h. The engine supplies
 * one uniform variate per (target gid, step) from the keyed RNG (device.h);
 * this model turns it into a count by inverting the cumulative distribution,
 * tabulated once at calibrate, so a count is a pure function of that variate. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "device.h"

static const ss_var_info params[] = {
    {"rate", "Hz", SS_VAR_PARAMETER, 0.0},
};

#define GUIDE 1024

typedef struct poisson_gen {
    double rate;      /* Hz */
    double *cdf;      /* cdf[k] = P(count <= k) */
    uint32_t n_cdf;
    /* guide[b]: smallest k with cdf[k] > b / GUIDE, so the search for u in
     * [b/GUIDE, (b+1)/GUIDE) starts there (Chen & Asau's guide table): about
     * one comparison per draw, same result as a search from 0. */
    uint32_t guide[GUIDE];
} poisson_gen;

static void *pg_create(ss_err *err)
{
    poisson_gen *g = calloc(1, sizeof *g);
    if (!g)
        ss_fail(err, "poisson_generator: out of memory");
    return g;
}

static void pg_destroy(void *gen)
{
    poisson_gen *g = gen;
    if (g)
        free(g->cdf);
    free(g);
}

static int pg_set_param(void *gen, const char *name, double value, ss_err *err)
{
    poisson_gen *g = gen;
    if (strcmp(name, "rate") != 0)
        return ss_fail(err, "poisson_generator has no parameter '%s' (rate)", name);
    if (!(value >= 0) || !isfinite(value))
        return ss_fail(err, "poisson_generator: rate = %g Hz must be >= 0", value);
    g->rate = value;
    return 0;
}

static int pg_get_param(const void *gen, const char *name, double *value, ss_err *err)
{
    const poisson_gen *g = gen;
    if (strcmp(name, "rate") != 0)
        return ss_fail(err, "poisson_generator has no parameter '%s' (rate)", name);
    *value = g->rate;
    return 0;
}

/* P(count = k) for mean lam, in log space so large means do not underflow. */
static double pmf(double lam, uint32_t k)
{
    if (lam == 0.0)
        return k == 0 ? 1.0 : 0.0;
    return exp(-lam + (double)k * log(lam) - lgamma((double)k + 1.0));
}

static int pg_calibrate(void *gen, double h, ss_err *err)
{
    poisson_gen *g = gen;
    double lam = g->rate * h * 1e-3;
    if (lam > 1e6)
        return ss_fail(err, "poisson_generator: rate %g Hz gives %g events per step (max 1e6)",
                       g->rate, lam);
    /* Tabulate until the remaining tail is below 2^-53 (below any u we draw). */
    uint32_t cap = (uint32_t)(lam + 20.0 * sqrt(lam) + 40.0);
    double *cdf = malloc(cap * sizeof *cdf);
    if (!cdf)
        return ss_fail(err, "poisson_generator: out of memory");
    double F = 0.0;
    uint32_t k = 0;
    for (; k < cap; ++k) {
        F += pmf(lam, k);
        cdf[k] = F;
        if (F >= 1.0 - 0x1.0p-53 && (double)k >= lam)
            break;
    }
    free(g->cdf);
    g->cdf = cdf;
    g->n_cdf = k < cap ? k + 1 : cap;
    uint32_t j = 0;
    for (uint32_t b = 0; b < GUIDE; ++b) {
        while (j + 1 < g->n_cdf && cdf[j] <= (double)b / GUIDE)
            ++j;
        g->guide[b] = j;
    }
    return 0;
}

static uint32_t pg_count(const void *gen, double u)
{
    const poisson_gen *g = gen;
    const double *c = g->cdf;
    uint32_t n = g->n_cdf, k = g->guide[(uint32_t)(u * GUIDE)];
    while (k + 1 < n && u >= c[k]) /* smallest k with u < cdf[k], clipped to n-1 */
        ++k;
    return k;
}

const ss_generator_model ss_model_poisson_generator = {
    .abi_version = SS_MODEL_ABI_VERSION,
    .name = "poisson_generator",
    .summary = "independent Poisson spike train to every target (NEST's poisson_generator)",
    .n_params = 1,
    .params = params,
    .create = pg_create,
    .destroy = pg_destroy,
    .set_param = pg_set_param,
    .get_param = pg_get_param,
    .calibrate = pg_calibrate,
    .count = pg_count,
};
