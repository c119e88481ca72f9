/* bench/run/config_cyaml.c — loading a validated file with libcyaml.
 *
 * Every field is an optional pointer so that "absent" stays visible. The
 * values libcyaml loads are the ones applied; they are compared with the
 * validator's parse of the same text, so the two parsers can never silently
 * disagree about what a file means. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cyaml/cyaml.h>

#include "config_internal.h"

typedef struct raw_network {
    char *preset;
    int64_t *order;
    char *neuron;
    char *synapse_exc;
    double *stdp_lambda;
} raw_network;

typedef struct raw_simulation {
    double *t_sim_ms;
    double *t_presim_ms;
    double *resolution_ms;
    int64_t *seed;
    bool *record_spikes;
    int64_t *threads;
} raw_simulation;

typedef struct raw_recording {
    int64_t *gids;
    unsigned gids_count;
    int64_t *per_population;
    char **variables;
    unsigned variables_count;
    double *interval_ms;
} raw_recording;

typedef struct raw_counters {
    char **events;
    unsigned events_count;
} raw_counters;

typedef struct raw_solver {
    double *abs_tol;
    double *rel_tol;
} raw_solver;

typedef struct raw_config {
    raw_network *network;
    raw_simulation *simulation;
    raw_recording *recording;
    raw_counters *counters;
    raw_solver *solver;
} raw_config;

#define OPT CYAML_FLAG_OPTIONAL
#define OPTP (CYAML_FLAG_OPTIONAL | CYAML_FLAG_POINTER)

static const cyaml_schema_value_t string_entry = {
    CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 0, CYAML_UNLIMITED),
};
static const cyaml_schema_value_t int_entry = {
    CYAML_VALUE_INT(CYAML_FLAG_DEFAULT, int64_t),
};

static const cyaml_schema_field_t network_fields[] = {
    CYAML_FIELD_STRING_PTR("preset", OPTP, raw_network, preset, 0, CYAML_UNLIMITED),
    CYAML_FIELD_INT_PTR("order", OPT, raw_network, order),
    CYAML_FIELD_STRING_PTR("neuron", OPTP, raw_network, neuron, 0, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("synapse_exc", OPTP, raw_network, synapse_exc, 0, CYAML_UNLIMITED),
    CYAML_FIELD_FLOAT_PTR("stdp_lambda", OPT, raw_network, stdp_lambda),
    CYAML_FIELD_END,
};
static const cyaml_schema_field_t simulation_fields[] = {
    CYAML_FIELD_FLOAT_PTR("t_sim_ms", OPT, raw_simulation, t_sim_ms),
    CYAML_FIELD_FLOAT_PTR("t_presim_ms", OPT, raw_simulation, t_presim_ms),
    CYAML_FIELD_FLOAT_PTR("resolution_ms", OPT, raw_simulation, resolution_ms),
    CYAML_FIELD_INT_PTR("seed", OPT, raw_simulation, seed),
    CYAML_FIELD_BOOL_PTR("record_spikes", OPT, raw_simulation, record_spikes),
    CYAML_FIELD_INT_PTR("threads", OPT, raw_simulation, threads),
    CYAML_FIELD_END,
};
static const cyaml_schema_field_t recording_fields[] = {
    CYAML_FIELD_SEQUENCE("gids", OPTP, raw_recording, gids, &int_entry, 0, CYAML_UNLIMITED),
    CYAML_FIELD_INT_PTR("per_population", OPT, raw_recording, per_population),
    CYAML_FIELD_SEQUENCE("variables", OPTP, raw_recording, variables, &string_entry, 0, CYAML_UNLIMITED),
    CYAML_FIELD_FLOAT_PTR("interval_ms", OPT, raw_recording, interval_ms),
    CYAML_FIELD_END,
};
static const cyaml_schema_field_t counters_fields[] = {
    CYAML_FIELD_SEQUENCE("events", OPTP, raw_counters, events, &string_entry, 0, CYAML_UNLIMITED),
    CYAML_FIELD_END,
};
static const cyaml_schema_field_t solver_fields[] = {
    CYAML_FIELD_FLOAT_PTR("abs_tol", OPT, raw_solver, abs_tol),
    CYAML_FIELD_FLOAT_PTR("rel_tol", OPT, raw_solver, rel_tol),
    CYAML_FIELD_END,
};
static const cyaml_schema_field_t top_fields[] = {
    CYAML_FIELD_MAPPING_PTR("network", OPTP, raw_config, network, network_fields),
    CYAML_FIELD_MAPPING_PTR("simulation", OPTP, raw_config, simulation, simulation_fields),
    CYAML_FIELD_MAPPING_PTR("recording", OPTP, raw_config, recording, recording_fields),
    CYAML_FIELD_MAPPING_PTR("counters", OPTP, raw_config, counters, counters_fields),
    CYAML_FIELD_MAPPING_PTR("solver", OPTP, raw_config, solver, solver_fields),
    CYAML_FIELD_END,
};
static const cyaml_schema_value_t top_schema = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, raw_config, top_fields),
};

/* libcyaml logs through this; the first error line is kept for the message. */
typedef struct log_buf {
    char text[200];
} log_buf;

static void capture_log(cyaml_log_t level, void *ctx, const char *fmt, va_list args)
{
    log_buf *lb = ctx;
    if (level < CYAML_LOG_ERROR || lb->text[0] != '\0')
        return;
    vsnprintf(lb->text, sizeof lb->text, fmt, args);
    size_t n = strlen(lb->text);
    while (n && (lb->text[n - 1] == '\n' || lb->text[n - 1] == ' '))
        lb->text[--n] = '\0';
}

/* ---- libcyaml result -> cfg_value ---- */

static int dup_str(cfg_value *v, const char *s) { return (v->s = strdup(s ? s : "")) ? 0 : -1; }

static int dup_list(cfg_value *v, char **items, unsigned n)
{
    v->sl.items = calloc(n ? n : 1, sizeof(char *));
    if (!v->sl.items)
        return -1;
    for (unsigned i = 0; i < n; i++) {
        if (!(v->sl.items[i] = strdup(items[i])))
            return -1;
        v->sl.n = i + 1;
    }
    return 0;
}

static int dup_gids(cfg_value *v, const int64_t *items, unsigned n)
{
    v->ul.items = calloc(n ? n : 1, sizeof(uint64_t));
    if (!v->ul.items)
        return -1;
    for (unsigned i = 0; i < n; i++)
        v->ul.items[i] = (uint64_t)items[i];
    v->ul.n = n;
    return 0;
}

/* Fills v from raw for `key`; returns 1 if libcyaml has no value for it. */
static int from_raw(const raw_config *r, ss_cfg_key key, cfg_value *v)
{
    const raw_network *n = r->network;
    const raw_simulation *s = r->simulation;
    const raw_recording *c = r->recording;
#define NUM(sec, field, dst) \
    do { if (!(sec) || !(sec)->field) return 1; v->dst = *(sec)->field; return 0; } while (0)
    switch (key) {
    case SS_CFG_NETWORK_PRESET: return n && n->preset ? dup_str(v, n->preset) : 1;
    case SS_CFG_NETWORK_ORDER: NUM(n, order, i);
    case SS_CFG_NETWORK_NEURON: return n && n->neuron ? dup_str(v, n->neuron) : 1;
    case SS_CFG_NETWORK_SYNAPSE_EXC: return n && n->synapse_exc ? dup_str(v, n->synapse_exc) : 1;
    case SS_CFG_NETWORK_STDP_LAMBDA: NUM(n, stdp_lambda, f);
    case SS_CFG_SIM_T_SIM_MS: NUM(s, t_sim_ms, f);
    case SS_CFG_SIM_T_PRESIM_MS: NUM(s, t_presim_ms, f);
    case SS_CFG_SIM_RESOLUTION_MS: NUM(s, resolution_ms, f);
    case SS_CFG_SIM_SEED: NUM(s, seed, i);
    case SS_CFG_SIM_RECORD_SPIKES: NUM(s, record_spikes, b);
    case SS_CFG_SIM_THREADS: NUM(s, threads, i);
    case SS_CFG_REC_GIDS: return c ? dup_gids(v, c->gids, c->gids_count) : 1;
    case SS_CFG_REC_PER_POPULATION: NUM(c, per_population, i);
    case SS_CFG_REC_VARIABLES: return c ? dup_list(v, c->variables, c->variables_count) : 1;
    case SS_CFG_REC_INTERVAL_MS: NUM(c, interval_ms, f);
    case SS_CFG_COUNTERS_EVENTS:
        return r->counters ? dup_list(v, r->counters->events, r->counters->events_count) : 1;
    case SS_CFG_SOLVER_ABS_TOL: NUM(r->solver, abs_tol, f);
    case SS_CFG_SOLVER_REL_TOL: NUM(r->solver, rel_tol, f);
    case SS_CFG_N_KEYS: break;
    }
#undef NUM
    return 1;
}

static int take_values(const raw_config *raw, const char *origin, cfg_item *items, size_t n, ss_err *err)
{
    for (size_t i = 0; i < n; i++) {
        cfg_value v = {0};
        int rc = from_raw(raw, items[i].spec->key, &v);
        if (rc != 0 || !cfg_value_equal(items[i].spec, &v, &items[i].v)) {
            cfg_value_free(&v);
            return ss_fail(err, "%s:%lu: %s: %s", origin, items[i].line, items[i].spec->dotted,
                           rc < 0 ? "out of memory"
                                  : "libcyaml reads this value differently from the validator "
                                    "(please report); write it in plain decimal form");
        }
        cfg_value_free(&items[i].v);
        items[i].v = v;
    }
    return 0;
}

int cfg_cyaml_load(const char *text, size_t len, const char *origin, cfg_item *items,
                   size_t n_items, ss_err *err)
{
    log_buf lb = {{0}};
    const cyaml_config_t config = {
        .log_fn = capture_log,
        .log_ctx = &lb,
        .mem_fn = cyaml_mem,
        .log_level = CYAML_LOG_ERROR,
        .flags = CYAML_CFG_DEFAULT,
    };
    raw_config *raw = NULL;
    cyaml_err_t e = cyaml_load_data((const uint8_t *)text, len, &config, &top_schema,
                                    (cyaml_data_t **)&raw, NULL);
    if (e != CYAML_OK)
        return ss_fail(err, "%s: libcyaml: %s%s%s", origin, cyaml_strerror(e),
                       lb.text[0] ? ": " : "", lb.text);
    int rc = take_values(raw, origin, items, n_items, err);
    cyaml_free(&config, &top_schema, raw, 0);
    return rc;
}
