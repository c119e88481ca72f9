/* models_builtin/poisson_generator.c — Poisson spike trains (NEST's
 * poisson_generator): every target receives its own independent train; the
 * number of events in one step is Poisson with mean lam = rate·h.
 *
 * Per slice of len steps (device.h) the events of a link are drawn in one of
 * two exact ways, chosen from (rate, h, len) alone, so identically on every
 * thread and rank:
 *  - slice path: the total N is Poisson(len·lam), by inverting its CDF
 *    (tabulated at calibrate), and the N events are placed independently and
 *    uniformly on the len steps. Given N, independent per-step Poisson(lam)
 *    counts are exactly multinomial(N; 1/len, ...), so this is the same
 *    process as per-step draws at about len·lam + 1 draws instead of len. Used
 *    for slices of the prepared length whose table is small (at most
 *    max_events + 1 entries: always when lam <= 1);
 *  - step path: one inversion of the Poisson(lam) CDF per step. Used for
 *    other (shorter) slices and for high rates, where len inversions are
 *    cheaper than ~len·lam placements.
 * Draw layout of a slice at counters (c0, c1, j) of the engine's stream:
 * slice path: word 0 of block 0 gives N; the placements use the 32-bit halves
 * (low, then high) of words 1-3 of block 0, then of all words of blocks 1, 2,
 * ...; step path: step s uses word s % 4 of block s / 4. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "device.h"

static const ss_var_info params[] = {
    {"rate", "Hz", SS_VAR_PARAMETER, 0.0},
};

#define GUIDE 1024
#define MAX_LAM_STEP 1e6   /* events per step */

/* Inverse CDF of one Poisson distribution. */
typedef struct table {
    double *cdf;      /* cdf[k] = P(count <= k); NULL: not built */
    uint32_t n;
    /* guide[b]: smallest k with cdf[k] > b / GUIDE, so the search for u in
     * [b/GUIDE, (b+1)/GUIDE) starts there (Chen & Asau's guide table): about
     * one comparison per draw, same result as a search from 0. */
    uint32_t guide[GUIDE];
} table;

typedef struct poisson_gen {
    double rate;        /* Hz */
    uint32_t slice_len; /* from prepare; 0: not told, step path only */
    table step;         /* Poisson(lam) */
    table slice;        /* Poisson(slice_len·lam), or not built */
} poisson_gen;

/* Bound on the events of one slice of at most len steps: the step path
 * writes at most len, the slice path at most the table size - 1. */
static size_t max_events(uint32_t len)
{
    return 2 * (size_t)len + 64;
}

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
    if (g) {
        free(g->step.cdf);
        free(g->slice.cdf);
    }
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

static int pg_prepare(void *gen, uint32_t slice_len, size_t *max_ev, ss_err *err)
{
    poisson_gen *g = gen;
    if (slice_len == 0)
        return ss_fail(err, "poisson_generator: slice length must be >= 1 step");
    g->slice_len = slice_len;
    *max_ev = max_events(slice_len);
    return 0;
}

/* P(count = k) for mean lam, in log space so large means do not underflow. */
static double pmf(double lam, uint32_t k)
{
    if (lam == 0.0)
        return k == 0 ? 1.0 : 0.0;
    return exp(-lam + (double)k * log(lam) - lgamma((double)k + 1.0));
}

/* Tabulates Poisson(lam) until the remaining tail is below 2^-53 (below the
 * resolution of u). With limit > 0, gives up (returns 1, table unbuilt) if that
 * needs more than `limit` entries; without, stops at a generous cap. */
static int table_build(table *t, double lam, uint32_t limit)
{
    uint32_t cap = (uint32_t)(lam + 20.0 * sqrt(lam) + 40.0);
    if (limit && limit < cap)
        cap = limit;
    double *cdf = malloc(cap * sizeof *cdf);
    if (!cdf)
        return -1;
    double F = 0.0;
    uint32_t k = 0;
    for (; k < cap; ++k) {
        F += pmf(lam, k);
        cdf[k] = F;
        /* Done once the mass beyond k is below 2^-53: F says so, or, where
         * rounding keeps F short of that, the bound (k >= lam)
         * P(count > k) <= pmf(k + 1)·(k + 2)/(k + 2 - lam) does. */
        if ((double)k >= lam &&
            (F >= 1.0 - 0x1.0p-53 ||
             pmf(lam, k + 1) * (double)(k + 2) / ((double)(k + 2) - lam) < 0x1.0p-53))
            break;
    }
    if (k == cap && limit == cap) {
        free(cdf);
        return 1;
    }
    t->cdf = cdf;
    t->n = k < cap ? k + 1 : cap;
    uint32_t j = 0;
    for (uint32_t b = 0; b < GUIDE; ++b) {
        while (j + 1 < t->n && cdf[j] <= (double)b / GUIDE)
            ++j;
        t->guide[b] = j;
    }
    return 0;
}

static void table_free(table *t)
{
    free(t->cdf);
    t->cdf = NULL;
    t->n = 0;
}

static int pg_calibrate(void *gen, double h, ss_err *err)
{
    poisson_gen *g = gen;
    double lam = g->rate * h * 1e-3;
    if (lam > MAX_LAM_STEP)
        return ss_fail(err, "poisson_generator: rate %g Hz gives %g events per step (max 1e6)",
                       g->rate, lam);
    table_free(&g->step);
    table_free(&g->slice);
    if (table_build(&g->step, lam, 0) != 0)
        return ss_fail(err, "poisson_generator: out of memory");
    if (g->slice_len && table_build(&g->slice, lam * g->slice_len,
                                    (uint32_t)max_events(g->slice_len) + 1) < 0)
        return ss_fail(err, "poisson_generator: out of memory");
    return 0;
}

/* Smallest k with u < cdf[k], clipped to n - 1. */
static inline uint32_t invert(const table *t, double u)
{
    const double *c = t->cdf;
    uint32_t n = t->n, k = t->guide[(uint32_t)(u * GUIDE)];
    while (k + 1 < n && u >= c[k])
        ++k;
    return k;
}

/* 32-bit words of one link's slice stream, in the documented order. */
typedef struct words {
    ss_rng_stream rs;
    uint64_t c0, c1, j;
    uint32_t w[8];
    unsigned pos;
} words;

static void words_fill(words *s, const ss_rng_block *b)
{
    for (unsigned i = 0; i < 4; ++i) {
        s->w[2 * i] = (uint32_t)b->v[i];
        s->w[2 * i + 1] = (uint32_t)(b->v[i] >> 32);
    }
}

static inline uint32_t words_next(words *s)
{
    if (s->pos == 8) {
        ss_rng_block b = ss_rng_draw3(s->rs, s->c0, s->c1, ++s->j);
        words_fill(s, &b);
        s->pos = 0;
    }
    return s->w[s->pos++];
}

/* Exactly uniform integer in [0, len) (Lemire's multiply-shift: reject the
 * few low products that would make some results more likely). */
static inline uint32_t uniform_below(words *s, uint32_t len)
{
    uint64_t m = (uint64_t)words_next(s) * len;
    if ((uint32_t)m < len) {
        uint32_t thr = (uint32_t)(-len) % len;  /* 2^32 mod len */
        while ((uint32_t)m < thr)
            m = (uint64_t)words_next(s) * len;
    }
    return (uint32_t)(m >> 32);
}

static size_t slice_path(const poisson_gen *g, ss_rng_stream rs, uint64_t c0, uint64_t c1,
                         uint32_t len, ss_gen_event *ev)
{
    words s = {.rs = rs, .c0 = c0, .c1 = c1, .j = 0, .pos = 2};
    ss_rng_block b = ss_rng_draw3(rs, c0, c1, 0);
    words_fill(&s, &b);
    uint32_t n = invert(&g->slice, ss_rng_u01(b.v[0]));
    for (uint32_t i = 0; i < n; ++i)
        ev[i] = (ss_gen_event){uniform_below(&s, len), 1};
    return n;
}

static size_t step_path(const poisson_gen *g, ss_rng_stream rs, uint64_t c0, uint64_t c1,
                        uint32_t len, ss_gen_event *ev)
{
    size_t n = 0;
    for (uint32_t s0 = 0; s0 < len; s0 += 4) {
        ss_rng_block b = ss_rng_draw3(rs, c0, c1, s0 / 4);
        for (uint32_t w = 0; w < 4 && s0 + w < len; ++w) {
            uint32_t c = invert(&g->step, ss_rng_u01(b.v[w]));
            if (c)
                ev[n++] = (ss_gen_event){s0 + w, c};
        }
    }
    return n;
}

static size_t pg_slice(const void *gen, ss_rng_stream rs, uint64_t c0, uint64_t c1, uint32_t len,
                       ss_gen_event *ev)
{
    const poisson_gen *g = gen;
    if (len == g->slice_len && g->slice.cdf)
        return slice_path(g, rs, c0, c1, len, ev);
    return step_path(g, rs, c0, c1, len, ev);
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
    .prepare = pg_prepare,
    .calibrate = pg_calibrate,
    .slice = pg_slice,
};
