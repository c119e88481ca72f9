/* bench/bench_run.c — bench-run: one simulation run on all ranks.
 * Parses the command line, builds the preset's network, presimulates,
 * simulates, and prints the summary; --spikes writes the spike file. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "presets/preset.h"
#include "registry.h"
#include "run_args.h"
#include "spike_file.h"
#include "spike_stats.h"
#include "summary.h"
#include "timers.h"

#define EXIT_USAGE 2

typedef struct run_ctx {
    int rank;
    ss_run_args args;
    ss_registry reg;
    const ss_preset *preset;
    ss_preset_params p;
    ss_spike_file sf;
    ss_kernel *k;
    ss_network net;
} run_ctx;

static void report(const run_ctx *c, const ss_err *err)
{
    if (c->rank == 0 || strstr(err->msg, "another rank") == NULL)
        fprintf(stderr, "bench-run: error: %s\n", err->msg);
}

/* Preset defaults overlaid with what the user set. */
static void resolve(run_ctx *c)
{
    const ss_run_settings *s = &c->args.s;
    c->p = c->preset->defaults;
    if (s->order.set) c->p.order = (uint64_t)s->order.v;
    if (s->neuron) c->p.neuron = s->neuron;
    if (s->synapse_exc) c->p.synapse_exc = s->synapse_exc;
    if (s->stdp_lambda.set) c->p.stdp_lambda = s->stdp_lambda.v;
    if (s->t_sim_ms.set) c->p.t_sim_ms = s->t_sim_ms.v;
    if (s->t_presim_ms.set) c->p.t_presim_ms = s->t_presim_ms.v;
    if (s->resolution_ms.set) c->p.resolution_ms = s->resolution_ms.v;
    if (s->seed_set) c->p.seed = s->seed;
    if (s->record_spikes_set) c->p.record_spikes = s->record_spikes;
    if (s->threads.set) c->p.threads = (int)s->threads.v;
}

static void list_all(const run_ctx *c)
{
    printf("presets:\n");
    for (const ss_preset *const *p = ss_preset_all(); *p; ++p)
        printf("  %-20s %s\n", (*p)->name, (*p)->summary);
    printf("models:\n");
    static const char *const kinds[] = {"neuron", "synapse", "generator", "recorder"};
    for (size_t i = 0; i < c->reg.n; ++i)
        printf("  %-24s %s\n", ss_registry_entry_name(&c->reg.entries[i]),
               kinds[c->reg.entries[i].kind]);
}

/* Everything that can be decided before MPI work starts; usage errors. */
static int configure(run_ctx *c, int argc, char **argv, ss_err *err)
{
    if (ss_run_args_parse(argc, argv, &c->args, err) != 0)
        return -1;
    if (c->args.help || c->args.list)
        return 0;
    const char *name = c->args.s.preset ? c->args.s.preset : "brunel_iaf";
    c->preset = ss_preset_find(name);
    if (!c->preset)
        return ss_fail(err, "--preset: unknown preset '%s' (see --list)", name);
    resolve(c);
    if (c->args.spikes_file && !c->p.record_spikes)
        return ss_fail(err, "--spikes needs simulation.record_spikes=true");
    return c->preset->check(&c->p, &c->reg, err);
}

static int agree(int failed)
{
    int any = 0;
    MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return any;
}

static int simulate_and_report(run_ctx *c, ss_err *err)
{
    ss_summary sum = {.preset = c->preset->name, .p = &c->p, .net = &c->net};
    double t0 = ss_wall_now();
    if (c->preset->build(c->k, &c->reg, &c->p, &c->net, err) != 0)
        return -1;
    sum.t_build = ss_wall_now() - t0;
    t0 = ss_wall_now();
    if (c->p.t_presim_ms > 0 && ss_kernel_simulate(c->k, c->p.t_presim_ms, err) != 0)
        return -1;
    sum.t_presim = ss_wall_now() - t0;
    t0 = ss_wall_now();
    if (ss_kernel_simulate(c->k, c->p.t_sim_ms, err) != 0)
        return -1;
    sum.t_sim = ss_wall_now() - t0;
    ss_run_results r;
    ss_spike_list sl;
    if (ss_kernel_results(c->k, &r, err) != 0)
        return -1;
    if (ss_kernel_spikes(c->k, &sl, err) != 0) {
        ss_run_results_free(&r);
        return -1;
    }
    int rc = 0;
    if (c->rank == 0) {
        sum.r = &r;
        rc = ss_pop_stats_compute(&sl, c->net.exc.first, c->net.exc.n, c->p.t_presim_ms, c->p.t_sim_ms, &sum.exc) |
             ss_pop_stats_compute(&sl, c->net.inh.first, c->net.inh.n, c->p.t_presim_ms, c->p.t_sim_ms, &sum.inh);
        if (rc != 0)
            ss_fail(err, "out of memory computing statistics");
        else if (c->sf.f)
            rc = ss_spike_file_commit(&c->sf, &sl, c->p.t_presim_ms, err);
        if (rc == 0)
            ss_summary_print(stdout, &sum);
    }
    ss_spike_list_free(&sl);
    ss_run_results_free(&r);
    return rc;
}

static int run(run_ctx *c, int argc, char **argv, int provided)
{
    ss_err err = {{0}};
    ss_registry_init(&c->reg);
    if (ss_builtin_register(&c->reg, &err) != 0) {
        report(c, &err);
        return 1;
    }
    if (configure(c, argc, argv, &err) != 0) {
        report(c, &err);
        return EXIT_USAGE;
    }
    if (c->args.help || c->args.list) {
        if (c->rank == 0)
            c->args.help ? fputs(ss_run_args_usage(), stdout) : list_all(c);
        return 0;
    }
    if (provided < MPI_THREAD_FUNNELED) {
        ss_fail(&err, "MPI does not provide MPI_THREAD_FUNNELED");
        report(c, &err);
        return 1;
    }
    int bad = c->rank == 0 && c->args.spikes_file &&
              ss_spike_file_open(&c->sf, c->args.spikes_file, &err) != 0;
    if (agree(bad)) {
        if (bad)
            report(c, &err);
        return EXIT_USAGE;
    }
    ss_kernel_config kc = {.comm = MPI_COMM_WORLD, .n_threads = c->p.threads,
                           .h_ms = c->p.resolution_ms, .seed = c->p.seed,
                           .wait = c->args.wait, .bind = c->args.bind};
    int rc = ss_kernel_create(&kc, &c->k, &err);
    if (rc == 0 && c->rank == 0 && ss_kernel_oversubscribed(c->k) && !getenv("OMP_WAIT_POLICY"))
        fprintf(stderr, "bench-run: warning: ranks x threads exceed the cores; export "
                        "OMP_WAIT_POLICY=passive for oversubscribed runs\n");
    if (rc == 0)
        rc = simulate_and_report(c, &err);
    if (rc != 0) {
        report(c, &err);
        ss_spike_file_abort(&c->sf);
    }
    return rc != 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    run_ctx c;
    memset(&c, 0, sizeof c);
    MPI_Comm_rank(MPI_COMM_WORLD, &c.rank);
    int status = run(&c, argc, argv, provided);
    ss_kernel_destroy(c.k);
    ss_registry_free(&c.reg);
    fflush(stdout);
    MPI_Finalize();
    return status;
}
