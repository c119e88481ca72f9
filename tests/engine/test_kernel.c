/* Kernel behaviour on one rank: phase hooks, timers, ledger, results,
 * generator event counts, polite vs spin waiting, thread independence. */
#include <criterion/criterion.h>
#include <math.h>
#include <mpi.h>
#include <string.h>

#include "kernel.h"
#include "kernel_fixture.h"
#include "registry.h"

#define MAX_T 4

typedef struct hook_log {
    int begin[MAX_T][SS_N_PHASES], end[MAX_T][SS_N_PHASES];
    int open[MAX_T];   /* phase currently open per thread, -1 none */
    int bad;           /* nesting or mismatch seen */
} hook_log;

static void on_begin(void *ctx, int t, ss_phase p)
{
    hook_log *h = ctx;
    if (h->open[t] != -1)
        h->bad = 1;
    h->open[t] = (int)p;
    h->begin[t][p]++;
}

static void on_end(void *ctx, int t, ss_phase p)
{
    hook_log *h = ctx;
    if (h->open[t] != (int)p)
        h->bad = 1;
    h->open[t] = -1;
    h->end[t][p]++;
}

typedef struct run_out {
    ss_run_results r;
    ss_spike_list s;
} run_out;

/* 100 iaf neurons, fixed in-degree 10 (delay 1 ms), Poisson drive; 50 ms. */
static void run_net(int threads, ss_wait_mode wait, hook_log *hooks, run_out *out)
{
    kernel_fixture f;
    kernel_fixture_open(&f, (kernel_fixture_spec){.threads = threads, .h_ms = 0.1, .seed = 4,
                                                  .wait = wait, .neurons = 100, .rate_hz = 20000.0});
    ss_kernel *k = f.k;
    if (hooks) {
        for (int t = 0; t < MAX_T; ++t)
            hooks->open[t] = -1;
        ss_phase_hooks h = {hooks, on_begin, on_end};
        ss_kernel_set_phase_hooks(k, &h);
    }
    ss_err err;
    ss_nodes n = f.neurons, rec;
    uint32_t type;
    cr_assert_eq(ss_kernel_add_recorder(k, ss_registry_recorder(&f.reg, "spike_recorder", &err), &rec, &err), 0);
    cr_assert_eq(ss_kernel_add_synapse_type(k, ss_registry_synapse(&f.reg, "static_synapse", &err), 1.0, &type, &err), 0);
    cr_assert_eq(ss_kernel_connect_fixed_indegree(k, n, n, 10, type, 20.0, &err), 0);
    cr_assert_eq(ss_kernel_connect_generator(k, f.gen, n, 30.0, 1.0, &err), 0);
    cr_assert_eq(ss_kernel_record_spikes(k, rec, n, &err), 0);
    cr_assert_eq(ss_kernel_simulate(k, 20.0, &err), 0, "%s", err.msg);
    cr_assert_eq(ss_kernel_simulate(k, 30.0, &err), 0, "%s", err.msg);
    cr_assert_eq(ss_kernel_results(k, &out->r, &err), 0);
    cr_assert_eq(ss_kernel_spikes(k, &out->s, &err), 0);
    kernel_fixture_close(&f);
}

static void free_out(run_out *o)
{
    ss_run_results_free(&o->r);
    ss_spike_list_free(&o->s);
}

Test(kernel, phase_hooks_balanced_per_thread_and_slice)
{
    hook_log h;
    memset(&h, 0, sizeof h);
    run_out o;
    run_net(3, SS_WAIT_SPIN, &h, &o);
    /* 50 ms in 1 ms slices (min delay 1 ms): 20 + 30 slices per thread */
    for (int t = 0; t < 3; ++t) {
        cr_assert_eq(h.begin[t][SS_PHASE_UPDATE], 50, "thread %d: %d", t, h.begin[t][SS_PHASE_UPDATE]);
        cr_assert_eq(h.end[t][SS_PHASE_UPDATE], 50);
        cr_assert_eq(h.begin[t][SS_PHASE_DELIVER], 50);
        cr_assert_eq(h.end[t][SS_PHASE_DELIVER], 50);
        cr_assert_eq(h.begin[t][SS_PHASE_COMMUNICATE], 0);
    }
    cr_assert_eq(h.bad, 0, "hooks nested or mismatched");
    free_out(&o);
    MPI_Finalize();
}

Test(kernel, results_shape_ledger_and_generator_events)
{
    run_out o;
    run_net(2, SS_WAIT_SPIN, NULL, &o);
    ss_run_results *r = &o.r;
    cr_assert_eq(r->n_ranks, 1);
    cr_assert_eq(r->n_threads, 2);
    cr_assert_eq(r->n_neurons, 100);
    cr_assert_eq(r->n_synapses, 1000);
    cr_assert_eq(r->n_steps, 500);
    cr_assert_eq(r->min_delay_ms, 1.0);
    for (int i = 0; i < 2 * SS_N_PHASES; ++i)
        cr_assert(r->wall[i] >= 0 && r->cpu[i] >= 0);
    cr_assert_gt(r->wall[SS_PHASE_UPDATE] + r->wall[SS_N_PHASES + SS_PHASE_UPDATE], 0.0);
    /* ledger: exact connection bytes (12 per synapse) */
    cr_assert_geq(r->mem_bytes[SS_MEM_CONNECTIONS], 1000 * 12);
    cr_assert_gt(r->mem_bytes[SS_MEM_NEURONS], 0);
    /* ring buffers: 2 receptors x (10 + 10) slots x padded locals x 8 bytes */
    cr_assert_eq(r->mem_bytes[SS_MEM_RING_BUFFERS], 2 * 20 * (56 + 56) * 8);
    cr_assert_gt(r->mem_bytes[SS_MEM_SOURCE_INDEX], 0);
    cr_assert_eq(r->mem_bytes[SS_MEM_PRESYNAPTIC_STATE], 0);
    cr_assert_gt(r->vm_hwm[0], 0);
    cr_assert_eq(r->binding[0], -1);
    /* Poisson events: mean rate*h per neuron and step = 2 -> 100 x 500 x 2 = 1e5,
     * sd sqrt(1e5) ~ 316; 6 sd */
    cr_assert_lt(fabs((double)r->n_gen_events - 1e5), 6 * sqrt(1e5), "%lld", (long long)r->n_gen_events);
    cr_assert_gt(r->n_syn_events, 0);
    /* every delivered spike reaches at most all 100 neurons */
    cr_assert_leq(r->n_syn_events, (int64_t)o.s.n * 100);
    /* spikes sorted by time then gid */
    for (size_t i = 1; i < o.s.n; ++i)
        cr_assert(o.s.step[i - 1] < o.s.step[i] ||
                  (o.s.step[i - 1] == o.s.step[i] && o.s.gid[i - 1] < o.s.gid[i]));
    free_out(&o);
    MPI_Finalize();
}

/* Same network with 1 and 4 threads, spin and polite waits: identical spikes. */
Test(kernel, threads_and_wait_modes_do_not_change_spikes)
{
    run_out a, b;
    run_net(1, SS_WAIT_SPIN, NULL, &a);
    run_net(4, SS_WAIT_POLITE, NULL, &b);
    cr_assert_eq(b.r.polite_wait, 1);
    cr_assert_gt(a.s.n, 10u, "network silent");
    cr_assert_eq(a.s.n, b.s.n);
    for (size_t i = 0; i < a.s.n; ++i) {
        cr_assert_eq(a.s.gid[i], b.s.gid[i]);
        cr_assert_eq(a.s.step[i], b.s.step[i]);
    }
    free_out(&a);
    free_out(&b);
    MPI_Finalize();
}
