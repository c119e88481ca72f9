/* stdp_synapse and the postsynaptic archive against the closed-form rule.
 *
 * The handler is driven as the engine drives it: post spikes enter the archive
 * when the neuron emits them (here: every post spike up to the presynaptic
 * spike time, i.e. also some after t - d, which the handler must ignore), and
 * each presynaptic spike is delivered to all its connections at once. The
 * expected weights are computed independently: the traces as explicit sums
 * over all earlier spikes (no recursion, no archive), the rule as in NEST's
 * stdp_synapse. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "presets/aeif_presets.h"
#include "registry.h"
#include "synapse.h"

#define H 0.1        /* ms */
#define D_STEPS 15   /* 1.5 ms */

typedef struct rule {
    double tau_plus, tau_minus, lambda, alpha, mu_plus, mu_minus, wmax;
} rule;

static double pw(double x, double mu) { return pow(x, mu); }

static double ref_facilitate(const rule *r, double w, double k)
{
    double n = w / r->wmax + r->lambda * pw(1.0 - w / r->wmax, r->mu_plus) * k;
    return n < 1.0 ? n * r->wmax : r->wmax;
}

static double ref_depress(const rule *r, double w, double k)
{
    double n = w / r->wmax - r->alpha * r->lambda * pw(w / r->wmax, r->mu_minus) * k;
    return n > 0.0 ? n * r->wmax : 0.0;
}

/* Weight after each presynaptic spike, from the closed-form traces:
 *   facilitation for post spike tp in (t_{i-1} - d, t_i - d]:
 *       K+ = sum_{j < i} exp(-(tp + d - t_j) / tau_plus)
 *   depression at t_i:  K- = sum_{tp < t_i - d} exp(-(t_i - d - tp) / tau_minus)
 * Times in ms. */
static void closed_form(const rule *r, const double *pre, size_t n_pre, const double *post,
                        size_t n_post, double d, double w, double *w_after)
{
    for (size_t i = 0; i < n_pre; ++i) {
        double lo = i ? pre[i - 1] - d : -d, hi = pre[i] - d;
        for (size_t q = 0; q < n_post; ++q) {
            if (!(post[q] > lo + 1e-9 && post[q] <= hi + 1e-9))
                continue;
            double kp = 0.0;
            for (size_t j = 0; j < i; ++j)
                kp += exp(-(post[q] + d - pre[j]) / r->tau_plus);
            w = ref_facilitate(r, w, kp);
        }
        double km = 0.0;
        for (size_t q = 0; q < n_post; ++q)
            if (post[q] < hi - 1e-9)
                km += exp(-(hi - post[q]) / r->tau_minus);
        w = ref_depress(r, w, km);
        w_after[i] = w;
    }
}

/* The engine's side: a synapse type, an archive, a ring-buffer slot. */
typedef struct harness {
    ss_registry reg;
    const ss_synapse_model *m;
    void *common;
    void *presyn;
    ss_post_archive a;
} harness;

static void harness_init(harness *hs, const rule *r, uint32_t n_local)
{
    ss_err err;
    ss_registry_init(&hs->reg);
    cr_assert_eq(ss_builtin_register(&hs->reg, &err), 0, "%s", err.msg);
    hs->m = ss_registry_synapse(&hs->reg, "stdp_synapse", &err);
    cr_assert_not_null(hs->m, "%s", err.msg);
    cr_assert(hs->m->needs_archive);
    cr_assert_leq(hs->m->presyn_size, 16u, "presynaptic state %zu bytes", hs->m->presyn_size);
    hs->common = calloc(1, hs->m->common_size);
    hs->presyn = calloc(1, hs->m->presyn_size);
    hs->m->init_common(hs->common);
    struct { const char *n; double v; } ps[] = {
        {"tau_plus", r->tau_plus}, {"lambda", r->lambda}, {"alpha", r->alpha},
        {"mu_plus", r->mu_plus}, {"mu_minus", r->mu_minus}, {"Wmax", r->wmax}};
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; ++i)
        cr_assert_eq(hs->m->set_param(hs->common, ps[i].n, ps[i].v, &err), 0, "%s", err.msg);
    cr_assert_eq(hs->m->calibrate(hs->common, H, &err), 0, "%s", err.msg);
    hs->m->init_presyn(hs->common, hs->presyn);
    cr_assert_eq(ss_archive_init(&hs->a, n_local, &err), 0);
    for (uint32_t i = 0; i < n_local; ++i)
        ss_archive_set_tau(&hs->a, i, r->tau_minus, H);
}

static void harness_free(harness *hs)
{
    ss_archive_free(&hs->a);
    free(hs->common);
    free(hs->presyn);
    ss_registry_free(&hs->reg);
}

/* Delivers one presynaptic spike emitted at the end of step s. */
static void deliver(harness *hs, int64_t s, const uint32_t *tgt, double *w, size_t n, double *slot)
{
    double *slots[1] = {slot};
    ss_syn_context ctx = {.slot = slots, .spike_step = s, .t_spike_ms = (double)(s + 1) * H,
                          .delay_ms = D_STEPS * H, .delay_steps = D_STEPS, .h_ms = H,
                          .archive = &hs->a};
    ss_syn_span span = {tgt, w, n};
    hs->m->deliver(hs->common, hs->presyn, span, &ctx);
}

/* Pre spikes (steps at whose end they are emitted) and, per target, post
 * spikes, interleaved as the engine does; checks every weight and every
 * delivered value against the closed form. */
static void run_case(const rule *r, double w0)
{
    enum { N_PRE = 9, N_TGT = 3, N_POST = 8 };
    static const int64_t pre_steps[N_PRE] = {40, 95, 160, 161, 300, 420, 421, 650, 800};
    /* post spike times in steps per local target; target 1 has none; 3 spikes
     * land exactly on some t_pre - d (facilitation includes them, depression
     * does not) */
    static const int64_t post_t[N_TGT][N_POST] = {
        {30, 60, 80, 146, 200, 406, 500, 700},
        {0, 0, 0, 0, 0, 0, 0, 0},
        {10, 55, 110, 147, 260, 261, 636, 790}};
    static const size_t n_post[N_TGT] = {8, 0, 8};
    /* connections: target 0 twice (a multapse), 1, 2 */
    uint32_t tgt[4] = {0, 1, 2, 0};
    double w[4] = {w0, w0, w0, w0};
    harness hs;
    harness_init(&hs, r, N_TGT);
    for (size_t c = 0; c < 4; ++c)
        ss_archive_add_incoming(&hs.a, tgt[c]);

    double pre_ms[N_PRE], post_ms[N_TGT][N_POST], expect[N_TGT][N_PRE];
    for (size_t i = 0; i < N_PRE; ++i)
        pre_ms[i] = (double)(pre_steps[i] + 1) * H;
    for (size_t t = 0; t < N_TGT; ++t) {
        for (size_t q = 0; q < n_post[t]; ++q)
            post_ms[t][q] = (double)post_t[t][q] * H;
        closed_form(r, pre_ms, N_PRE, post_ms[t], n_post[t], D_STEPS * H, w0, expect[t]);
    }
    size_t next[N_TGT] = {0};
    for (size_t i = 0; i < N_PRE; ++i) {
        int64_t t_pre = pre_steps[i] + 1;
        for (uint32_t t = 0; t < N_TGT; ++t)
            for (; next[t] < n_post[t] && post_t[t][next[t]] <= t_pre; ++next[t])
                cr_assert_eq(ss_archive_record(&hs.a, t, post_t[t][next[t]]), 0);
        double slot[N_TGT] = {0};
        deliver(&hs, pre_steps[i], tgt, w, 4, slot);
        for (size_t c = 0; c < 4; ++c) {
            double e = expect[tgt[c]][i];
            cr_assert_leq(fabs(w[c] - e), 1e-12 * fabs(e) + 1e-15,
                          "spike %zu conn %zu: %.17g vs closed form %.17g", i, c, w[c], e);
        }
        /* the ring buffer got the weights after the update (multapse: twice) */
        cr_assert_leq(fabs(slot[0] - (w[0] + w[3])), 1e-15 * fabs(slot[0]));
        cr_assert_eq(slot[1], w[1]);
        cr_assert_eq(slot[2], w[2]);
    }
    /* The rule actually moved the weights (not a vacuous comparison). */
    cr_assert_gt(fabs(w[0] - w0), 1e-3 * fabs(w0) + 1e-9, "w0 %g -> %g", w0, w[0]);
    cr_assert_gt(fabs(w[2] - w0), 1e-3 * fabs(w0) + 1e-9, "w2 %g -> %g", w0, w[2]);
    harness_free(&hs);
}

Test(stdp, multiplicative_rule_matches_closed_form)
{
    rule r = {20.0, 20.0, 0.05, 1.0, 1.0, 1.0, 100.0};
    run_case(&r, 20.0);
}

Test(stdp, general_exponents_asymmetry_and_time_constants)
{
    rule r = {16.8, 33.7, 0.1, 0.8, 0.4, 0.7, 2.0};
    run_case(&r, 1.0);
}

Test(stdp, additive_rule_clips_at_bounds)
{
    /* mu = 0: additive; big steps hit Wmax and 0 */
    rule hi = {20.0, 20.0, 0.9, 0.05, 0.0, 0.0, 3.0};
    run_case(&hi, 2.5);
    rule lo = {20.0, 20.0, 0.6, 3.0, 0.0, 0.0, 3.0};
    run_case(&lo, 0.5);
}

/* lambda = 0: bookkeeping only, the weight stays (up to w/Wmax*Wmax). */
Test(stdp, zero_lambda_keeps_weights)
{
    rule r = {20.0, 20.0, 0.0, 1.0, 1.0, 1.0, 100.0};
    harness hs;
    harness_init(&hs, &r, 1);
    uint32_t tgt[1] = {0};
    double w[1] = {20.68015524367846};
    ss_archive_add_incoming(&hs.a, 0);
    for (int64_t s = 0; s < 2000; s += 37) {
        cr_assert_eq(ss_archive_record(&hs.a, 0, s + 5), 0);
        double slot[1] = {0};
        deliver(&hs, s + 20, tgt, w, 1, slot);
        cr_assert_leq(fabs(w[0] - 20.68015524367846), 1e-14);
    }
    harness_free(&hs);
}

/* Pruning: over 10^4 post spikes with every synapse reading regularly, the
 * history never holds more than the unread entries plus two; a synapse that
 * stops reading makes it grow (entries are kept until read, as in NEST). */
Test(stdp, archive_stays_bounded)
{
    rule r = {20.0, 20.0, 0.01, 1.0, 1.0, 1.0, 100.0};
    harness hs;
    harness_init(&hs, &r, 2);
    uint32_t tgt[3] = {0, 0, 1};
    double w[3] = {1.0, 1.0, 1.0};
    for (size_t c = 0; c < 3; ++c)
        ss_archive_add_incoming(&hs.a, tgt[c]);
    ss_archive_add_incoming(&hs.a, 1); /* a second, silent reader of neuron 1 */
    int64_t t_post = 0;
    for (int64_t s = 0; s < 10000 * 50; s += 50) {
        /* post spikes every 50 steps for both neurons, pre spikes in between */
        t_post = s + 10;
        cr_assert_eq(ss_archive_record(&hs.a, 0, t_post), 0);
        cr_assert_eq(ss_archive_record(&hs.a, 1, t_post), 0);
        double slot[2] = {0};
        deliver(&hs, s + 40, tgt, w, 3, slot);
        /* reads reach t_pre - d = s + 26 >= t_post: all read by both synapses */
        cr_assert_leq(hs.a.n[0].len, 2u, "neuron 0 holds %u entries at step %lld",
                      hs.a.n[0].len, (long long)s);
    }
    cr_assert_leq(hs.a.max_len > 0 ? hs.a.n[0].cap : 0, 4u, "capacity %u", hs.a.n[0].cap);
    /* neuron 1 has an unread reader: all 10^4 entries kept */
    cr_assert_eq(hs.a.n[1].len, 10000u);
    cr_assert_eq(ss_archive_entries(&hs.a), hs.a.n[0].len + 10000u);
    cr_assert_geq(ss_archive_bytes(&hs.a), 10000u * sizeof(ss_post_spike));
    harness_free(&hs);
}

/* NEST's J_ex for brunel_aeif (reference/brunel_aeif-nest-3.9.md). */
Test(stdp, brunel_aeif_j_ex_equals_nest)
{
    double unit = ss_brunel_aeif_psp_norm(20.0, 250.0, 0.5);
    double j_ex = 0.1 / unit;
    cr_assert_leq(fabs(unit - 0.004835553641724627), 1e-12 * 0.004835553641724627, "%.17g", unit);
    cr_assert_leq(fabs(j_ex - 20.68015524367846), 1e-12 * 20.68015524367846, "%.17g", j_ex);
    double nu_th = 20.0 * 250.0 / (j_ex * 1000.0 * M_E * 20.0 * 0.5);
    double rate = 1000.0 * 2.0 * nu_th * 1000.0;
    cr_assert_leq(fabs(rate - 17789.007714721884), 1e-12 * rate, "%.17g", rate);
}
