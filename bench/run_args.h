/* bench/run_args.h — bench-run's command line (options and --set keys).
 *
 * Kept apart from main so the YAML configuration module (bench/run/config.h)
 * can take over the settings later: the --set keys are exactly the config keys
 * (network.preset, network.order, network.neuron, network.synapse_exc,
 * network.stdp_lambda, simulation.t_sim_ms, simulation.t_presim_ms,
 * simulation.resolution_ms, simulation.seed, simulation.record_spikes,
 * simulation.threads). Every setting knows whether it was given, so the
 * preset fills its own defaults for the others. */
#ifndef SS_RUN_ARGS_H
#define SS_RUN_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "kernel.h"

typedef struct ss_opt_num {
    bool set;
    double v;
} ss_opt_num;

typedef struct ss_run_settings {
    const char *preset;       /* NULL: not given */
    ss_opt_num order;         /* integer >= 1 */
    const char *neuron;       /* NULL: preset default */
    const char *synapse_exc;
    ss_opt_num stdp_lambda;   /* >= 0 */
    ss_opt_num t_sim_ms;      /* > 0 */
    ss_opt_num t_presim_ms;   /* >= 0 */
    ss_opt_num resolution_ms; /* > 0 */
    bool seed_set;
    uint64_t seed;
    bool record_spikes_set;
    bool record_spikes;
    ss_opt_num threads;       /* integer >= 1 */
} ss_run_settings;

typedef struct ss_run_args {
    ss_run_settings s;
    const char *spikes_file;  /* --spikes FILE, NULL if not given */
    ss_wait_mode wait;        /* --wait */
    ss_bind_mode bind;        /* --bind */
    bool help;                /* --help: print usage, exit 0 */
    bool list;                /* --list: presets and models, exit 0 */
} ss_run_args;

/* Parses argv. 0 on success; -1 with a one-line message naming the argument. */
int ss_run_args_parse(int argc, char **argv, ss_run_args *a, ss_err *err);
/* Applies one "key=value" (as from --set) with validation. */
int ss_run_settings_set(ss_run_settings *s, const char *assignment, ss_err *err);
/* The --help text. */
const char *ss_run_args_usage(void);

#endif
