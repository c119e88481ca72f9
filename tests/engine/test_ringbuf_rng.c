/* Ring buffer layout and the counter-based RNG. */
#include <criterion/criterion.h>
#include <math.h>

#include "ringbuf.h"
#include "rng.h"

Test(ringbuf, layout_receptor_slot_index_and_clear)
{
    ss_ringbuf rb;
    ss_err err;
    cr_assert_eq(ss_ringbuf_init(&rb, 2, 5, 16, &err), 0);
    ss_ringbuf_add(&rb, 1, 7, 3, 2.5);
    ss_ringbuf_add(&rb, 1, 7, 3, 0.5);
    ss_ringbuf_add(&rb, 0, 12, 3, 1.0); /* 12 mod 5 == 7 mod 5: same slot, other receptor */
    /* one step of one receptor is one contiguous slice */
    cr_assert_eq(ss_ringbuf_slice(&rb, 1, 7) - rb.data, (ptrdiff_t)((1 * 5 + 2) * 16));
    cr_assert_eq(ss_ringbuf_slice(&rb, 1, 7)[3], 3.0);
    cr_assert_eq(ss_ringbuf_slice(&rb, 0, 7)[3], 1.0);
    cr_assert_eq(ss_ringbuf_slice(&rb, 1, 8)[3], 0.0);
    ss_ringbuf_clear_step(&rb, 7);
    for (size_t i = 0; i < 2 * 5 * 16; ++i)
        cr_assert_eq(rb.data[i], 0.0);
    cr_assert_eq(ss_ringbuf_bytes(&rb), 2 * 5 * 16 * sizeof(double));
    ss_ringbuf_free(&rb);
}

Test(rng, reproducible_and_position_independent)
{
    ss_rng_stream a = ss_rng_stream_make(42, SS_RNG_POISSON, 17);
    ss_rng_stream b = ss_rng_stream_make(42, SS_RNG_POISSON, 17);
    /* draw order does not matter: counter (5, 0) first or last */
    ss_rng_block x1 = ss_rng_draw(a, 5, 0);
    for (int i = 0; i < 100; ++i)
        (void)ss_rng_draw(a, (uint64_t)i, 1);
    ss_rng_block x2 = ss_rng_draw(b, 5, 0);
    for (int w = 0; w < 4; ++w)
        cr_assert_eq(x1.v[w], x2.v[w]);
}

Test(rng, streams_differ_by_seed_purpose_id_and_counter)
{
    ss_rng_block base = ss_rng_draw(ss_rng_stream_make(1, SS_RNG_CONNECT, 9), 0, 0);
    ss_rng_block other[4] = {
        ss_rng_draw(ss_rng_stream_make(2, SS_RNG_CONNECT, 9), 0, 0),
        ss_rng_draw(ss_rng_stream_make(1, SS_RNG_POISSON, 9), 0, 0),
        ss_rng_draw(ss_rng_stream_make(1, SS_RNG_CONNECT, 10), 0, 0),
        ss_rng_draw(ss_rng_stream_make(1, SS_RNG_CONNECT, 9), 1, 0),
    };
    for (int i = 0; i < 4; ++i)
        cr_assert_neq(base.v[0], other[i].v[0], "stream %d collides", i);
}

/* Uniformity (chi-square, 64 bins) and independence of neighbouring ids
 * (correlation of u(id) and u(id+1) over 200000 ids) at a fixed seed. */
Test(rng, uniform_and_uncorrelated_across_ids)
{
    enum { NB = 64, NS = 200000 };
    double count[NB] = {0}, sxy = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
    for (uint64_t id = 1; id <= NS; ++id) {
        double x = ss_rng_u01(ss_rng_draw(ss_rng_stream_make(7, SS_RNG_TEST, id), 3, 0).v[0]);
        double y = ss_rng_u01(ss_rng_draw(ss_rng_stream_make(7, SS_RNG_TEST, id + 1), 3, 0).v[0]);
        cr_assert(x >= 0.0 && x < 1.0);
        count[(int)(x * NB)] += 1;
        sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y;
    }
    double e = (double)NS / NB, chi2 = 0;
    for (int i = 0; i < NB; ++i)
        chi2 += (count[i] - e) * (count[i] - e) / e;
    /* 63 degrees of freedom: P(chi2 > 110) < 1e-4 */
    cr_assert_lt(chi2, 110.0, "chi2 = %g", chi2);
    double n = NS, cov = sxy / n - sx / n * sy / n;
    double r = cov / sqrt((sxx / n - sx * sx / n / n) * (syy / n - sy * sy / n / n));
    cr_assert_lt(fabs(r), 5.0 / sqrt(n), "correlation %g", r);
}

Test(rng, below_is_in_range_and_uniform)
{
    enum { K = 7, NS = 70000 };
    double count[K] = {0};
    ss_rng_stream s = ss_rng_stream_make(3, SS_RNG_TEST, 1);
    for (uint64_t i = 0; i < NS; ++i) {
        uint64_t v = ss_rng_below(ss_rng_draw(s, i, 0).v[1], K);
        cr_assert_lt(v, (uint64_t)K);
        count[v] += 1;
    }
    double e = (double)NS / K, chi2 = 0;
    for (int i = 0; i < K; ++i)
        chi2 += (count[i] - e) * (count[i] - e) / e;
    cr_assert_lt(chi2, 27.9, "chi2 = %g (6 dof, p < 1e-4)", chi2);
}
