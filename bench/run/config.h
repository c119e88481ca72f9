/* bench/run/config.h — the run configuration (YAML, schema-checked).
 *
 * A configuration starts from generic defaults (ss_config_init), then a YAML
 * file (ss_config_load_file) and `--set key=value` overrides (ss_config_set)
 * are applied in command-line order. Every key remembers whether the user set
 * it, so a network preset can afterwards fill its own defaults for the keys
 * that are still unset (ss_config_default, or direct writes guarded by
 * ss_config_is_set).
 *
 * Errors name where the bad value came from and which key:
 *   bench/configs/x.yaml:7: simulation.t_sim_ms: expected a number > 0, got "abc"
 *   --set simulation.threads=0: simulation.threads: expected an integer in [1, 1024], got 0
 * Callers exit with status 2 on any error from this module (a config error).
 *
 * The file is parsed twice from one buffer: a libyaml pass that validates every
 * key with its line number, then libcyaml loads it into C values (libcyaml's
 * own messages carry no positions). The key reference is docs/config.md. */
#ifndef SS_CONFIG_H
#define SS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

/* One id per configuration key, in the order --print-config prints them. */
typedef enum ss_cfg_key {
    SS_CFG_NETWORK_PRESET,
    SS_CFG_NETWORK_ORDER,
    SS_CFG_NETWORK_NEURON,
    SS_CFG_NETWORK_SYNAPSE_EXC,
    SS_CFG_NETWORK_STDP_LAMBDA,
    SS_CFG_SIM_T_SIM_MS,
    SS_CFG_SIM_T_PRESIM_MS,
    SS_CFG_SIM_RESOLUTION_MS,
    SS_CFG_SIM_SEED,
    SS_CFG_SIM_RECORD_SPIKES,
    SS_CFG_SIM_THREADS,
    SS_CFG_REC_GIDS,
    SS_CFG_REC_PER_POPULATION,
    SS_CFG_REC_VARIABLES,
    SS_CFG_REC_INTERVAL_MS,
    SS_CFG_COUNTERS_EVENTS,
    SS_CFG_SOLVER_ABS_TOL,
    SS_CFG_SOLVER_REL_TOL,
    SS_CFG_N_KEYS
} ss_cfg_key;

typedef struct ss_strlist {
    char **items;   /* owned, each malloc'd */
    size_t n;
} ss_strlist;

typedef struct ss_u64list {
    uint64_t *items;  /* owned */
    size_t n;
} ss_u64list;

typedef struct ss_config {
    struct {
        char *preset;        /* e.g. "brunel_aeif"; the engine checks the name */
        int64_t order;       /* K: NE = 4K, NI = K */
        char *neuron;        /* registry name, "" = the preset's choice */
        char *synapse_exc;   /* registry name, "" = the preset's choice */
        double stdp_lambda;
    } network;
    struct {
        double t_sim_ms;
        double t_presim_ms;
        double resolution_ms;
        uint64_t seed;       /* 0 .. 2^63-1 (stored as int64 in the record) */
        bool record_spikes;
        int64_t threads;     /* OpenMP threads per rank */
    } simulation;
    struct {                 /* multimeter; off when no neuron is chosen */
        ss_u64list gids;     /* explicit neuron gids (1-based) ... */
        int64_t per_population; /* ... or the first N neurons of each population */
        ss_strlist variables;   /* e.g. V_m, w */
        double interval_ms;
    } recording;
    struct {
        ss_strlist events;   /* PAPI event names */
    } counters;
    struct {
        double abs_tol;
        double rel_tol;
    } solver;
    bool set[SS_CFG_N_KEYS]; /* set[k]: key k was given by a file or --set */
} ss_config;

/* Generic defaults (docs/config.md), nothing marked as set. Never fails
 * except on out-of-memory (returns -1). */
int ss_config_init(ss_config *cfg);
void ss_config_free(ss_config *cfg);

/* Applies the YAML file at `path` on top of cfg; keys present become set.
 * On error cfg is unchanged. */
int ss_config_load_file(ss_config *cfg, const char *path, ss_err *err);

/* Same, from a buffer; `origin` names it in messages (a file name). */
int ss_config_load_buffer(ss_config *cfg, const char *text, size_t len,
                          const char *origin, ss_err *err);

/* Applies one `--set` argument "key=value" (value is YAML: 500, true,
 * [V_m, w], "text"); the key becomes set. On error cfg is unchanged. */
int ss_config_set(ss_config *cfg, const char *assignment, ss_err *err);

/* For presets: applies "key=value" only if the key is still unset, and leaves
 * it marked unset (it is a default, not the user's choice). */
int ss_config_default(ss_config *cfg, const char *assignment, ss_err *err);

bool ss_config_is_set(const ss_config *cfg, ss_cfg_key key);
/* "simulation.t_sim_ms" etc.; NULL for an invalid id. */
const char *ss_config_key_name(ss_cfg_key key);

/* The effective configuration as YAML (every key), loadable by
 * ss_config_load_buffer to an equal configuration. Returns a malloc'd string
 * or NULL on out-of-memory. */
char *ss_config_to_yaml(const ss_config *cfg);
/* --print-config: writes ss_config_to_yaml to out; 0 or -1. */
int ss_config_print(const ss_config *cfg, FILE *out);

/* True when every value is equal (set flags are not compared). */
bool ss_config_equal(const ss_config *a, const ss_config *b);

#endif
