/* stdp-net: runs the brunel_aeif preset (or hpc_aeif_cond) and writes what
 * the STDP integration tests compare.
 *
 *   stdp-net PRESET ORDER T_PRESIM_MS T_SIM_MS LAMBDA THREADS PREFIX
 *
 * Writes PREFIX.spikes (rank 0: "gid step", sorted by step then gid) and
 * PREFIX.w.<rank> (every local E->... plastic connection: "target source
 * weight" with the weight in hexadecimal floating point, sorted by target,
 * source, creation order), and prints on rank 0 one line
 *   rate_e=<Hz> rate_i=<Hz> cv=<..> archive_entries=<n> archive_max=<n>
 *   post_history_bytes=<b> neurons=<n> synapses=<n> bytes_per_synapse=<b>
 *   j_ex=<initial E weight, hexadecimal>
 * with rates over (T_PRESIM, T_PRESIM + T_SIM] and the ISI CV as DESIGN §9
 * defines it. STDP_NEURON / STDP_SYNAPSE_EXC in the environment replace the
 * preset's models (registry names, e.g. the generated *_nestml ones). Exit 1
 * on any failure. */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "nestml_models.h"
#include "presets/preset.h"
#include "registry.h"
#include "weights.h"

extern const ss_preset ss_preset_brunel_aeif;
extern const ss_preset ss_preset_hpc_aeif_cond;

typedef struct conn {
    uint64_t tgt, src, seq;
    double w;
} conn;

typedef struct conns {
    conn *c;
    size_t n, cap;
} conns;

static void collect(void *ctx, uint64_t tgt, uint64_t src, double w)
{
    conns *cs = ctx;
    if (cs->n == cs->cap) {
        cs->cap = cs->cap ? 2 * cs->cap : 1024;
        cs->c = realloc(cs->c, cs->cap * sizeof *cs->c);
        if (!cs->c)
            abort();
    }
    cs->c[cs->n] = (conn){tgt, src, cs->n, w};
    ++cs->n;
}

static int by_target(const void *a, const void *b)
{
    const conn *x = a, *y = b;
    if (x->tgt != y->tgt)
        return x->tgt < y->tgt ? -1 : 1;
    if (x->src != y->src)
        return x->src < y->src ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int write_weights(ss_kernel *k, uint32_t type, const char *prefix, int rank)
{
    conns cs = {0};
    ss_kernel_visit_weights(k, type, collect, &cs);
    qsort(cs.c, cs.n, sizeof *cs.c, by_target);
    char path[4096];
    snprintf(path, sizeof path, "%s.w.%d", prefix, rank);
    FILE *f = fopen(path, "w");
    if (!f) {
        free(cs.c);
        return -1;
    }
    for (size_t i = 0; i < cs.n; ++i)
        fprintf(f, "%llu %llu %a\n", (unsigned long long)cs.c[i].tgt,
                (unsigned long long)cs.c[i].src, cs.c[i].w);
    free(cs.c);
    return fclose(f);
}

/* Mean over E neurons with >= 3 spikes of std(ISI)/mean(ISI). */
static double isi_cv(const ss_spike_list *s, uint64_t n_exc)
{
    double *last = calloc(n_exc + 1, sizeof *last), *sum = calloc(n_exc + 1, sizeof *sum),
           *sum2 = calloc(n_exc + 1, sizeof *sum2);
    size_t *cnt = calloc(n_exc + 1, sizeof *cnt);
    for (size_t i = 0; i < s->n; ++i) {
        uint64_t g = s->gid[i];
        if (g > n_exc)
            continue;
        if (cnt[g]++) {
            double isi = s->t_ms[i] - last[g];
            sum[g] += isi;
            sum2[g] += isi * isi;
        }
        last[g] = s->t_ms[i];
    }
    double acc = 0.0;
    size_t n = 0;
    for (uint64_t g = 1; g <= n_exc; ++g)
        if (cnt[g] >= 3) {
            double m = sum[g] / (double)(cnt[g] - 1);
            double var = sum2[g] / (double)(cnt[g] - 1) - m * m;
            acc += sqrt(var > 0 ? var : 0) / m;
            ++n;
        }
    free(last), free(sum), free(sum2), free(cnt);
    return n ? acc / (double)n : NAN;
}

static int run(int argc, char **argv, int rank)
{
    if (argc != 8) {
        fprintf(stderr, "usage: stdp-net PRESET ORDER T_PRESIM T_SIM LAMBDA THREADS PREFIX\n");
        return 2;
    }
    const ss_preset *pr = strcmp(argv[1], "hpc_aeif_cond") == 0 ? &ss_preset_hpc_aeif_cond
                                                                 : &ss_preset_brunel_aeif;
    ss_preset_params p = pr->defaults;
    /* configuration (iii) and others (tests/codegen): models by registry name */
    const char *neuron = getenv("STDP_NEURON"), *syn = getenv("STDP_SYNAPSE_EXC");
    if (neuron && *neuron)
        p.neuron = neuron;
    if (syn && *syn)
        p.synapse_exc = syn;
    p.order = strtoull(argv[2], NULL, 10);
    p.t_presim_ms = atof(argv[3]);
    p.t_sim_ms = atof(argv[4]);
    p.stdp_lambda = atof(argv[5]);
    p.threads = atoi(argv[6]);
    const char *prefix = argv[7];
    ss_err err = {{0}};
    ss_registry reg;
    ss_registry_init(&reg);
    ss_kernel *k = NULL;
    ss_network net;
    ss_kernel_config kc = {.comm = MPI_COMM_WORLD, .n_threads = p.threads,
                           .h_ms = p.resolution_ms, .seed = p.seed, .wait = SS_WAIT_AUTO,
                           .bind = SS_BIND_NO};
    ss_spike_list sp = {0};
    ss_run_results res = {0};
    int rc = 1;
    if (ss_builtin_register(&reg, &err) || ss_nestml_register(&reg, &err) || pr->check(&p, &reg, &err) ||
        ss_kernel_create(&kc, &k, &err) || pr->build(k, &reg, &p, &net, &err) ||
        ss_kernel_simulate(k, p.t_presim_ms, &err) || ss_kernel_simulate(k, p.t_sim_ms, &err) ||
        ss_kernel_spikes(k, &sp, &err) || ss_kernel_results(k, &res, &err))
        goto out;
    if (write_weights(k, net.type_exc, prefix, rank) != 0) {
        ss_fail(&err, "cannot write %s.w.%d", prefix, rank);
        goto out;
    }
    size_t ent, mx;
    ss_kernel_archive_size(k, &ent, &mx);
    unsigned long long e_all = 0, m_all = 0, e_me = ent, m_me = mx;
    MPI_Reduce(&e_me, &e_all, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Reduce(&m_me, &m_all, 1, MPI_UNSIGNED_LONG_LONG, MPI_MAX, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        char path[4096];
        snprintf(path, sizeof path, "%s.spikes", prefix);
        FILE *f = fopen(path, "w");
        size_t ne = 0, ni = 0;
        for (size_t i = 0; f && i < sp.n; ++i) {
            fprintf(f, "%llu %lld\n", (unsigned long long)sp.gid[i], (long long)sp.step[i]);
            if (sp.gid[i] <= net.exc.n)
                ++ne;
            else
                ++ni;
        }
        if (!f || fclose(f) != 0) {
            ss_fail(&err, "cannot write %s", path);
            goto out;
        }
        int64_t hist = 0;
        for (int r = 0; r < res.n_ranks; ++r)
            hist += res.mem_bytes[r * SS_N_MEM + SS_MEM_POST_HISTORY];
        double T = p.t_sim_ms / 1000.0;
        printf("rate_e=%.4f rate_i=%.4f cv=%.4f archive_entries=%llu archive_max=%llu "
               "post_history_bytes=%lld neurons=%lld synapses=%lld bytes_per_synapse=%.3f j_ex=%a\n",
               (double)ne / ((double)net.exc.n * T), (double)ni / ((double)net.inh.n * T),
               isi_cv(&sp, net.exc.n), e_all, m_all, (long long)hist, (long long)res.n_neurons,
               (long long)res.n_synapses, res.bytes_per_synapse, net.j_ex);
    }
    rc = 0;
out:
    if (rc && (rank == 0 || !strstr(err.msg, "another rank")))
        fprintf(stderr, "stdp-net: error: %s\n", err.msg);
    ss_spike_list_free(&sp);
    ss_run_results_free(&res);
    ss_kernel_destroy(k);
    ss_registry_free(&reg);
    return rc;
}

int main(int argc, char **argv)
{
    int provided, rank;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    int rc = run(argc, argv, rank);
    MPI_Finalize();
    return rc;
}
