/* engine/simulate.c — the simulation loop: one OpenMP parallel region for the
 * whole call; per min-delay slice: update (update.c: chunks shared among the
 * threads, then each thread merges its own spikes) → collect → exchange
 * (master thread, MPI_THREAD_FUNNELED) → deliver. Four barriers per slice
 * and no fork/join. */
#include "kernel_impl.h"

#include <math.h>
#include <omp.h>

/* Agrees on failure across ranks (build-time collectives only). */
static int agree(ss_kernel *k, int rc, ss_err *err)
{
    int mine = rc != 0, any = 0;
    MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, k->comm);
    if (any && !mine)
        return ss_fail(err, "another rank failed (see its message)");
    return any ? -1 : 0;
}

/* The post-trace time constant of a population's archived neurons. */
static int calibrate_archive(ss_kernel *k, ss_thread *th, const ss_pop *p, ss_err *err)
{
    if (!th->archive.n || !p->model->post_trace_tau)
        return 0;
    double tau;
    if (p->model->get_param(p->pop, p->model->post_trace_tau, &tau, err) != 0)
        return -1;
    if (!(tau > 0))
        return ss_fail(err, "%s: %s must be > 0 ms (got %g)", p->model->name,
                       p->model->post_trace_tau, tau);
    for (size_t i = 0; i < p->n; ++i)
        ss_archive_set_tau(&th->archive, p->offset + (uint32_t)i, tau, k->h);
    return 0;
}

/* Parameters may have changed since the last call: recompute propagators. */
static int calibrate_all(ss_kernel *k, ss_err *err)
{
    for (int t = 0; t < k->n_threads; ++t)
        for (size_t i = 0; i < k->threads[t].n_pops; ++i) {
            ss_pop *p = &k->threads[t].pops[i];
            if (p->model->calibrate(p->pop, k->h, err) != 0 ||
                calibrate_archive(k, &k->threads[t], p, err) != 0)
                return -1;
        }
    for (size_t i = 0; i < k->n_types; ++i) {
        const ss_synapse_model *m = k->types[i].model;
        if (m->calibrate && m->calibrate(k->types[i].common, k->h, err) != 0)
            return -1;
    }
    for (size_t c = 0; c < k->n_colls; ++c)
        if (k->colls[c].kind == SS_KIND_GENERATOR) {
            const ss_generator_model *m = k->colls[c].model;
            if (m->calibrate(k->colls[c].device, k->h, err) != 0)
                return -1;
        }
    return 0;
}

static void hook(const ss_kernel *k, bool begin, int t, ss_phase ph)
{
    void (*f)(void *, int, ss_phase) = begin ? k->hooks.begin : k->hooks.end;
    if (f)
        f(k->hooks.ctx, t, ph);
}

static void run_thread(ss_kernel *k, int t, int64_t start, int64_t end)
{
    ss_thread *th = &k->threads[t];
    ss_k_bind_thread(k, t);
    ss_timers_start(&th->timers);
    for (int64_t S = start; S < end;) {
        int64_t len = end - S < k->min_delay ? end - S : k->min_delay;
        /* threads update each other's chunks: every ring buffer must have
         * received the previous slice's deliveries */
#pragma omp barrier
        ss_timers_mark(&th->timers, SS_PHASE_WAIT);
        hook(k, true, t, SS_PHASE_UPDATE);
        if (!th->failed && ss_k_update(k, t, S, len) != 0)
            th->failed = 1;
        hook(k, false, t, SS_PHASE_UPDATE);
        ss_timers_mark(&th->timers, SS_PHASE_UPDATE);
#pragma omp barrier
        ss_timers_mark(&th->timers, SS_PHASE_WAIT);
        /* every chunk is done: each thread merges its own spikes */
        if (!th->failed && ss_k_update_merge(k, th, S, len) != 0)
            th->failed = 1;
        ss_timers_mark(&th->timers, SS_PHASE_UPDATE);
#pragma omp barrier
        ss_timers_mark(&th->timers, SS_PHASE_WAIT);
#pragma omp master
        {
            bool failed = false;
            for (int u = 0; u < k->n_threads; ++u)
                failed |= k->threads[u].failed != 0;
            if (!failed && ss_k_collect(k) != 0) {
                ss_fail(&th->err, "out of memory packing spikes");
                th->failed = 1;
                failed = true;
            }
            ss_timers_mark(&th->timers, SS_PHASE_COLLECT);
            k->abort = ss_k_communicate(k, failed) != 0;
            ss_timers_mark(&th->timers, SS_PHASE_COMMUNICATE);
        }
#pragma omp barrier
        ss_timers_mark(&th->timers, SS_PHASE_WAIT);
        if (k->abort)
            break;
        hook(k, true, t, SS_PHASE_DELIVER);
        ss_k_deliver(k, th, S, len);
        hook(k, false, t, SS_PHASE_DELIVER);
        th->n_spikes = 0;
        ss_timers_mark(&th->timers, SS_PHASE_DELIVER);
        S += len;
        if (t == 0)
            k->step = S; /* read only after the region ends */
    }
}

int ss_kernel_simulate(ss_kernel *k, double t_ms, ss_err *err)
{
    if (!(t_ms >= 0) || !isfinite(t_ms))
        return ss_fail(err, "simulation time must be >= 0 ms (got %g)", t_ms);
    double w0 = ss_wall_now();
    if (!k->prepared && ss_k_prepare(k, err) != 0)
        return -1;
    if (agree(k, calibrate_all(k, err), err) != 0)
        return -1;
    int64_t start = k->step, end = start + llround(t_ms / k->h);
    k->abort = false;
#pragma omp parallel num_threads(k->n_threads)
    run_thread(k, omp_get_thread_num(), start, end);
    k->t_simulate += ss_wall_now() - w0;
    if (!k->abort)
        return 0;
    for (int t = 0; t < k->n_threads; ++t)
        if (k->threads[t].failed) {
            if (err)
                *err = k->threads[t].err;
            return -1;
        }
    return ss_fail(err, "another rank failed during the simulation (see its message)");
}
