/* bench/run/record_results.c — see record_results.h. */
#include <stdlib.h>
#include <string.h>

#include "record_results.h"

void ss_record_use_results(ss_run_record *rec, const ss_run_results *r)
{
    rec->meta.n_ranks = r->n_ranks;
    rec->meta.n_threads = r->n_threads;
    rec->meta.binding = r->binding;
    rec->meta.polite_wait = r->polite_wait;
    rec->timers.n_phases = SS_N_PHASES;
    rec->timers.phases = ss_record_timer_phases;
    rec->timers.wall = r->wall;
    rec->timers.cpu = r->cpu;
    rec->timers.t_simulate = r->t_simulate;
    rec->memory.n_categories = SS_N_MEM;
    rec->memory.categories = ss_record_memory_categories;
    rec->memory.bytes = r->mem_bytes;
    rec->memory.vm_hwm = r->vm_hwm;
    rec->memory.vm_rss = r->vm_rss;
    rec->memory.rss_growth_connect = r->rss_growth_connect;
    rec->memory.bytes_per_neuron = r->bytes_per_neuron;
    rec->memory.bytes_per_synapse = r->bytes_per_synapse;
    rec->stats.n_neurons = r->n_neurons;
    rec->stats.n_synapses = r->n_synapses;
}

void ss_sonata_spikes_free(ss_sonata_spikes *s)
{
    for (int p = 0; p < 2; p++) {
        free(s->ts[p]);
        free(s->ids[p]);
    }
    memset(s, 0, sizeof *s);
}

int ss_sonata_spikes_split(const ss_spike_list *s, uint64_t n_exc, uint64_t n_inh,
                           ss_sonata_spikes *out, ss_err *err)
{
    memset(out, 0, sizeof *out);
    size_t count[2] = {0, 0};
    for (size_t i = 0; i < s->n; i++) {
        uint64_t g = s->gid[i];
        if (g < 1 || g > n_exc + n_inh)
            return ss_fail(err, "spikes: gid %llu is not a neuron (1..%llu)", (unsigned long long)g,
                           (unsigned long long)(n_exc + n_inh));
        count[g > n_exc]++;
    }
    for (int p = 0; p < 2; p++) {
        out->ts[p] = malloc((count[p] ? count[p] : 1) * sizeof(double));
        out->ids[p] = malloc((count[p] ? count[p] : 1) * sizeof(uint64_t));
        if (!out->ts[p] || !out->ids[p]) {
            ss_sonata_spikes_free(out);
            return ss_fail(err, "spikes: out of memory");
        }
    }
    size_t k[2] = {0, 0};
    for (size_t i = 0; i < s->n; i++) {
        int p = s->gid[i] > n_exc;
        out->ts[p][k[p]] = s->t_ms[i];
        out->ids[p][k[p]] = s->gid[i] - 1 - (p ? n_exc : 0);
        k[p]++;
    }
    out->pop[0] = (ss_rec_spikes){"exc", count[0], out->ts[0], out->ids[0]};
    out->pop[1] = (ss_rec_spikes){"inh", count[1], out->ts[1], out->ids[1]};
    return 0;
}
