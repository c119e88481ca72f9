#include "run_settings.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int apply_op(ss_config *cfg, const ss_cfg_op *op, ss_err *err)
{
    char buf[1024];
    switch (op->kind) {
    case SS_OP_CONFIG:
        return ss_config_load_file(cfg, op->arg, err);
    case SS_OP_SET:
        return ss_config_set(cfg, op->arg, err);
    case SS_OP_PRESET:
        snprintf(buf, sizeof buf, "network.preset=%s", op->arg);
        break;
    case SS_OP_THREADS:
        snprintf(buf, sizeof buf, "simulation.threads=%s", op->arg);
        break;
    }
    ss_err e;
    if (ss_config_set(cfg, buf, &e) != 0)
        return ss_fail(err, "%s %s: %s", op->kind == SS_OP_PRESET ? "--preset" : "--threads",
                       op->arg, e.msg);
    return 0;
}

/* Writes a preset default into an unset key (stays marked unset). */
static int fill(ss_config *cfg, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fill(ss_config *cfg, const char *key, const char *fmt, ...)
{
    char val[256], as[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(val, sizeof val, fmt, ap);
    va_end(ap);
    snprintf(as, sizeof as, "%s=%s", key, val);
    ss_err e;
    return ss_config_default(cfg, as, &e);
}

static int fill_defaults(ss_config *cfg, const ss_preset_params *d, ss_err *err)
{
    int rc = fill(cfg, "network.order", "%llu", (unsigned long long)d->order);
    rc |= fill(cfg, "network.neuron", "%s", d->neuron);
    rc |= fill(cfg, "network.synapse_exc", "%s", d->synapse_exc);
    rc |= fill(cfg, "network.stdp_lambda", "%.17g", d->stdp_lambda);
    rc |= fill(cfg, "simulation.t_sim_ms", "%.17g", d->t_sim_ms);
    rc |= fill(cfg, "simulation.t_presim_ms", "%.17g", d->t_presim_ms);
    rc |= fill(cfg, "simulation.resolution_ms", "%.17g", d->resolution_ms);
    rc |= fill(cfg, "simulation.seed", "%llu", (unsigned long long)d->seed);
    rc |= fill(cfg, "simulation.record_spikes", "%s", d->record_spikes ? "true" : "false");
    rc |= fill(cfg, "simulation.threads", "%d", d->threads);
    return rc ? ss_fail(err, "internal error: cannot apply the preset's defaults") : 0;
}

int ss_run_settings_resolve(const ss_run_args *a, const ss_registry *reg, ss_config *cfg,
                            const ss_preset **preset, ss_preset_params *p, ss_err *err)
{
    for (size_t i = 0; i < a->n_ops; ++i)
        if (apply_op(cfg, &a->ops[i], err) != 0)
            return -1;
    const char *name = ss_config_is_set(cfg, SS_CFG_NETWORK_PRESET) ? cfg->network.preset : "brunel_iaf";
    *preset = ss_preset_find(name);
    if (!*preset)
        return ss_fail(err, "network.preset: unknown preset '%s' (see --list)", name);
    if (!ss_config_is_set(cfg, SS_CFG_NETWORK_PRESET))
        fill(cfg, "network.preset", "%s", name);
    /* Keys the user left unset take the preset's defaults. */
    if (fill_defaults(cfg, &(*preset)->defaults, err) != 0)
        return -1;
    p->order = (uint64_t)cfg->network.order;
    p->neuron = cfg->network.neuron[0] ? cfg->network.neuron : (*preset)->defaults.neuron;
    p->synapse_exc = cfg->network.synapse_exc[0] ? cfg->network.synapse_exc
                                                 : (*preset)->defaults.synapse_exc;
    p->stdp_lambda = cfg->network.stdp_lambda;
    p->t_sim_ms = cfg->simulation.t_sim_ms;
    p->t_presim_ms = cfg->simulation.t_presim_ms;
    p->resolution_ms = cfg->simulation.resolution_ms;
    p->seed = cfg->simulation.seed;
    p->record_spikes = cfg->simulation.record_spikes;
    p->threads = (int)cfg->simulation.threads;
    if (p->order < 1)
        return ss_fail(err, "network.order: must be >= 1, got %llu", (unsigned long long)p->order);
    if (!(p->t_sim_ms > 0))
        return ss_fail(err, "simulation.t_sim_ms: must be > 0, got %g", p->t_sim_ms);
    return (*preset)->check(p, reg, err);
}
