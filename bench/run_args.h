/* bench/run_args.h — bench-run's command line.
 *
 * Options are parsed here; the settings themselves (--config FILE, --set
 * KEY=VALUE, --preset NAME, --threads N) are kept as an ordered list of
 * operations and applied, in command-line order, to the YAML configuration
 * module (bench/run/config.h), which validates every key and value. */
#ifndef SS_RUN_ARGS_H
#define SS_RUN_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "kernel.h"

typedef enum ss_cfg_op_kind {
    SS_OP_SET,      /* arg: "key=value" */
    SS_OP_CONFIG,   /* arg: YAML file */
    SS_OP_PRESET,   /* arg: preset name (network.preset) */
    SS_OP_THREADS   /* arg: thread count (simulation.threads) */
} ss_cfg_op_kind;

typedef struct ss_cfg_op {
    ss_cfg_op_kind kind;
    const char *arg;  /* points into argv */
} ss_cfg_op;

typedef struct ss_run_args {
    ss_cfg_op *ops;           /* owned */
    size_t n_ops;
    const char *spikes_file;  /* --spikes FILE */
    const char *out_file;     /* --out FILE (HDF5 run record) */
    const char *modules[8];   /* --module FILE (repeatable): model modules to dlopen */
    size_t n_modules;
    bool print_config;        /* --print-config */
    ss_wait_mode wait;        /* --wait */
    ss_bind_mode bind;        /* --bind */
    bool help;                /* --help: print usage, exit 0 */
    bool list;                /* --list: presets and models, exit 0 */
} ss_run_args;

/* Parses argv. 0 on success; -1 with a one-line message naming the argument. */
int ss_run_args_parse(int argc, char **argv, ss_run_args *a, ss_err *err);
void ss_run_args_free(ss_run_args *a);
/* The --help text. */
const char *ss_run_args_usage(void);

#endif
