/* stdp_synapse_nestml (generated from models_nestml/stdp_synapse.nestml
 * with the pairings of models.yaml) vs the built-in stdp_synapse under
 * prescribed pre- and postsynaptic spike trains: weights and delivered
 * values equal to 1e-12 (relative, +1e-12 floor) after every presynaptic
 * spike, for multiplicative and additive rules, several delays, and a
 * span of connections sharing one source. Also: static_synapse_nestml
 * delivers the weight unchanged and stores nothing per source; the paired
 * neurons carry the moved post-trace time constant. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "registry.h"
#include "synapse.h"

extern const ss_synapse_model ss_model_stdp_synapse;
const ss_registry_entry *ss_nestml_models(size_t *n);

static const void *generated(const char *name, ss_model_kind kind)
{
    size_t n = 0;
    const ss_registry_entry *e = ss_nestml_models(&n);
    for (size_t k = 0; k < n; k++)
        if (e[k].kind == kind && !strcmp(ss_registry_entry_name(&e[k]), name))
            return e[k].model;
    cr_assert_fail("generated model %s not registered", name);
    return NULL;
}

typedef struct side {
    const ss_synapse_model *m;
    double common[64];
    double presyn[16];
    ss_post_archive a;
    double w[3];
    double slot[3];
} side;

static void setup_side(side *s, const ss_synapse_model *m, const char *const (*par)[3], int np,
                       int col, double h, double tau_minus)
{
    ss_err err = {{0}};
    s->m = m;
    cr_assert(m->common_size <= sizeof s->common && m->presyn_size <= sizeof s->presyn);
    m->init_common(s->common);
    for (int k = 0; k < np; k++)
        cr_assert_eq(m->set_param(s->common, par[k][col], atof(par[k][2]), &err), 0, "%s", err.msg);
    cr_assert_eq(m->calibrate(s->common, h, &err), 0, "%s", err.msg);
    if (m->init_presyn)
        m->init_presyn(s->common, s->presyn);
    cr_assert_eq(ss_archive_init(&s->a, 3, &err), 0);
    for (uint32_t l = 0; l < 3; l++) {
        ss_archive_add_incoming(&s->a, l);
        ss_archive_set_tau(&s->a, l, tau_minus, h);
    }
    for (int j = 0; j < 3; j++)
        s->w[j] = 1.0 + 10.0 * j;
}

/* pre spikes every `pre_every` steps with jitter, post spikes of each
 * target at its own period; lambda large enough to move weights. */
static void run_pair(const char *const (*par)[3], int np, int64_t delay, double h)
{
    side b, g;
    setup_side(&b, &ss_model_stdp_synapse, par, np, 0, h, 20.0);
    setup_side(&g, generated("stdp_synapse_nestml", SS_KIND_SYNAPSE), par, np, 1, h, 20.0);
    uint32_t targets[3] = {ss_syn_pack(0, 0), ss_syn_pack(1, 0), ss_syn_pack(2, 0)};
    long pres = 0;
    for (int64_t s = 0; s < 20000; s++) {
        for (uint32_t l = 0; l < 3; l++)
            if ((s + 7 * l) % (97 + 31 * l) == 0 || (s % 1013) == 400 + l) {
                cr_assert_eq(ss_archive_record(&b.a, l, s + 1), 0);
                cr_assert_eq(ss_archive_record(&g.a, l, s + 1), 0);
            }
        if (s % 113 == 5 || s % 431 == 17) {
            side *sides[2] = {&b, &g};
            for (int k = 0; k < 2; k++) {
                side *x = sides[k];
                memset(x->slot, 0, sizeof x->slot);
                double *slots[1] = {x->slot};
                ss_syn_context ctx = {.slot = slots, .spike_step = s, .t_spike_ms = (s + 1) * h,
                                      .delay_ms = delay * h, .delay_steps = delay, .h_ms = h,
                                      .archive = &x->a};
                ss_syn_span span = {targets, x->w, 3};
                x->m->deliver(x->common, x->presyn, span, &ctx);
            }
            pres++;
            for (int j = 0; j < 3; j++) {
                cr_assert(fabs(b.w[j] - g.w[j]) <= 1e-12 * fmax(fabs(b.w[j]), fabs(g.w[j])) + 1e-12,
                          "step %ld connection %d: stdp_synapse w = %.17g, stdp_synapse_nestml w = %.17g",
                          (long)s, j, b.w[j], g.w[j]);
                cr_assert(fabs(b.slot[j] - g.slot[j]) <= 1e-12 * fabs(b.slot[j]) + 1e-12);
            }
        }
    }
    /* the generated handler drives the archive as the built-in does: the
     * same entries, each read by the same number of connections (one
     * history query per connection and spike), hence the same pruning */
    for (uint32_t l = 0; l < 3; l++) {
        const ss_post_history *hb = &b.a.n[l], *hg = &g.a.n[l];
        cr_assert_eq(hg->len, hb->len, "target %u: %u archived spikes, built-in %u", l, hg->len, hb->len);
        for (uint32_t q = 0; q < hb->len; q++) {
            const ss_post_spike *eb = &hb->e[hb->head + q], *eg = &hg->e[hg->head + q];
            cr_assert(eg->t == eb->t && eg->reads == eb->reads && eg->kminus == eb->kminus,
                      "target %u entry %u: t %lld reads %u, built-in t %lld reads %u", l, q,
                      (long long)eg->t, eg->reads, (long long)eb->t, eb->reads);
        }
    }
    cr_expect_gt(pres, 100);
    /* the weights did move: the comparison tested the rule */
    cr_expect(fabs(b.w[0] - 1.0) > 1e-3 || fabs(b.w[2] - 21.0) > 1e-3, "w %g %g", b.w[0], b.w[2]);
    ss_archive_free(&b.a);
    ss_archive_free(&g.a);
}

/* {built-in name, NESTML name, value} */
static const char *const mult[][3] = {{"lambda", "lambda", "0.05"}, {"tau_plus", "tau_tr_pre", "16.8"},
                                      {"alpha", "alpha", "1.2"}, {"Wmax", "Wmax", "50"}};
static const char *const add[][3] = {{"lambda", "lambda", "0.02"}, {"mu_plus", "mu_plus", "0"},
                                     {"mu_minus", "mu_minus", "0"}, {"Wmax", "Wmax", "30"}};

/* exponents other than 1 and 0: the generated nm_pow falls back to pow() */
static const char *const general[][3] = {{"lambda", "lambda", "0.03"}, {"mu_plus", "mu_plus", "0.4"},
                                         {"mu_minus", "mu_minus", "0.7"}, {"alpha", "alpha", "0.9"},
                                         {"Wmax", "Wmax", "40"}};

Test(codegen_stdp, general_exponents_delay_7)
{
    run_pair(general, 5, 7, 0.1);
}

Test(codegen_stdp, multiplicative_delay_15)
{
    run_pair(mult, 4, 15, 0.1);
}

Test(codegen_stdp, additive_delay_1)
{
    run_pair(add, 4, 1, 0.1);
}

Test(codegen_stdp, defaults_delay_150_fine_resolution)
{
    run_pair(NULL, 0, 150, 0.01);
}

Test(codegen_stdp, static_and_pairing)
{
    const ss_synapse_model *s = generated("static_synapse_nestml", SS_KIND_SYNAPSE);
    cr_expect_eq(s->presyn_size, 0u, "a static synapse stores nothing per source");
    cr_expect(!s->needs_archive);
    double common[16];
    s->init_common(common);
    double slot[2] = {0}, *slots[1] = {slot}, w[2] = {2.5, -4.0};
    uint32_t tg[2] = {ss_syn_pack(0, 0), ss_syn_pack(1, 0)};
    ss_syn_context ctx = {.slot = slots, .spike_step = 3, .delay_steps = 2, .h_ms = 0.1};
    s->deliver(common, NULL, (ss_syn_span){tg, w, 2}, &ctx);
    cr_expect_eq(slot[0], 2.5);
    cr_expect_eq(slot[1], -4.0);
    const ss_synapse_model *p = generated("stdp_synapse_nestml", SS_KIND_SYNAPSE);
    cr_expect(p->needs_archive);
    ss_err err;
    double v;
    cr_expect_neq(p->get_param(common, "tau_tr_post", &v, &err), 0,
                  "tau_tr_post moved into the paired neurons");
    const ss_neuron_model *n = generated("aeif_psc_alpha_nestml", SS_KIND_NEURON);
    cr_assert_not_null(n->post_trace_tau);
    cr_expect_str_eq(n->post_trace_tau, "tau_tr_post");
}
