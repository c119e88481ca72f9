/* engine/results.h — everything a run measured, as plain C data.
 *
 * Filled by ss_kernel_results() (collective over the kernel's communicator);
 * arrays hold all ranks' values on rank 0 (other ranks get their own values
 * only, in row 0). The HDF5 writer (bench/run/record.c) maps it to /timers and
 * /memory of docs/run-record.md. Free with ss_run_results_free(). */
#ifndef SS_RESULTS_H
#define SS_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "phases.h"

typedef struct ss_run_results {
    int n_ranks, n_threads;          /* R, T */
    /* [R][T][SS_N_PHASES], seconds, phase order of ss_phase */
    double *wall;
    double *cpu;                     /* thread CPU time (CLOCK_THREAD_CPUTIME_ID) */
    int64_t *mem_bytes;              /* [R][SS_N_MEM], ledger bytes */
    int64_t *vm_hwm, *vm_rss;        /* [R], bytes at the time of the call */
    int64_t *rss_growth_connect;     /* [R], VmRSS after connections were final minus before connecting */
    int64_t *binding;                /* [R][T], OS index of the core a thread was bound to, -1 unbound */
    int polite_wait;                 /* 1 if the polite (non-blocking, back-off) wait was used */
    int oversubscribed;              /* ranks x threads on some host exceeded its cores */
    int64_t n_neurons;               /* whole network */
    int64_t n_synapses;              /* network connections (generator/recorder links excluded) */
    int64_t n_syn_events;            /* synaptic events delivered (network connections, all ranks) */
    int64_t n_gen_events;            /* generator events delivered (all ranks) */
    int64_t n_steps;                 /* simulated steps so far */
    double h_ms;
    double min_delay_ms, max_delay_ms;
    double t_simulate;               /* wall seconds inside ss_kernel_simulate, all calls, rank 0 */
    double bytes_per_neuron;         /* ledger "neurons" + "ring_buffers" over all ranks / n_neurons */
    double bytes_per_synapse;        /* (connections + source_index + presynaptic_state) / n_synapses */
} ss_run_results;

void ss_run_results_free(ss_run_results *r);

/* Spikes of all recorders, gathered on rank 0, sorted by time then gid. */
typedef struct ss_spike_list {
    size_t n;
    uint64_t *gid;
    int64_t *step;       /* the spike was emitted at the end of this step */
    double *t_ms;        /* (step + 1) * h */
    uint32_t *recorder;  /* index of the recorder (order of creation) */
} ss_spike_list;

void ss_spike_list_free(ss_spike_list *s);

#endif
