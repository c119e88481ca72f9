/* bench/run/config.c — defaults, value ownership, set flags, comparison. */
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

static const char *const default_events[] = {"PAPI_TOT_INS", "PAPI_TOT_CYC", "PAPI_L1_DCM",
                                             "PAPI_L2_DCM", "PAPI_L3_TCM", "PAPI_BR_MSP"};

static int strlist_from(ss_strlist *l, const char *const *src, size_t n)
{
    l->items = calloc(n ? n : 1, sizeof(char *));
    l->n = 0;
    if (!l->items)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!(l->items[i] = strdup(src[i])))
            return -1;
        l->n = i + 1;
    }
    return 0;
}

static void strlist_free(ss_strlist *l)
{
    for (size_t i = 0; l->items && i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

int ss_config_init(ss_config *cfg)
{
    static const char *const v_m[] = {"V_m"};
    memset(cfg, 0, sizeof *cfg);
    cfg->network.preset = strdup("brunel_aeif");
    cfg->network.order = 500;
    cfg->network.neuron = strdup("");
    cfg->network.synapse_exc = strdup("");
    cfg->network.stdp_lambda = 0.0;
    cfg->simulation.t_sim_ms = 1000.0;
    cfg->simulation.t_presim_ms = 100.0;
    cfg->simulation.resolution_ms = 0.1;
    cfg->simulation.seed = 12345;
    cfg->simulation.record_spikes = false;
    cfg->simulation.threads = 1;
    cfg->recording.per_population = 0;
    cfg->recording.interval_ms = 1.0;
    cfg->solver.abs_tol = 1e-6;
    cfg->solver.rel_tol = 1e-6;
    int rc = 0;
    rc |= strlist_from(&cfg->recording.variables, v_m, 1);
    rc |= strlist_from(&cfg->counters.events, default_events,
                       sizeof default_events / sizeof default_events[0]);
    if (rc || !cfg->network.preset || !cfg->network.neuron || !cfg->network.synapse_exc) {
        ss_config_free(cfg);
        return -1;
    }
    return 0;
}

void ss_config_free(ss_config *cfg)
{
    free(cfg->network.preset);
    free(cfg->network.neuron);
    free(cfg->network.synapse_exc);
    free(cfg->recording.gids.items);
    strlist_free(&cfg->recording.variables);
    strlist_free(&cfg->counters.events);
    memset(cfg, 0, sizeof *cfg);
}

bool ss_config_is_set(const ss_config *cfg, ss_cfg_key key)
{
    return (unsigned)key < SS_CFG_N_KEYS && cfg->set[key];
}

const char *ss_config_key_name(ss_cfg_key key)
{
    const cfg_spec *s = cfg_spec_of(key);
    return s ? s->dotted : NULL;
}

/* ---- generic access to one key's value ---- */

void cfg_value_free(cfg_value *v)
{
    free(v->s);
    strlist_free(&v->sl);
    free(v->ul.items);
    memset(v, 0, sizeof *v);
}

/* Where each key lives in ss_config; one place so get/store stay in step. */
typedef struct slot {
    char **s;
    int64_t *i;
    uint64_t *u;
    double *f;
    bool *b;
    ss_strlist *sl;
    ss_u64list *ul;
} slot;

static slot slot_of(ss_config *c, ss_cfg_key key)
{
    slot z = {0};
    switch (key) {
    case SS_CFG_NETWORK_PRESET: z.s = &c->network.preset; break;
    case SS_CFG_NETWORK_ORDER: z.i = &c->network.order; break;
    case SS_CFG_NETWORK_NEURON: z.s = &c->network.neuron; break;
    case SS_CFG_NETWORK_SYNAPSE_EXC: z.s = &c->network.synapse_exc; break;
    case SS_CFG_NETWORK_STDP_LAMBDA: z.f = &c->network.stdp_lambda; break;
    case SS_CFG_SIM_T_SIM_MS: z.f = &c->simulation.t_sim_ms; break;
    case SS_CFG_SIM_T_PRESIM_MS: z.f = &c->simulation.t_presim_ms; break;
    case SS_CFG_SIM_RESOLUTION_MS: z.f = &c->simulation.resolution_ms; break;
    case SS_CFG_SIM_SEED: z.u = &c->simulation.seed; break;
    case SS_CFG_SIM_RECORD_SPIKES: z.b = &c->simulation.record_spikes; break;
    case SS_CFG_SIM_THREADS: z.i = &c->simulation.threads; break;
    case SS_CFG_REC_GIDS: z.ul = &c->recording.gids; break;
    case SS_CFG_REC_PER_POPULATION: z.i = &c->recording.per_population; break;
    case SS_CFG_REC_VARIABLES: z.sl = &c->recording.variables; break;
    case SS_CFG_REC_INTERVAL_MS: z.f = &c->recording.interval_ms; break;
    case SS_CFG_COUNTERS_EVENTS: z.sl = &c->counters.events; break;
    case SS_CFG_SOLVER_ABS_TOL: z.f = &c->solver.abs_tol; break;
    case SS_CFG_SOLVER_REL_TOL: z.f = &c->solver.rel_tol; break;
    case SS_CFG_N_KEYS: break;
    }
    return z;
}

int cfg_value_get(const ss_config *cfg, const cfg_spec *spec, cfg_value *out)
{
    slot z = slot_of((ss_config *)cfg, spec->key);
    memset(out, 0, sizeof *out);
    if (z.s)
        return (out->s = strdup(*z.s)) ? 0 : -1;
    if (z.i)
        out->i = *z.i;
    if (z.u)
        out->i = (int64_t)*z.u;
    if (z.f)
        out->f = *z.f;
    if (z.b)
        out->b = *z.b;
    if (z.sl)
        return strlist_from(&out->sl, (const char *const *)z.sl->items, z.sl->n);
    if (z.ul) {
        out->ul.items = malloc((z.ul->n ? z.ul->n : 1) * sizeof(uint64_t));
        if (!out->ul.items)
            return -1;
        if (z.ul->n)
            memcpy(out->ul.items, z.ul->items, z.ul->n * sizeof(uint64_t));
        out->ul.n = z.ul->n;
    }
    return 0;
}

void cfg_value_store(ss_config *cfg, const cfg_spec *spec, cfg_value *v)
{
    slot z = slot_of(cfg, spec->key);
    if (z.s) {
        free(*z.s);
        *z.s = v->s;
        v->s = NULL;
    }
    if (z.i)
        *z.i = v->i;
    if (z.u)
        *z.u = (uint64_t)v->i;
    if (z.f)
        *z.f = v->f;
    if (z.b)
        *z.b = v->b;
    if (z.sl) {
        strlist_free(z.sl);
        *z.sl = v->sl;
        v->sl = (ss_strlist){0};
    }
    if (z.ul) {
        free(z.ul->items);
        *z.ul = v->ul;
        v->ul = (ss_u64list){0};
    }
    cfg_value_free(v);
}

bool cfg_value_equal(const cfg_spec *spec, const cfg_value *a, const cfg_value *b)
{
    switch (spec->kind) {
    case CFG_NAME:
        return strcmp(a->s, b->s) == 0;
    case CFG_INT:
        return a->i == b->i;
    case CFG_F64:
        return a->f == b->f;
    case CFG_BOOL:
        return a->b == b->b;
    case CFG_NAMELIST:
        if (a->sl.n != b->sl.n)
            return false;
        for (size_t i = 0; i < a->sl.n; i++)
            if (strcmp(a->sl.items[i], b->sl.items[i]) != 0)
                return false;
        return true;
    case CFG_GIDLIST:
        return a->ul.n == b->ul.n &&
               (a->ul.n == 0 || memcmp(a->ul.items, b->ul.items, a->ul.n * sizeof(uint64_t)) == 0);
    }
    return false;
}

bool ss_config_equal(const ss_config *a, const ss_config *b)
{
    for (int k = 0; k < SS_CFG_N_KEYS; k++) {
        const cfg_spec *s = cfg_spec_of((ss_cfg_key)k);
        cfg_value va, vb;
        int rc = cfg_value_get(a, s, &va) | cfg_value_get(b, s, &vb);
        bool eq = rc == 0 && cfg_value_equal(s, &va, &vb);
        cfg_value_free(&va);
        cfg_value_free(&vb);
        if (!eq)
            return false;
    }
    return true;
}
