/* Trace decay tables (engine/archive.h) and the ring buffer's allocation:
 * a table must return exactly what exp() returns for the same argument, at
 * its ends, beyond its range and for negative n, and the archive's trace
 * must be the closed form bit for bit whether or not it comes from a table. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "archive.h"
#include "ringbuf.h"

static uint64_t bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* n at the table's ends, just beyond, far beyond, and negative. */
static const int64_t probe[] = {0, 1, 2, 3, 1000, SS_DECAY_N - 2, SS_DECAY_N - 1, SS_DECAY_N,
                                SS_DECAY_N + 1, 3 * SS_DECAY_N + 7, 1000000, -1, -2, -SS_DECAY_N};

static void assert_same_as_exp(const ss_decay *d, double c)
{
    for (size_t i = 0; i < sizeof probe / sizeof probe[0]; ++i) {
        int64_t n = probe[i];
        double want = exp((double)n * c), got = ss_decay_at(d, n);
        cr_assert_eq(bits(got), bits(want), "c %a n %lld: %a, exp gives %a", c, (long long)n, got,
                     want);
    }
}

Test(decay, table_equals_exp_bitwise_inside_at_ends_and_beyond)
{
    ss_post_archive a;
    ss_err err;
    cr_assert_eq(ss_archive_init(&a, 1, &err), 0);
    /* h/tau of the presets, of NESTML's (-1/tau)*h form, and awkward ones */
    const double cs[] = {-(0.01 / 20.0), (-1.0 / 20.0) * 0.01, -(0.1 / 3.0), -(0.01 / 7.0), -1e-7,
                         -0.75};
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; ++i) {
        ss_decay d = ss_archive_decay(&a, cs[i]);
        cr_assert_eq(d.len, SS_DECAY_N);
        cr_assert_not_null(d.v);
        assert_same_as_exp(&d, cs[i]);
        /* every entry, not only the probes */
        for (uint32_t n = 0; n < SS_DECAY_N; ++n)
            cr_assert_eq(bits(d.v[n]), bits(exp((double)n * cs[i])), "c %a n %u", cs[i], n);
    }
    ss_archive_free(&a);
}

Test(decay, tables_shared_per_value_and_table_less_fallback)
{
    ss_post_archive a;
    ss_err err;
    cr_assert_eq(ss_archive_init(&a, 4, &err), 0);
    double c = -(0.01 / 20.0);
    ss_decay d1 = ss_archive_decay(&a, c), d2 = ss_archive_decay(&a, c);
    cr_assert_eq(d1.v, d2.v, "the same c must share one table");
    ss_decay d3 = ss_archive_decay(&a, -(0.01 / 30.0));
    cr_assert_neq(d3.v, d1.v);
    cr_assert_eq(a.n_tab, 2u);
    /* the post trace of tau_minus = 20 ms at h = 0.01 uses the same table */
    ss_archive_set_tau(&a, 0, 20.0, 0.01);
    cr_assert_eq(a.n[0].decay.v, d1.v);
    cr_assert_eq(a.n_tab, 2u);
    /* no archive, or c not finite: no table, still exp's values */
    ss_decay none = ss_archive_decay(NULL, c);
    cr_assert_eq(none.len, 0u);
    assert_same_as_exp(&none, c);
    ss_decay inf = ss_archive_decay(&a, -INFINITY);
    cr_assert_eq(inf.len, 0u);
    cr_assert_eq(a.n_tab, 2u);
    /* the tables are part of the archive's bytes */
    cr_assert_geq(ss_archive_bytes(&a), 2 * SS_DECAY_N * sizeof(double));
    ss_archive_free(&a);
}

/* Post trace from the archive vs the closed form computed with exp(), for
 * intervals inside and beyond the table. */
Test(decay, archive_trace_equals_closed_form_bitwise)
{
    ss_post_archive a;
    ss_err err;
    const double h = 0.01, tau = 20.0, c = -(h / tau);
    cr_assert_eq(ss_archive_init(&a, 1, &err), 0);
    ss_archive_add_incoming(&a, 0);
    ss_archive_set_tau(&a, 0, tau, h);
    const int64_t times[] = {5, 17, 17 + SS_DECAY_N - 1, 17 + 3 * SS_DECAY_N, 17 + 3 * SS_DECAY_N + 1};
    double k = 0.0;
    int64_t last = 0;
    for (size_t i = 0; i < sizeof times / sizeof times[0]; ++i) {
        int64_t t = times[i];
        k = i == 0 ? 1.0 : k * exp((double)(last - t) * (h / tau)) + 1.0;
        cr_assert_eq(ss_archive_record(&a, 0, t), 0);
        last = t;
        const int64_t after[] = {1, 2, SS_DECAY_N - 1, SS_DECAY_N, SS_DECAY_N + 5};
        for (size_t j = 0; j < sizeof after / sizeof after[0]; ++j) {
            double want = k * exp((double)(-after[j]) * (h / tau));
            double got = ss_archive_trace(&a, 0, t + after[j]);
            cr_assert_eq(bits(got), bits(want), "spike %zu, %lld steps after: %a vs %a", i,
                         (long long)after[j], got, want);
            cr_assert_eq(bits(got), bits(k * exp((double)after[j] * c)));
        }
    }
    /* only spikes strictly before t count: none before the first one */
    cr_assert_eq(ss_archive_trace(&a, 0, times[0]), 0.0);
    ss_archive_free(&a);
}

Test(ringbuf, large_buffer_huge_page_aligned_zeroed_and_addressed_as_small_one)
{
    ss_ringbuf rb;
    ss_err err;
    /* 2 receptors x 300 slots x 2500 locals: 12 MB, as brunel_aeif order 500 */
    cr_assert_eq(ss_ringbuf_init(&rb, 2, 300, 2500, &err), 0);
    cr_assert_eq((uintptr_t)rb.data % (2u << 20), 0u);
    cr_assert_eq(ss_ringbuf_bytes(&rb), 2u * 300 * 2500 * sizeof(double));
    for (size_t i = 0; i < 2u * 300 * 2500; ++i)
        cr_assert_eq(rb.data[i], 0.0);
    ss_ringbuf_add(&rb, 1, 1234, 2499, 0.25);
    cr_assert_eq(ss_ringbuf_slice(&rb, 1, 1234 - 300)[2499], 0.25);
    cr_assert_eq(rb.data[(1 * 300 + 1234 % 300) * 2500 + 2499], 0.25);
    ss_ringbuf_clear_step(&rb, 1234);
    cr_assert_eq(rb.data[(1 * 300 + 1234 % 300) * 2500 + 2499], 0.0);
    ss_ringbuf_free(&rb);
    /* a small one is cache-line aligned */
    cr_assert_eq(ss_ringbuf_init(&rb, 1, 3, 5, &err), 0);
    cr_assert_eq((uintptr_t)rb.data % 64u, 0u);
    ss_ringbuf_free(&rb);
}
