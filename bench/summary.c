/* bench/summary.c — prints what a run measured in a form that is easy to read
 * and to grep ("key: value" lines). */
#include "summary.h"

#include <math.h>

/* Maximum over ranks and threads of phase p (wall seconds). */
static double phase_max(const ss_run_results *r, int p)
{
    double m = 0;
    for (int i = 0; i < r->n_ranks * r->n_threads; ++i) {
        double v = r->wall[(size_t)i * SS_N_PHASES + (size_t)p];
        m = v > m ? v : m;
    }
    return m;
}

static double phase_sum_cpu(const ss_run_results *r, int p)
{
    double s = 0;
    for (int i = 0; i < r->n_ranks * r->n_threads; ++i)
        s += r->cpu[(size_t)i * SS_N_PHASES + (size_t)p];
    return s;
}

static void print_memory(FILE *f, const ss_run_results *r)
{
    fprintf(f, "memory (bytes, all ranks):");
    for (int c = 0; c < SS_N_MEM; ++c) {
        long long s = 0;
        for (int q = 0; q < r->n_ranks; ++q)
            s += r->mem_bytes[(size_t)q * SS_N_MEM + (size_t)c];
        fprintf(f, " %s %lld%s", ss_mem_category_name((ss_mem_category)c), s,
                c + 1 < SS_N_MEM ? "," : "\n");
    }
    long long hwm = 0, rss = 0, grow = 0;
    for (int q = 0; q < r->n_ranks; ++q) {
        hwm = r->vm_hwm[q] > hwm ? r->vm_hwm[q] : hwm;
        rss += r->vm_rss[q];
        grow += r->rss_growth_connect[q];
    }
    fprintf(f, "memory per rank: VmHWM max %.1f MiB, VmRSS total %.1f MiB, RSS growth in connect %.1f MiB\n",
            (double)hwm / 1048576.0, (double)rss / 1048576.0, (double)grow / 1048576.0);
    fprintf(f, "bytes per synapse: %.2f\nbytes per neuron: %.1f\n", r->bytes_per_synapse,
            r->bytes_per_neuron);
}

void ss_summary_print(FILE *f, const ss_summary *s)
{
    const ss_run_results *r = s->r;
    const ss_preset_params *p = s->p;
    fprintf(f, "bench-run summary\n");
    fprintf(f, "preset: %s (order %llu, neuron %s, synapse_exc %s)\n", s->preset,
            (unsigned long long)p->order, p->neuron, p->synapse_exc);
    fprintf(f, "decomposition: %d ranks x %d threads, wait %s%s\n", r->n_ranks, r->n_threads,
            r->polite_wait ? "polite" : "spin", r->oversubscribed ? " (oversubscribed)" : "");
    fprintf(f, "neurons: %lld (E %llu, I %llu)\n", (long long)r->n_neurons,
            (unsigned long long)s->net->exc.n, (unsigned long long)s->net->inh.n);
    fprintf(f, "synapses: %lld (CE %llu, CI %llu, J_ex %.6g pA, J_in %.6g pA, Poisson %.6g Hz)\n",
            (long long)r->n_synapses, (unsigned long long)s->net->ce,
            (unsigned long long)s->net->ci, s->net->j_ex, s->net->j_in, s->net->poisson_rate_hz);
    fprintf(f, "simulated: %g ms after %g ms presimulation, resolution %g ms, seed %llu\n",
            p->t_sim_ms, p->t_presim_ms, p->resolution_ms, (unsigned long long)p->seed);
    fprintf(f, "spikes: %lld (E %lld, I %lld)\n", (long long)(s->exc.spikes + s->inh.spikes),
            (long long)s->exc.spikes, (long long)s->inh.spikes);
    fprintf(f, "rate E: %.4f Hz\nrate I: %.4f Hz\ncv isi E: %.4f\n", s->exc.rate_hz,
            s->inh.rate_hz, s->exc.cv_isi);
    fprintf(f, "time build: %.3f s\ntime presimulate: %.3f s\ntime simulate: %.3f s\n", s->t_build,
            s->t_presim, s->t_sim);
    double rtf = s->t_sim / (p->t_sim_ms * 1e-3);
    fprintf(f, "real-time factor: %.4f\n", rtf);
    fprintf(f, "phases (wall s, max over ranks x threads):");
    for (int q = 0; q < SS_N_PHASES; ++q)
        fprintf(f, " %s %.3f%s", ss_phase_name((ss_phase)q), phase_max(r, q),
                q + 1 < SS_N_PHASES ? "," : "\n");
    double ev = (double)r->n_syn_events;
    int vps = r->n_ranks * r->n_threads;
    fprintf(f, "synaptic events: %lld network, %lld generator\n", (long long)r->n_syn_events,
            (long long)r->n_gen_events);
    if (ev > 0) {
        fprintf(f, "ns per synaptic event (all phases, wall x %d VPs, presim included): %.2f\n",
                vps, (s->t_presim + s->t_sim) * vps * 1e9 / ev);
        fprintf(f, "ns per synaptic event (deliver CPU): %.2f\n",
                phase_sum_cpu(r, SS_PHASE_DELIVER) * 1e9 / ev);
    }
    if (r->n_neurons > 0 && r->n_steps > 0)
        fprintf(f, "ns per neuron step (update CPU, incl. spike handling): %.2f\n",
                phase_sum_cpu(r, SS_PHASE_UPDATE) * 1e9 / ((double)r->n_neurons * (double)r->n_steps));
    print_memory(f, r);
}
