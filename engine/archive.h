/* engine/archive.h — the postsynaptic spike archive for STDP (DESIGN §3).
 *
 * One archive per thread holds, for every local neuron (indexed like the ring
 * buffers: the thread-local index a packed synapse target carries) that has at
 * least one incoming plastic connection, the neuron's own spikes since the
 * oldest one some incoming plastic synapse has not read yet, each with the
 * post trace right after it (NEST's Kminus):
 *     Kminus <- Kminus * exp(-(t_new - t_prev) / tau_minus) + 1.
 * tau_minus is the neuron model's `post_trace_tau` parameter.
 *
 * Times are integer step indices: an entry with t = s + 1 is a spike emitted
 * at the end of step s, i.e. at s·h... (s+1)·h ms, time t·h ms. A presynaptic
 * spike of step s arrives at t_pre = s + 1; with a delay of D steps (all of a
 * synapse's delay is dendritic, as in NEST's stdp_synapse) the synapse reads
 * the archive at t_pre − D. Integer times make every comparison exact.
 *
 * Protocol of a plastic synapse handler, for each connection into `local`:
 *     n = ss_archive_history(a, local, t_last - D, t_pre - D, &e);
 *         -> the spikes with t in (t_last − D, t_pre − D], oldest first; each
 *            is marked as read by one more synapse (facilitation uses them)
 *     K = ss_archive_trace(a, local, t_pre - D);
 *         -> the post trace at t_pre − D from spikes strictly before it
 *            (depression); 0 when there is none.
 * Every presynaptic spike covers the next interval of its synapse, so each
 * entry is read exactly once by each incoming plastic connection (multapses
 * count separately). The engine appends a neuron's spikes after every update
 * step (ss_archive_record) and then prunes: the oldest entry goes once the
 * entry after it has been read by all n_incoming synapses — from then on no
 * synapse can ask for a time at which the oldest entry is the latest one, so
 * neither history nor trace can need it. The archive therefore holds the
 * unread entries plus at most two; a neuron whose plastic input never spikes
 * keeps its history (NEST does the same).
 *
 * Everything is a function of the spike trains and the connections, so the
 * archive (and hence every weight) is the same for every decomposition.
 * The engine owns the archives; handlers get theirs through
 * ss_syn_context::archive. Only the thread owning the neuron touches it.
 */
#ifndef SS_ARCHIVE_H
#define SS_ARCHIVE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* ---- decay tables ----------------------------------------------------------
 * Trace decays between events are exp(n·c) for an integer number of steps n
 * and a constant c (−h/tau). A table of exp((double)n * c) for n in
 * [0, SS_DECAY_N), filled with the same libm call, returns the same bits as
 * calling exp with the same argument, at the cost of one load; beyond the
 * table (or where no table could be allocated: n == 0) the call is made. The
 * archive of a thread owns one table per distinct c (ss_archive_decay), so
 * the post trace and every synapse type with the same time constant share
 * it. 16384 entries (128 KiB) cover 164 ms at h = 0.01 ms: nearly every
 * inter-spike interval of a network firing at a few Hz or more. */
#define SS_DECAY_N 16384u

typedef struct ss_decay {
    const double *v;  /* v[n] = exp((double)n * c), n < len */
    double c;
    uint32_t len;     /* 0: no table, every value is computed */
} ss_decay;

/* exp((double)n * d->c), bit for bit, for any n (negative n too). */
static inline double ss_decay_at(const ss_decay *d, int64_t n)
{
    return (uint64_t)n < d->len ? d->v[n] : exp((double)n * d->c);
}

/* Fills v[0 .. len) with exp((double)n * c) (the values ss_decay_at returns). */
void ss_decay_fill(double *v, uint32_t len, double c);

/* One archived postsynaptic spike. */
typedef struct ss_post_spike {
    int64_t t;           /* spike time in steps (time t·h ms) */
    double kminus;       /* post trace right after this spike */
    uint32_t reads;      /* incoming plastic synapses that have read it */
} ss_post_spike;

/* The history of one neuron. Entries live in e[head .. head+len). */
typedef struct ss_post_history {
    ss_post_spike *e;
    uint32_t head, len, cap;
    uint32_t n_incoming;  /* incoming plastic connections (0: not archived) */
    ss_decay decay;       /* c = −h / tau_minus, table shared in the archive */
} ss_post_history;

/* The archive of one thread. Its functions are inline because a plastic
 * handler calls two of them per synaptic event. */
typedef struct ss_post_archive {
    ss_post_history *n;   /* [n_local], indexed by thread-local index */
    uint32_t n_local;
    size_t max_len;       /* largest history length seen (tests, ledger) */
    double **tab_v;       /* decay tables: values [n_tab][SS_DECAY_N] */
    double *tab_c;        /* their c */
    uint32_t n_tab;
} ss_post_archive;

/* Zero-initialised archive for n_local local indices. */
int ss_archive_init(ss_post_archive *a, uint32_t n_local, ss_err *err);
void ss_archive_free(ss_post_archive *a);
/* Counts one more incoming plastic connection of `local` (prepare). */
void ss_archive_add_incoming(ss_post_archive *a, uint32_t local);
/* Post-trace time constant of `local` (calibrate; tau in ms, h in ms). */
void ss_archive_set_tau(ss_post_archive *a, uint32_t local, double tau_minus, double h);
/* The decay exp(n·c) with this archive's table for c, built on first use
 * (a few hundred microseconds once). A synapse handler asks once per spike
 * for each trace it decays; a is its ctx->archive (NULL gives a table-less
 * ss_decay). Out of memory or c not finite: no table, same values. */
ss_decay ss_archive_decay(ss_post_archive *a, double c);
/* Appends a spike of `local` at time t (steps), then prunes. A no-op for
 * neurons without incoming plastic connections. Fails only when out of
 * memory. Times must increase per neuron. */
int ss_archive_record(ss_post_archive *a, uint32_t local, int64_t t);
/* Bytes owned (ledger category post_history). */
size_t ss_archive_bytes(const ss_post_archive *a);
/* Entries currently held in all histories (tests: bounded memory). */
size_t ss_archive_entries(const ss_post_archive *a);

/* Spikes of `local` in (t1, t2], oldest first, marked read; *first points at
 * the first of the returned count (valid until the next ss_archive_record). */
static inline size_t ss_archive_history(ss_post_archive *a, uint32_t local, int64_t t1,
                                        int64_t t2, const ss_post_spike **first)
{
    ss_post_history *p = &a->n[local];
    ss_post_spike *e = p->e + p->head, *end = e + p->len;
    while (e < end && e->t <= t1)
        ++e;
    ss_post_spike *b = e;
    for (; e < end && e->t <= t2; ++e)
        ++e->reads;
    *first = b;
    return (size_t)(e - b);
}

/* Post trace of `local` at time t (steps) from its spikes strictly before t. */
static inline double ss_archive_trace(const ss_post_archive *a, uint32_t local, int64_t t)
{
    const ss_post_history *p = &a->n[local];
    const ss_post_spike *b = p->e + p->head;
    for (const ss_post_spike *e = b + p->len; e > b;) {
        --e;
        if (e->t < t)
            return e->kminus * ss_decay_at(&p->decay, t - e->t);
    }
    return 0.0;
}

#endif
