/* bench/run_args.c — parsing and validating bench-run's command line. */
#include "run_args.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: mpiexec -n R bench-run [options]\n"
    "Runs one network simulation on all ranks and prints a summary.\n"
    "\n"
    "options:\n"
    "  --preset NAME         network preset (default brunel_iaf; see --list)\n"
    "  --set KEY=VALUE       override a setting (repeatable); keys:\n"
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
    "  --threads N           same as --set simulation.threads=N\n"
    "  --spikes FILE         write all spikes after the presimulation as text\n"
    "                        'gid time_ms', sorted by time then gid (rank 0,\n"
    "                        written to a temporary file and renamed)\n"
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

/* Whole-string number; no trailing junk, no NaN. */
static int parse_num(const char *key, const char *v, double *out, ss_err *err)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (*v == '\0' || *end != '\0' || errno == ERANGE || isnan(d))
        return ss_fail(err, "%s: expected a number, got '%s'", key, v);
    *out = d;
    return 0;
}

static int num_in(const char *key, const char *v, ss_opt_num *o, double lo, bool lo_open,
                  bool integer, double hi, ss_err *err)
{
    double d = 0.0;
    if (parse_num(key, v, &d, err) != 0)
        return -1;
    bool ok = (lo_open ? d > lo : d >= lo) && d <= hi && isfinite(d);
    if (integer && d != floor(d))
        return ss_fail(err, "%s: expected an integer, got '%s'", key, v);
    if (!ok)
        return ss_fail(err, "%s: '%s' is out of range (must be %s %g%s)", key, v,
                       lo_open ? ">" : ">=", lo, integer ? ", integer" : "");
    o->set = true;
    o->v = d;
    return 0;
}

static int parse_bool(const char *key, const char *v, bool *out, ss_err *err)
{
    if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "on"))
        *out = true;
    else if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "no") || !strcmp(v, "off"))
        *out = false;
    else
        return ss_fail(err, "%s: expected true or false, got '%s'", key, v);
    return 0;
}

static int parse_seed(const char *key, const char *v, uint64_t *out, ss_err *err)
{
    char *end;
    errno = 0;
    if (*v == '\0' || *v == '-' || *v == '+')
        return ss_fail(err, "%s: expected an integer 0 .. 2^63-1, got '%s'", key, v);
    unsigned long long x = strtoull(v, &end, 10);
    if (*end != '\0' || errno == ERANGE || x > (unsigned long long)INT64_MAX)
        return ss_fail(err, "%s: expected an integer 0 .. 2^63-1, got '%s'", key, v);
    *out = x;
    return 0;
}

static int name_value(const char *key, const char *v, const char **out, ss_err *err)
{
    if (*v == '\0')
        return ss_fail(err, "%s: expected a name, got ''", key);
    *out = v;
    return 0;
}

int ss_run_settings_set(ss_run_settings *s, const char *as, ss_err *err)
{
    const char *eq = strchr(as, '=');
    if (!eq)
        return ss_fail(err, "--set %s: expected KEY=VALUE", as);
    char key[64];
    size_t kl = (size_t)(eq - as);
    if (kl == 0 || kl >= sizeof key)
        return ss_fail(err, "--set %s: unknown key", as);
    memcpy(key, as, kl);
    key[kl] = '\0';
    const char *v = eq + 1;
    ss_err e;
    int rc;
    if (!strcmp(key, "network.preset"))
        rc = name_value(key, v, &s->preset, &e);
    else if (!strcmp(key, "network.order"))
        rc = num_in(key, v, &s->order, 1, false, true, 1e9, &e);
    else if (!strcmp(key, "network.neuron"))
        rc = name_value(key, v, &s->neuron, &e);
    else if (!strcmp(key, "network.synapse_exc"))
        rc = name_value(key, v, &s->synapse_exc, &e);
    else if (!strcmp(key, "network.stdp_lambda"))
        rc = num_in(key, v, &s->stdp_lambda, 0, false, false, INFINITY, &e);
    else if (!strcmp(key, "simulation.t_sim_ms"))
        rc = num_in(key, v, &s->t_sim_ms, 0, true, false, 1e12, &e);
    else if (!strcmp(key, "simulation.t_presim_ms"))
        rc = num_in(key, v, &s->t_presim_ms, 0, false, false, 1e12, &e);
    else if (!strcmp(key, "simulation.resolution_ms"))
        rc = num_in(key, v, &s->resolution_ms, 0, true, false, 1e6, &e);
    else if (!strcmp(key, "simulation.seed")) {
        rc = parse_seed(key, v, &s->seed, &e);
        s->seed_set = rc == 0;
    } else if (!strcmp(key, "simulation.record_spikes")) {
        rc = parse_bool(key, v, &s->record_spikes, &e);
        s->record_spikes_set = rc == 0;
    } else if (!strcmp(key, "simulation.threads"))
        rc = num_in(key, v, &s->threads, 1, false, true, 4096, &e);
    else
        return ss_fail(err, "--set %s: unknown key '%s'", as, key);
    if (rc != 0)
        return ss_fail(err, "--set %s: %s", as, e.msg);
    return 0;
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
    if (!is_opt(arg, "--preset") && !is_opt(arg, "--set") && !is_opt(arg, "--threads") &&
        !is_opt(arg, "--spikes") && !is_opt(arg, "--wait") && !is_opt(arg, "--bind"))
        return ss_fail(err, "unknown option '%s' (see --help)", arg);
    const char *opt = is_opt(arg, "--preset") ? "--preset" : is_opt(arg, "--set") ? "--set"
                    : is_opt(arg, "--threads") ? "--threads" : is_opt(arg, "--spikes") ? "--spikes"
                    : is_opt(arg, "--wait") ? "--wait" : "--bind";
    if (!(v = opt_value(argc, argv, i, opt, err)))
        return -1;
    if (!strcmp(opt, "--preset")) {
        if (*v == '\0')
            return ss_fail(err, "--preset: expected a name, got ''");
        a->s.preset = v;
        return 0;
    }
    if (!strcmp(opt, "--set"))
        return ss_run_settings_set(&a->s, v, err);
    if (!strcmp(opt, "--threads")) {
        ss_err e;
        if (num_in("--threads", v, &a->s.threads, 1, false, true, 4096, &e) != 0)
            return ss_fail(err, "%s", e.msg);
        return 0;
    }
    if (!strcmp(opt, "--spikes")) {
        if (*v == '\0')
            return ss_fail(err, "--spikes: expected a file name, got ''");
        a->spikes_file = v;
        return 0;
    }
    int m;
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
    for (int i = 1; i < argc; ++i)
        if (parse_one(argc, argv, &i, a, err) != 0)
            return -1;
    return 0;
}
