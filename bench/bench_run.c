/* bench/bench_run.c — bench-run: one simulation run on all ranks.
 * Reads the settings (command line + YAML), builds the preset's network,
 * presimulates, simulates, prints the summary and writes the spike file
 * (--spikes) and the HDF5 run record (--out), both atomically. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "counters_gather.h"
#include "counters_hooks.h"
#include "kernel.h"
#include "nestml_models.h"
#include "presets/preset.h"
#include "provenance.h"
#include "record.h"
#include "registry.h"
#include "run_args.h"
#include "run_multimeter.h"
#include "run_record_out.h"
#include "run_settings.h"
#include "spike_file.h"
#include "spike_stats.h"
#include "summary.h"
#include "timers.h"

#define EXIT_USAGE 2

extern char **environ;

typedef struct run_ctx {
    int rank, argc;
    char **argv;
    ss_run_args args;
    ss_registry reg;
    ss_config cfg;
    const ss_preset *preset;
    ss_preset_params p;
    ss_spike_file sf;
    ss_kernel *k;
    ss_network net;
    ss_provenance prov;
    bool have_prov;
    ss_counters *ctr;
    void *modules[8];  /* --module handles, closed after everything else */
} run_ctx;

static void report(const run_ctx *c, const ss_err *err)
{
    if (c->rank == 0 || strstr(err->msg, "another rank") == NULL)
        fprintf(stderr, "bench-run: error: %s\n", err->msg);
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

/* Everything decided before any MPI work: usage and configuration errors. */
static int configure(run_ctx *c, ss_err *err)
{
    if (ss_run_args_parse(c->argc, c->argv, &c->args, err) != 0)
        return -1;
    for (size_t k = 0; k < c->args.n_modules; k++)
        if (ss_module_load(&c->reg, c->args.modules[k], &c->modules[k], err) != 0)
            return -1;
    if (c->args.help || c->args.list)
        return 0;
    if (ss_run_settings_resolve(&c->args, &c->reg, &c->cfg, &c->preset, &c->p, err) != 0)
        return -1;
    if (c->args.spikes_file && !c->p.record_spikes)
        return ss_fail(err, "--spikes needs simulation.record_spikes=true");
    return 0;
}

static int agree(int failed)
{
    int any = 0;
    MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return any;
}

/* Output places are checked on rank 0 before anything is simulated. */
static int open_outputs(run_ctx *c, ss_err *err)
{
    int bad = 0;
    if (c->rank == 0 && c->args.out_file && ss_record_check_output(c->args.out_file, err) != 0)
        bad = 1;
    if (!bad && c->rank == 0 && c->args.spikes_file &&
        ss_spike_file_open(&c->sf, c->args.spikes_file, err) != 0)
        bad = 1;
    if (agree(bad)) {
        if (!bad)
            ss_fail(err, "another rank failed (see its message)");
        return -1;
    }
    return 0;
}

static int write_outputs(run_ctx *c, ss_record_inputs *in, ss_err *err)
{
    int rc = 0;
    if (c->rank == 0 && c->sf.f)
        rc = ss_spike_file_commit(&c->sf, in->spikes, c->p.t_presim_ms, err);
    if (rc == 0 && c->rank == 0 && c->args.out_file) {
        in->out = c->args.out_file;
        rc = ss_bench_write_record(in, err);
    }
    return rc;
}

static int finish(run_ctx *c, ss_summary *sum, ss_record_inputs *in, ss_err *err)
{
    ss_run_results r;
    ss_spike_list sl;
    ss_counters_all ctrs;
    ss_bench_reports mm;
    memset(&ctrs, 0, sizeof ctrs);
    memset(&mm, 0, sizeof mm);
    if (ss_kernel_results(c->k, &r, err) != 0)
        return -1;
    int rc = ss_kernel_spikes(c->k, &sl, err);
    if (rc == 0)
        rc = ss_bench_mm_reports(c->k, &c->cfg, &c->net, ss_registry_neuron(&c->reg, c->p.neuron, NULL),
                                 &mm, err);
    in->reports = mm.rep;
    in->n_reports = mm.n;
    if (rc == 0)
        rc = ss_kernel_weight_stats(c->k, c->net.type_exc, &in->weight_mean_after,
                                    &in->weight_std_after, err);
    if (rc == 0)
        rc = ss_counters_gather(c->ctr, MPI_COMM_WORLD, 0, &ctrs, err);
    if (rc == 0)
        ss_provenance_finish(&c->prov);
    if (rc == 0 && c->rank == 0) {
        sum->r = &r;
        rc = ss_pop_stats_compute(&sl, c->net.exc.first, c->net.exc.n, c->p.t_presim_ms, c->p.t_sim_ms, &sum->exc) |
             ss_pop_stats_compute(&sl, c->net.inh.first, c->net.inh.n, c->p.t_presim_ms, c->p.t_sim_ms, &sum->inh);
        if (rc != 0)
            ss_fail(err, "out of memory computing statistics");
        in->r = &r;
        in->spikes = &sl;
        in->counters = &ctrs;
        in->exc = sum->exc;
        in->inh = sum->inh;
        in->t_presim = sum->t_presim;
        in->t_sim = sum->t_sim;
        if (rc == 0)
            rc = write_outputs(c, in, err);
        if (rc == 0)
            ss_summary_print(stdout, sum);
    }
    ss_counters_all_free(&ctrs);
    ss_bench_reports_free(&mm);
    ss_spike_list_free(&sl);
    ss_run_results_free(&r);
    return agree(rc != 0) ? -1 : 0;
}

static int simulate_and_report(run_ctx *c, char *config_yaml, ss_err *err)
{
    ss_summary sum = {.preset = c->preset->name, .p = &c->p, .net = &c->net};
    ss_record_inputs in = {.prov = &c->prov, .config_yaml = config_yaml,
                           .preset = c->preset->name, .p = &c->p, .net = &c->net};
    double t0 = ss_wall_now();
    if (c->preset->build(c->k, &c->reg, &c->p, &c->net, err) != 0 ||
        ss_bench_mm_setup(c->k, &c->cfg, &c->net, c->p.t_presim_ms, err) != 0)
        return -1;
    sum.t_build = ss_wall_now() - t0;
    t0 = ss_wall_now();
    if (c->p.t_presim_ms > 0 && ss_kernel_simulate(c->k, c->p.t_presim_ms, err) != 0)
        return -1;
    sum.t_presim = ss_wall_now() - t0;
    /* weights before the measured period (after presimulation, as NEST's reference) */
    if (ss_kernel_weight_stats(c->k, c->net.type_exc, &in.weight_mean_before,
                               &in.weight_std_before, err) != 0)
        return -1;
    t0 = ss_wall_now();
    if (ss_kernel_simulate(c->k, c->p.t_sim_ms, err) != 0)
        return -1;
    sum.t_sim = ss_wall_now() - t0;
    return finish(c, &sum, &in, err);
}

static int start_measurement(run_ctx *c, ss_err *err)
{
    if (ss_provenance_collect(&c->prov, c->argc, c->argv, environ, MPI_COMM_WORLD, err) != 0)
        return -1;
    c->have_prov = true;
    c->ctr = ss_counters_create(ss_counter_backend_papi(),
                                (const char *const *)c->cfg.counters.events.items,
                                c->cfg.counters.events.n, c->p.threads, err);
    if (!c->ctr)
        return -1;
    ss_phase_hooks hooks = ss_counters_phase_hooks(c->ctr);
    ss_kernel_set_phase_hooks(c->k, &hooks);
    return 0;
}

static int run(run_ctx *c, int provided)
{
    ss_err err = {{0}};
    if (ss_config_init(&c->cfg) != 0 || ss_builtin_register(&c->reg, &err) != 0
        || ss_nestml_register(&c->reg, &err) != 0) {
        fprintf(stderr, "bench-run: error: initialisation failed %s\n", err.msg);
        return 1;
    }
    if (configure(c, &err) != 0) {
        report(c, &err);
        return EXIT_USAGE;
    }
    if (c->args.help || c->args.list) {
        if (c->rank == 0)
            c->args.help ? (void)fputs(ss_run_args_usage(), stdout) : list_all(c);
        return 0;
    }
    if (c->args.print_config && c->rank == 0)
        ss_config_print(&c->cfg, stdout);
    if (provided < MPI_THREAD_FUNNELED) {
        ss_fail(&err, "MPI does not provide MPI_THREAD_FUNNELED");
        report(c, &err);
        return 1;
    }
    if (open_outputs(c, &err) != 0) {
        report(c, &err);
        return EXIT_USAGE;
    }
    char *config_yaml = ss_config_to_yaml(&c->cfg);
    ss_kernel_config kc = {.comm = MPI_COMM_WORLD, .n_threads = c->p.threads,
                           .h_ms = c->p.resolution_ms, .seed = c->p.seed,
                           .wait = c->args.wait, .bind = c->args.bind};
    int rc = config_yaml ? ss_kernel_create(&kc, &c->k, &err) : ss_fail(&err, "out of memory");
    if (rc == 0 && c->rank == 0 && ss_kernel_oversubscribed(c->k) && !getenv("OMP_WAIT_POLICY"))
        fprintf(stderr, "bench-run: warning: ranks x threads exceed the cores; export "
                        "OMP_WAIT_POLICY=passive for oversubscribed runs\n");
    if (rc == 0)
        rc = start_measurement(c, &err);
    if (rc == 0)
        rc = simulate_and_report(c, config_yaml, &err);
    if (rc != 0) {
        report(c, &err);
        ss_spike_file_abort(&c->sf);
    }
    free(config_yaml);
    return rc != 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    run_ctx c;
    memset(&c, 0, sizeof c);
    c.argc = argc;
    c.argv = argv;
    MPI_Comm_rank(MPI_COMM_WORLD, &c.rank);
    ss_registry_init(&c.reg);
    int status = run(&c, provided);
    ss_counters_destroy(c.ctr);
    if (c.have_prov)
        ss_provenance_free(&c.prov);
    ss_kernel_destroy(c.k);
    ss_config_free(&c.cfg);
    ss_run_args_free(&c.args);
    ss_registry_free(&c.reg);
    for (size_t k = 0; k < sizeof c.modules / sizeof c.modules[0]; k++)
        ss_module_unload(c.modules[k]);
    fflush(stdout);
    MPI_Finalize();
    return status;
}
