/* engine/results.c — gathering measurements and recorded spikes to rank 0. */
#include "kernel_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ss_run_results_free(ss_run_results *r)
{
    free(r->wall);
    free(r->cpu);
    free(r->mem_bytes);
    free(r->vm_hwm);
    free(r->vm_rss);
    free(r->rss_growth_connect);
    free(r->binding);
    memset(r, 0, sizeof *r);
}

void ss_spike_list_free(ss_spike_list *s)
{
    free(s->gid);
    free(s->step);
    free(s->t_ms);
    free(s->recorder);
    memset(s, 0, sizeof *s);
}

/* Gathers `n` values per rank into out (R * n on rank 0, n elsewhere). */
static void gather(const ss_kernel *k, const void *mine, void *out, int n, MPI_Datatype type)
{
    MPI_Gather(mine, n, type, out, n, type, 0, k->comm);
}

static int alloc_results(ss_run_results *r, size_t R, size_t T)
{
    r->wall = calloc(R * T * SS_N_PHASES, sizeof *r->wall);
    r->cpu = calloc(R * T * SS_N_PHASES, sizeof *r->cpu);
    r->mem_bytes = calloc(R * SS_N_MEM, sizeof *r->mem_bytes);
    r->vm_hwm = calloc(R, sizeof *r->vm_hwm);
    r->vm_rss = calloc(R, sizeof *r->vm_rss);
    r->rss_growth_connect = calloc(R, sizeof *r->rss_growth_connect);
    r->binding = calloc(R * T, sizeof *r->binding);
    return (r->wall && r->cpu && r->mem_bytes && r->vm_hwm && r->vm_rss &&
            r->rss_growth_connect && r->binding) ? 0 : -1;
}

int ss_kernel_results(ss_kernel *k, ss_run_results *out, ss_err *err)
{
    memset(out, 0, sizeof *out);
    size_t R = (size_t)k->n_ranks, T = (size_t)k->n_threads, P = SS_N_PHASES;
    size_t rows = k->rank == 0 ? R : 1;
    if (alloc_results(out, rows, T) != 0) {
        ss_run_results_free(out);
        return ss_fail(err, "out of memory (results)");
    }
    out->n_ranks = (int)R;
    out->n_threads = (int)T;
    double *w = malloc(T * P * sizeof *w), *c = malloc(T * P * sizeof *c);
    int64_t *bind = malloc(T * sizeof *bind);
    if (!w || !c || !bind) {
        free(w); free(c); free(bind);
        ss_run_results_free(out);
        return ss_fail(err, "out of memory (results)");
    }
    for (size_t t = 0; t < T; ++t) {
        memcpy(w + t * P, k->threads[t].timers.wall, P * sizeof *w);
        memcpy(c + t * P, k->threads[t].timers.cpu, P * sizeof *c);
        bind[t] = k->threads[t].bound_core;
    }
    gather(k, w, out->wall, (int)(T * P), MPI_DOUBLE);
    gather(k, c, out->cpu, (int)(T * P), MPI_DOUBLE);
    gather(k, bind, out->binding, (int)T, MPI_INT64_T);
    free(w); free(c); free(bind);

    int64_t mem[SS_N_MEM], hwm = ss_proc_status_bytes("VmHWM"), rss = ss_proc_status_bytes("VmRSS");
    ss_k_ledger(k, mem);
    gather(k, mem, out->mem_bytes, SS_N_MEM, MPI_INT64_T);
    gather(k, &hwm, out->vm_hwm, 1, MPI_INT64_T);
    gather(k, &rss, out->vm_rss, 1, MPI_INT64_T);
    gather(k, &k->rss_growth_connect, out->rss_growth_connect, 1, MPI_INT64_T);

    int64_t ev[3] = {k->n_synapses_local, 0, 0}, tot[3];
    for (size_t t = 0; t < T; ++t) {
        ev[1] += k->threads[t].n_syn_events;
        ev[2] += k->threads[t].n_gen_events;
    }
    MPI_Allreduce(ev, tot, 3, MPI_INT64_T, MPI_SUM, k->comm);
    int64_t memsum[SS_N_MEM];
    MPI_Allreduce(mem, memsum, SS_N_MEM, MPI_INT64_T, MPI_SUM, k->comm);
    out->n_synapses = tot[0];
    out->n_syn_events = tot[1];
    out->n_gen_events = tot[2];
    out->n_neurons = (int64_t)k->n_neurons;
    out->polite_wait = k->polite;
    out->oversubscribed = k->oversubscribed;
    out->n_steps = k->step;
    out->h_ms = k->h;
    out->min_delay_ms = (double)k->min_delay * k->h;
    out->max_delay_ms = (double)k->max_delay * k->h;
    out->t_simulate = k->t_simulate;
    MPI_Bcast(&out->t_simulate, 1, MPI_DOUBLE, 0, k->comm);
    if (out->n_neurons > 0)
        out->bytes_per_neuron = (double)(memsum[SS_MEM_NEURONS] + memsum[SS_MEM_RING_BUFFERS]) /
                                (double)out->n_neurons;
    if (out->n_synapses > 0)
        out->bytes_per_synapse = (double)(memsum[SS_MEM_CONNECTIONS] + memsum[SS_MEM_SOURCE_INDEX] +
                                          memsum[SS_MEM_PRESYNAPTIC_STATE]) /
                                 (double)out->n_synapses;
    return 0;
}

static int cmp_rec(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b; /* (step, gid, recorder) triples */
    for (int i = 0; i < 3; ++i)
        if (x[i] != y[i])
            return (x[i] > y[i]) - (x[i] < y[i]);
    return 0;
}

int ss_kernel_spikes(ss_kernel *k, ss_spike_list *out, ss_err *err)
{
    memset(out, 0, sizeof *out);
    long long n = 0;
    for (int t = 0; t < k->n_threads; ++t)
        n += (long long)k->threads[t].n_rec;
    uint64_t *mine = malloc((size_t)(n ? n : 1) * 3 * sizeof *mine);
    int fail = mine == NULL || 3 * n > INT32_MAX, any;
    MPI_Allreduce(&fail, &any, 1, MPI_INT, MPI_MAX, k->comm);
    if (any) {
        free(mine);
        return ss_fail(err, "cannot gather %lld spikes", n);
    }
    size_t j = 0;
    for (int t = 0; t < k->n_threads; ++t)
        for (size_t i = 0; i < k->threads[t].n_rec; ++i) {
            const ss_rec_spike *r = &k->threads[t].rec[i];
            mine[j++] = (uint64_t)r->step;
            mine[j++] = r->gid;
            mine[j++] = r->recorder;
        }
    int cnt = (int)(3 * n), R = k->n_ranks;
    int *counts = k->rank == 0 ? calloc((size_t)R, sizeof *counts) : NULL;
    int *displs = k->rank == 0 ? calloc((size_t)R, sizeof *displs) : NULL;
    MPI_Gather(&cnt, 1, MPI_INT, counts, 1, MPI_INT, 0, k->comm);
    long long total = 0;
    if (k->rank == 0)
        for (int r = 0; r < R; ++r) {
            displs[r] = (int)total;
            total += counts[r];
        }
    uint64_t *all = k->rank == 0 ? malloc((size_t)(total ? total : 1) * sizeof *all) : NULL;
    MPI_Gatherv(mine, cnt, MPI_UINT64_T, all, counts, displs, MPI_UINT64_T, 0, k->comm);
    free(mine);
    free(counts);
    free(displs);
    if (k->rank != 0)
        return 0;
    size_t ns = (size_t)total / 3;
    qsort(all, ns, 3 * sizeof *all, cmp_rec);
    out->gid = malloc((ns ? ns : 1) * sizeof *out->gid);
    out->step = malloc((ns ? ns : 1) * sizeof *out->step);
    out->t_ms = malloc((ns ? ns : 1) * sizeof *out->t_ms);
    out->recorder = malloc((ns ? ns : 1) * sizeof *out->recorder);
    if (!out->gid || !out->step || !out->t_ms || !out->recorder) {
        free(all);
        ss_spike_list_free(out);
        return ss_fail(err, "out of memory (spikes)");
    }
    for (size_t i = 0; i < ns; ++i) {
        out->step[i] = (int64_t)all[3 * i];
        out->gid[i] = all[3 * i + 1];
        out->recorder[i] = (uint32_t)all[3 * i + 2];
        out->t_ms[i] = (double)(out->step[i] + 1) * k->h;
    }
    out->n = ns;
    free(all);
    return 0;
}

int ss_kernel_weight_stats(ss_kernel *k, uint32_t type, double *mean, double *std, ss_err *err)
{
    if (type >= k->n_types)
        return ss_fail(err, "weight statistics: unknown synapse type %u", type);
    /* two passes (mean, then squared deviations): no cancellation */
    double mine[2] = {0, 0}, all[2];
    for (int t = 0; k->prepared && t < k->n_threads; ++t) {
        const ss_group *g = &k->threads[t].groups[type];
        for (size_t i = 0; i < g->n; ++i) {
            mine[0] += 1.0;
            mine[1] += g->weight[i];
        }
    }
    MPI_Allreduce(mine, all, 2, MPI_DOUBLE, MPI_SUM, k->comm);
    if (all[0] == 0) {
        *mean = *std = NAN;
        return 0;
    }
    double m = all[1] / all[0], sq = 0, sq_all;
    for (int t = 0; t < k->n_threads; ++t) {
        const ss_group *g = &k->threads[t].groups[type];
        for (size_t i = 0; i < g->n; ++i)
            sq += (g->weight[i] - m) * (g->weight[i] - m);
    }
    MPI_Allreduce(&sq, &sq_all, 1, MPI_DOUBLE, MPI_SUM, k->comm);
    *mean = m;
    *std = sqrt(sq_all / all[0]);
    return 0;
}
