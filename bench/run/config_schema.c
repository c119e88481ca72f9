/* bench/run/config_schema.c — the key table and the parsing of one value.
 *
 * Parsing is deliberately stricter than YAML's core schema (and than
 * libcyaml): integers are plain decimal without leading zeros (so "010" can
 * never mean octal 8 to one parser and ten to another), numbers must be
 * finite decimal, and quoted scalars are strings, never numbers. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

#define NO_HI INFINITY

/* Ordered as ss_cfg_key; cfg_spec_of relies on it (checked by the tests
 * through ss_config_key_name round trips). */
static const cfg_spec specs[SS_CFG_N_KEYS] = {
    {SS_CFG_NETWORK_PRESET, "network", "preset", "network.preset", CFG_NAME, .allow_empty = false},
    {SS_CFG_NETWORK_ORDER, "network", "order", "network.order", CFG_INT, .ilo = 1, .ihi = 100000000},
    {SS_CFG_NETWORK_NEURON, "network", "neuron", "network.neuron", CFG_NAME, .allow_empty = true},
    {SS_CFG_NETWORK_SYNAPSE_EXC, "network", "synapse_exc", "network.synapse_exc", CFG_NAME, .allow_empty = true},
    {SS_CFG_NETWORK_STDP_LAMBDA, "network", "stdp_lambda", "network.stdp_lambda", CFG_F64, .flo = 0, .fhi = 1},
    {SS_CFG_SIM_T_SIM_MS, "simulation", "t_sim_ms", "simulation.t_sim_ms", CFG_F64, .flo = 0, .flo_open = true, .fhi = NO_HI},
    {SS_CFG_SIM_T_PRESIM_MS, "simulation", "t_presim_ms", "simulation.t_presim_ms", CFG_F64, .flo = 0, .fhi = NO_HI},
    {SS_CFG_SIM_RESOLUTION_MS, "simulation", "resolution_ms", "simulation.resolution_ms", CFG_F64, .flo = 0, .flo_open = true, .fhi = 100},
    {SS_CFG_SIM_SEED, "simulation", "seed", "simulation.seed", CFG_INT, .ilo = 0, .ihi = INT64_MAX},
    {SS_CFG_SIM_RECORD_SPIKES, "simulation", "record_spikes", "simulation.record_spikes", CFG_BOOL, .ilo = 0},
    {SS_CFG_SIM_THREADS, "simulation", "threads", "simulation.threads", CFG_INT, .ilo = 1, .ihi = 1024},
    {SS_CFG_REC_GIDS, "recording", "gids", "recording.gids", CFG_GIDLIST, .ilo = 0},
    {SS_CFG_REC_PER_POPULATION, "recording", "per_population", "recording.per_population", CFG_INT, .ilo = 0, .ihi = 1000000000},
    {SS_CFG_REC_VARIABLES, "recording", "variables", "recording.variables", CFG_NAMELIST, .event_names = false},
    {SS_CFG_REC_INTERVAL_MS, "recording", "interval_ms", "recording.interval_ms", CFG_F64, .flo = 0, .flo_open = true, .fhi = NO_HI},
    {SS_CFG_COUNTERS_EVENTS, "counters", "events", "counters.events", CFG_NAMELIST, .event_names = true},
    {SS_CFG_SOLVER_ABS_TOL, "solver", "abs_tol", "solver.abs_tol", CFG_F64, .flo = 0, .flo_open = true, .fhi = 1, .fhi_open = true},
    {SS_CFG_SOLVER_REL_TOL, "solver", "rel_tol", "solver.rel_tol", CFG_F64, .flo = 0, .flo_open = true, .fhi = 1, .fhi_open = true},
};

const char *const cfg_sections[] = {"network", "simulation", "recording", "counters", "solver", NULL};

const cfg_spec *cfg_spec_of(ss_cfg_key key)
{
    return (unsigned)key < SS_CFG_N_KEYS ? &specs[key] : NULL;
}

const cfg_spec *cfg_spec_find(const char *section, const char *name)
{
    for (size_t k = 0; k < SS_CFG_N_KEYS; k++)
        if (strcmp(specs[k].section, section) == 0 && strcmp(specs[k].name, name) == 0)
            return &specs[k];
    return NULL;
}

const cfg_spec *cfg_spec_find_dotted(const char *dotted)
{
    for (size_t k = 0; k < SS_CFG_N_KEYS; k++)
        if (strcmp(specs[k].dotted, dotted) == 0)
            return &specs[k];
    return NULL;
}

void cfg_known_keys(const char *section, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < SS_CFG_N_KEYS && used < n; k++) {
        if (strcmp(specs[k].section, section) != 0)
            continue;
        int w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "", specs[k].name);
        if (w < 0)
            return;
        used += (size_t)w;
    }
}

/* ---- what a key expects, for messages ---- */

static void describe(const cfg_spec *s, char *buf, size_t n)
{
    switch (s->kind) {
    case CFG_NAME:
        snprintf(buf, n, s->allow_empty ? "a model name ([A-Za-z_][A-Za-z0-9_]*) or \"\""
                                        : "a name ([A-Za-z_][A-Za-z0-9_]*)");
        return;
    case CFG_INT:
        if (s->ihi == INT64_MAX)
            snprintf(buf, n, "an integer >= %lld", (long long)s->ilo);
        else
            snprintf(buf, n, "an integer in [%lld, %lld]", (long long)s->ilo, (long long)s->ihi);
        return;
    case CFG_F64:
        if (isinf(s->fhi))
            snprintf(buf, n, "a number %s %g", s->flo_open ? ">" : ">=", s->flo);
        else
            snprintf(buf, n, "a number in %c%g, %g%c", s->flo_open ? '(' : '[', s->flo, s->fhi,
                     s->fhi_open ? ')' : ']');
        return;
    case CFG_BOOL:
        snprintf(buf, n, "true or false");
        return;
    case CFG_NAMELIST:
        snprintf(buf, n, s->event_names ? "a list of event names, e.g. [PAPI_TOT_INS, PAPI_TOT_CYC]"
                                        : "a list of names, e.g. [V_m, w]");
        return;
    case CFG_GIDLIST:
        snprintf(buf, n, "a list of neuron ids >= 1, e.g. [1, 2, 3]");
        return;
    }
}

/* "got ..." text for a node. Scalars are shown quoted, as written. */
static void got_text(yaml_node_t *node, char *buf, size_t n)
{
    if (node == NULL) {
        snprintf(buf, n, "nothing");
    } else if (node->type == YAML_MAPPING_NODE) {
        snprintf(buf, n, "a mapping");
    } else if (node->type == YAML_SEQUENCE_NODE) {
        snprintf(buf, n, "a list");
    } else if (node->data.scalar.length == 0 && node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        snprintf(buf, n, "nothing");
    } else {
        snprintf(buf, n, "\"%.*s\"", (int)(node->data.scalar.length > 80 ? 80 : node->data.scalar.length),
                 (const char *)node->data.scalar.value);
    }
}

static int expected(const cfg_spec *s, yaml_node_t *node, char *why, size_t n)
{
    char want[160], got[100];
    describe(s, want, sizeof want);
    got_text(node, got, sizeof got);
    snprintf(why, n, "expected %s, got %s", want, got);
    return -1;
}

/* ---- scalar grammars ---- */

static bool is_plain(yaml_node_t *node)
{
    return node && node->type == YAML_SCALAR_NODE && node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

static const char *text_of(yaml_node_t *node) { return (const char *)node->data.scalar.value; }

static bool name_ok(const char *t, bool event)
{
    if (!(isalpha((unsigned char)t[0]) || t[0] == '_'))
        return false;
    for (const char *p = t; *p; p++) {
        bool ok = isalnum((unsigned char)*p) || *p == '_' ||
                  (event && (*p == ':' || *p == '.' || *p == '-' || *p == '='));
        if (!ok)
            return false;
    }
    return true;
}

static bool parse_int(const char *t, int64_t *out)
{
    const char *d = (*t == '-' || *t == '+') ? t + 1 : t;
    if (!isdigit((unsigned char)d[0]) || (d[0] == '0' && d[1] != '\0'))
        return false;
    for (const char *p = d; *p; p++)
        if (!isdigit((unsigned char)*p))
            return false;
    errno = 0;
    long long v = strtoll(t, NULL, 10);
    if (errno == ERANGE)
        return false;
    *out = v;
    return true;
}

/* Decimal numbers only: [+-]digits[.digits][e[+-]digits]; no hex, inf, nan. */
static bool parse_f64(const char *t, double *out)
{
    const char *p = (*t == '-' || *t == '+') ? t + 1 : t;
    size_t digits = 0;
    while (isdigit((unsigned char)*p)) { p++; digits++; }
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p)) { p++; digits++; }
    }
    if (digits == 0)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p != '\0')
        return false;
    double v = strtod(t, NULL);
    if (!isfinite(v))
        return false;
    *out = v;
    return true;
}

static bool parse_bool(const char *t, bool *out)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "on", "On", NULL};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "off", "Off", NULL};
    for (size_t i = 0; yes[i]; i++)
        if (strcmp(t, yes[i]) == 0) { *out = true; return true; }
    for (size_t i = 0; no[i]; i++)
        if (strcmp(t, no[i]) == 0) { *out = false; return true; }
    return false;
}

static bool f64_in_range(const cfg_spec *s, double v)
{
    if (s->flo_open ? !(v > s->flo) : !(v >= s->flo))
        return false;
    if (s->fhi_open ? !(v < s->fhi) : !(v <= s->fhi))
        return false;
    return true;
}

/* ---- lists ---- */

static int parse_namelist(const cfg_spec *s, yaml_document_t *doc, yaml_node_t *node,
                          cfg_value *out, char *why, size_t n, unsigned long *line)
{
    if (!node || node->type != YAML_SEQUENCE_NODE)
        return expected(s, node, why, n);
    size_t count = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    out->sl.items = calloc(count ? count : 1, sizeof(char *));
    if (!out->sl.items)
        return snprintf(why, n, "out of memory"), -1;
    for (size_t i = 0; i < count; i++) {
        yaml_node_t *item = yaml_document_get_node(doc, node->data.sequence.items.start[i]);
        if (!item || item->type != YAML_SCALAR_NODE || !name_ok(text_of(item), s->event_names)) {
            *line = item ? (unsigned long)item->start_mark.line + 1 : *line;
            return expected(s, item, why, n);
        }
        out->sl.items[i] = strdup(text_of(item));
        if (!out->sl.items[i])
            return snprintf(why, n, "out of memory"), -1;
        out->sl.n = i + 1;
    }
    return 0;
}

static int parse_gidlist(const cfg_spec *s, yaml_document_t *doc, yaml_node_t *node,
                         cfg_value *out, char *why, size_t n, unsigned long *line)
{
    if (!node || node->type != YAML_SEQUENCE_NODE)
        return expected(s, node, why, n);
    size_t count = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    out->ul.items = calloc(count ? count : 1, sizeof(uint64_t));
    if (!out->ul.items)
        return snprintf(why, n, "out of memory"), -1;
    for (size_t i = 0; i < count; i++) {
        yaml_node_t *item = yaml_document_get_node(doc, node->data.sequence.items.start[i]);
        int64_t v;
        if (!is_plain(item) || !parse_int(text_of(item), &v) || v < 1) {
            *line = item ? (unsigned long)item->start_mark.line + 1 : *line;
            return expected(s, item, why, n);
        }
        out->ul.items[i] = (uint64_t)v;
        out->ul.n = i + 1;
    }
    return 0;
}

int cfg_parse_node(const cfg_spec *s, yaml_document_t *doc, yaml_node_t *node,
                   cfg_value *out, char *why, size_t n, unsigned long *line)
{
    memset(out, 0, sizeof *out);
    if (node)
        *line = (unsigned long)node->start_mark.line + 1;
    switch (s->kind) {
    case CFG_NAMELIST:
        return parse_namelist(s, doc, node, out, why, n, line);
    case CFG_GIDLIST:
        return parse_gidlist(s, doc, node, out, why, n, line);
    case CFG_NAME:
        if (!node || node->type != YAML_SCALAR_NODE)
            return expected(s, node, why, n);
        if (!(name_ok(text_of(node), false) ||
              (s->allow_empty && node->data.scalar.length == 0 && !is_plain(node))))
            return expected(s, node, why, n);
        out->s = strdup(text_of(node));
        return out->s ? 0 : (snprintf(why, n, "out of memory"), -1);
    case CFG_INT:
        if (!is_plain(node) || !parse_int(text_of(node), &out->i) || out->i < s->ilo || out->i > s->ihi)
            return expected(s, node, why, n);
        return 0;
    case CFG_F64:
        if (!is_plain(node) || !parse_f64(text_of(node), &out->f) || !f64_in_range(s, out->f))
            return expected(s, node, why, n);
        return 0;
    case CFG_BOOL:
        if (!is_plain(node) || !parse_bool(text_of(node), &out->b))
            return expected(s, node, why, n);
        return 0;
    }
    return expected(s, node, why, n);
}
