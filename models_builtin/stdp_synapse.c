/* models_builtin/stdp_synapse.c — pair-based STDP with all-to-all pairing
 * (NEST's stdp_synapse; facts in NESTML-CODEGEN.md §6.2, docs/stdp.md).
 *
 * Stored once per synapse type: tau_plus, lambda, alpha, mu_plus, mu_minus,
 * Wmax. Per connection: the weight only. Per (thread, source): the presynaptic
 * trace Kplus and the time of the source's last spike — they depend only on
 * the source's spikes, so all its connections on a thread share them.
 * tau_minus belongs to the postsynaptic neuron (its post_trace_tau); the post
 * spikes and the post trace come from the archive (engine/archive.h).
 *
 * A presynaptic spike at t (all of the delay d is dendritic):
 *   1. facilitate for every post spike t_post in (t_last − d, t − d] with
 *      Kplus · exp((t_last − (t_post + d)) / tau_plus);
 *   2. depress with the post trace at t − d (post spikes strictly before);
 *   3. send the new weight;
 *   4. Kplus <- Kplus · exp((t_last − t) / tau_plus) + 1, t_last <- t.
 * facilitate: n = w/Wmax + lambda (1 − w/Wmax)^mu_plus K;  w = n < 1 ? n Wmax : Wmax
 * depress:    n = w/Wmax − alpha lambda (w/Wmax)^mu_minus K;  w = n > 0 ? n Wmax : 0
 * With lambda = 0 the weight does not change (up to w/Wmax·Wmax rounding, as
 * in NEST): the bookkeeping of the poster's benchmark. */
#include <math.h>
#include <string.h>

#include "archive.h"
#include "synapse.h"

typedef struct stdp_common {
    double tau_plus, lambda, alpha, mu_plus, mu_minus, Wmax;
    double h_over_tau_plus;  /* derived at calibrate */
} stdp_common;

typedef struct stdp_presyn {
    double kplus;
    int64_t t_last;  /* steps; 0 before the first spike (NEST: t_lastspike = 0) */
} stdp_presyn;

static const ss_var_info stdp_params[] = {
    {"tau_plus", "ms", SS_VAR_PARAMETER, 20.0},
    {"lambda", "1", SS_VAR_PARAMETER, 0.01},
    {"alpha", "1", SS_VAR_PARAMETER, 1.0},
    {"mu_plus", "1", SS_VAR_PARAMETER, 1.0},
    {"mu_minus", "1", SS_VAR_PARAMETER, 1.0},
    {"Wmax", "1", SS_VAR_PARAMETER, 100.0},
};
#define N_PARAMS (sizeof stdp_params / sizeof stdp_params[0])

static double *field(stdp_common *c, const char *name)
{
    double *f[N_PARAMS] = {&c->tau_plus, &c->lambda, &c->alpha, &c->mu_plus, &c->mu_minus, &c->Wmax};
    for (size_t i = 0; i < N_PARAMS; ++i)
        if (strcmp(stdp_params[i].name, name) == 0)
            return f[i];
    return NULL;
}

static void stdp_init_common(void *common)
{
    stdp_common *c = common;
    for (size_t i = 0; i < N_PARAMS; ++i)
        *field(c, stdp_params[i].name) = stdp_params[i].default_value;
    c->h_over_tau_plus = 0.0;
}

static int stdp_set_param(void *common, const char *name, double value, ss_err *err)
{
    double *f = field(common, name);
    if (!f)
        return ss_fail(err, "stdp_synapse has no parameter '%s' (tau_plus, lambda, alpha, mu_plus, mu_minus, Wmax)",
                       name);
    if (!isfinite(value))
        return ss_fail(err, "stdp_synapse: %s must be finite (got %g)", name, value);
    *f = value;
    return 0;
}

static int stdp_get_param(const void *common, const char *name, double *value, ss_err *err)
{
    double *f = field((stdp_common *)common, name);
    if (!f)
        return ss_fail(err, "stdp_synapse has no parameter '%s'", name);
    *value = *f;
    return 0;
}

static int stdp_calibrate(void *common, double h, ss_err *err)
{
    stdp_common *c = common;
    if (!(c->tau_plus > 0))
        return ss_fail(err, "stdp_synapse: tau_plus must be > 0 ms (got %g)", c->tau_plus);
    if (c->Wmax == 0)
        return ss_fail(err, "stdp_synapse: Wmax must not be 0");
    c->h_over_tau_plus = h / c->tau_plus;
    return 0;
}

static void stdp_init_presyn(const void *common, void *presyn)
{
    (void)common;
    *(stdp_presyn *)presyn = (stdp_presyn){.kplus = 0.0, .t_last = 0};
}

/* x^mu; the defaults mu = 1 (multiplicative) and mu = 0 (additive) exactly,
 * without pow. */
static inline double power(double x, double mu)
{
    return mu == 1.0 ? x : mu == 0.0 ? 1.0 : pow(x, mu);
}

static inline double facilitate(const stdp_common *c, double w, double k)
{
    double n = w / c->Wmax + c->lambda * power(1.0 - w / c->Wmax, c->mu_plus) * k;
    return n < 1.0 ? n * c->Wmax : c->Wmax;
}

static inline double depress(const stdp_common *c, double w, double k)
{
    double n = w / c->Wmax - c->alpha * c->lambda * power(w / c->Wmax, c->mu_minus) * k;
    return n > 0.0 ? n * c->Wmax : 0.0;
}

static void stdp_deliver(const void *common, void *presyn, ss_syn_span span,
                         const ss_syn_context *ctx)
{
    const stdp_common *c = common;
    stdp_presyn *pre = presyn;
    ss_post_archive *a = ctx->archive;
    int64_t t = ctx->spike_step + 1, d = ctx->delay_steps, t_last = pre->t_last;
    double kplus = pre->kplus;
    /* exp((t_last − x)·h/tau_plus) as a table lookup, same bits (archive.h) */
    const ss_decay dk = ss_archive_decay(a, -c->h_over_tau_plus);
    for (size_t j = 0; j < span.n; ++j) {
        ss_syn_prefetch_plastic(a, span, j, ctx->slot);
        uint32_t tgt = span.target[j], local = tgt & SS_SYN_TARGET_MASK;
        double w = span.weight[j];
        const ss_post_spike *e;
        size_t n = ss_archive_history(a, local, t_last - d, t - d, &e);
        for (size_t i = 0; i < n; ++i)
            w = facilitate(c, w, kplus * ss_decay_at(&dk, e[i].t + d - t_last));
        w = depress(c, w, ss_archive_trace(a, local, t - d));
        span.weight[j] = w;
        ctx->slot[tgt >> SS_SYN_TARGET_BITS][local] += w;
    }
    pre->kplus = kplus * ss_decay_at(&dk, t - t_last) + 1.0;
    pre->t_last = t;
}

const ss_synapse_model ss_model_stdp_synapse = {
    .abi_version = SS_MODEL_ABI_VERSION,
    .name = "stdp_synapse",
    .summary = "pair-based STDP, all-to-all (NEST's stdp_synapse; tau_minus on the neuron)",
    .provenance = NULL,
    .n_params = N_PARAMS,
    .params = stdp_params,
    .common_size = sizeof(stdp_common),
    .presyn_size = sizeof(stdp_presyn),
    .needs_archive = true,
    .init_common = stdp_init_common,
    .set_param = stdp_set_param,
    .get_param = stdp_get_param,
    .calibrate = stdp_calibrate,
    .init_presyn = stdp_init_presyn,
    .deliver = stdp_deliver,
};
