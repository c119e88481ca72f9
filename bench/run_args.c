/* bench/run_args.c — parsing and validating bench-run's command line. */
#include "run_args.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: mpiexec -n R bench-run [options]\n"
    "Runs one network simulation on all ranks and prints a summary.\n"
    "\n"
    "options:\n"
    "  --preset NAME         network preset (default brunel_iaf; see --list);\n"
    "                        same as --set network.preset=NAME\n"
    "  --config FILE         YAML configuration (docs/config.md)\n"
    "  --set KEY=VALUE       override a setting (repeatable; --config and --set\n"
    "                        apply in command-line order); main keys:\n"
    "      network.preset          same as --preset\n"
    "      network.order           integer >= 1: NE = 4*order, NI = order\n"
    "      network.neuron          neuron model name (registry)\n"
    "      network.synapse_exc     synapse model of excitatory connections\n"
    "      network.stdp_lambda     STDP learning rate, >= 0 (presets with STDP)\n"
    "      simulation.t_sim_ms     simulated time after the presimulation, > 0\n"
    "      simulation.t_presim_ms  presimulation excluded from statistics, >= 0\n"
    "      simulation.resolution_ms  time step, > 0\n"
    "      simulation.seed         integer 0 .. 2^63-1\n"
    "      simulation.record_spikes  true|false (spike recording for --spikes)\n"
    "      simulation.threads      OpenMP threads per rank, >= 1\n"
    "      (also recording.*, counters.events, solver.*: see docs/config.md)\n"
    "  --threads N           same as --set simulation.threads=N\n"
    "  --spikes FILE         write all spikes after the presimulation as text\n"
    "                        'gid time_ms', sorted by time then gid (rank 0,\n"
    "                        written to a temporary file and renamed)\n"
    "  --out FILE            write the HDF5 run record (docs/run-record.md);\n"
    "                        its directory is checked before simulating\n"
    "  --module FILE         load the models of a module built by\n"
    "                        'nestmlc build' (repeatable; docs/codegen.md)\n"
    "  --print-config        print the effective configuration as YAML\n"
    "  --wait auto|spin|polite  MPI waiting: polite = non-blocking collectives\n"
    "                        with back-off (default auto: polite when ranks x\n"
    "                        threads on a host exceed its cores)\n"
    "  --bind auto|yes|no    bind threads to cores with hwloc (auto: unless\n"
    "                        oversubscribed; a launcher's binding is respected)\n"
    "  --list                list presets and registered models, then exit\n"
    "  --help                this text\n"
    "\n"
    "Exit status: 0 success, 1 run failure, 2 usage or configuration error.\n"
    "Oversubscribed runs should export OMP_WAIT_POLICY=passive.\n";

const char *ss_run_args_usage(void)
{
    return usage;
}

/* Value of an option given as "--opt VALUE" or "--opt=VALUE". */
static const char *opt_value(int argc, char **argv, int *i, const char *opt, ss_err *err)
{
    size_t n = strlen(opt);
    if (strncmp(argv[*i], opt, n) == 0 && argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (*i + 1 >= argc || strncmp(argv[*i + 1], "--", 2) == 0) {
        ss_fail(err, "%s: missing value", opt);
        return NULL;
    }
    return argv[++*i];
}

static bool is_opt(const char *arg, const char *opt)
{
    size_t n = strlen(opt);
    return strncmp(arg, opt, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static int parse_mode(const char *opt, const char *v, const char *const names[3], int *out,
                      ss_err *err)
{
    for (int m = 0; m < 3; ++m)
        if (!strcmp(v, names[m])) {
            *out = m;
            return 0;
        }
    return ss_fail(err, "%s: expected %s, %s or %s, got '%s'", opt, names[0], names[1], names[2], v);
}

static void add_op(ss_run_args *a, ss_cfg_op_kind kind, const char *arg)
{
    a->ops[a->n_ops].kind = kind;
    a->ops[a->n_ops].arg = arg;
    a->n_ops++;
}

static const char *const value_opts[] = {"--preset", "--set", "--config", "--threads",
                                         "--spikes", "--out", "--wait", "--bind", "--module",
                                         NULL};

static int parse_one(int argc, char **argv, int *i, ss_run_args *a, ss_err *err)
{
    const char *arg = argv[*i], *v;
    static const char *const waits[3] = {"auto", "spin", "polite"};
    static const char *const binds[3] = {"auto", "no", "yes"};
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
        a->help = true;
        return 0;
    }
    if (!strcmp(arg, "--list")) {
        a->list = true;
        return 0;
    }
    if (!strcmp(arg, "--print-config")) {
        a->print_config = true;
        return 0;
    }
    const char *opt = NULL;
    for (size_t k = 0; value_opts[k] && !opt; ++k)
        if (is_opt(arg, value_opts[k]))
            opt = value_opts[k];
    if (!opt)
        return ss_fail(err, "unknown option '%s' (see --help)", arg);
    if (!(v = opt_value(argc, argv, i, opt, err)))
        return -1;
    if (*v == '\0')
        return ss_fail(err, "%s: empty value", opt);
    if (!strcmp(opt, "--preset") || !strcmp(opt, "--set") || !strcmp(opt, "--config") ||
        !strcmp(opt, "--threads")) {
        add_op(a, !strcmp(opt, "--preset") ? SS_OP_PRESET : !strcmp(opt, "--set") ? SS_OP_SET
                  : !strcmp(opt, "--config") ? SS_OP_CONFIG : SS_OP_THREADS, v);
        return 0;
    }
    if (!strcmp(opt, "--module")) {
        if (a->n_modules == sizeof a->modules / sizeof a->modules[0])
            return ss_fail(err, "--module %s: at most %zu modules", v,
                           sizeof a->modules / sizeof a->modules[0]);
        a->modules[a->n_modules++] = v;
        return 0;
    }
    if (!strcmp(opt, "--spikes") || !strcmp(opt, "--out")) {
        *(!strcmp(opt, "--spikes") ? &a->spikes_file : &a->out_file) = v;
        return 0;
    }
    int m = 0; /* set by parse_mode on success; initialised for -O3 flow analysis */
    if (!strcmp(opt, "--wait")) {
        if (parse_mode(opt, v, waits, &m, err) != 0)
            return -1;
        a->wait = m == 0 ? SS_WAIT_AUTO : m == 1 ? SS_WAIT_SPIN : SS_WAIT_POLITE;
        return 0;
    }
    if (parse_mode(opt, v, binds, &m, err) != 0)
        return -1;
    a->bind = m == 0 ? SS_BIND_AUTO : m == 1 ? SS_BIND_NO : SS_BIND_YES;
    return 0;
}

int ss_run_args_parse(int argc, char **argv, ss_run_args *a, ss_err *err)
{
    memset(a, 0, sizeof *a);
    a->wait = SS_WAIT_AUTO;
    a->bind = SS_BIND_AUTO;
    a->ops = malloc((size_t)(argc > 0 ? argc : 1) * sizeof *a->ops);
    if (!a->ops)
        return ss_fail(err, "out of memory");
    for (int i = 1; i < argc; ++i)
        if (parse_one(argc, argv, &i, a, err) != 0)
            return -1;
    return 0;
}

void ss_run_args_free(ss_run_args *a)
{
    free(a->ops);
    a->ops = NULL;
    a->n_ops = 0;
}
