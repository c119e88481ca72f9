/* engine/kernel_impl.h — the kernel's private data (not installed). */
#ifndef SS_KERNEL_IMPL_H
#define SS_KERNEL_IMPL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hwloc.h>
#include <mpi.h>

#include "archive.h"
#include "kernel.h"
#include "registry.h"
#include "ringbuf.h"
#include "timers.h"

/* A collection: the nodes of one add call. */
typedef struct ss_coll {
    ss_model_kind kind;
    const void *model;
    uint64_t first, n;
    void *device;          /* generator instance (generators) */
    double rec_start_ms;   /* recorders */
    double rec_stop_ms;
} ss_coll;

/* The neurons of one collection that live on one thread. */
typedef struct ss_pop {
    uint32_t coll;
    const ss_neuron_model *model;
    void *pop;
    size_t n, n_pad;
    uint64_t first_gid;    /* gid of local index 0; local i has gid first_gid + i * n_vp */
    uint32_t offset;       /* thread-local index of local 0 (ring buffers, targets) */
    int32_t *recorder;     /* per neuron: recorder collection index, -1 if none */
    uint32_t *spiked;      /* update output, capacity n */
} ss_pop;

/* Neurons [begin, end) of one population, advanced through a whole slice by
 * whichever thread claims the chunk (update.c). */
typedef struct ss_chunk {
    uint32_t pop;          /* index in the owning thread's pops */
    size_t begin, end;
    uint64_t *spk;         /* this slice's spikes: (lag << 32) | local index, ascending */
    size_t n_spk, cap_spk;
    size_t merged;         /* spk entries already merged by the owner */
} ss_chunk;

/* One connect call (fixed_indegree or all_to_all). Connections are not stored
 * at connect time: prepare generates them twice from the rules (the keyed RNG
 * makes the draws repeatable) — once to count per source, once to place them
 * directly into their sorted position — so no unsorted copy is ever held. */
typedef struct ss_rule {
    ss_nodes src, tgt;
    uint64_t indegree;       /* 0: all_to_all */
    uint32_t projection;     /* fixed_indegree: RNG purpose offset */
    uint32_t type;
    double weight;
    bool allow_autapses;
} ss_rule;

/* Connections of one synapse type on one thread. */
typedef struct ss_group {
    size_t n;
    uint32_t *target;      /* packed, sorted by source */
    double *weight;
    size_t n_src;
    uint32_t *src_gid;     /* ascending */
    uint32_t *src_begin;   /* n_src + 1 */
    unsigned char *presyn; /* n_src * presyn_size */
    uint32_t *pos;         /* during prepare: per source gid, count then next slot */
} ss_group;

typedef struct ss_gen_link {
    uint64_t target_gid;
    uint32_t target;       /* packed */
    uint32_t coll;         /* generator collection */
    uint64_t gen_gid;
    double weight;
    int64_t delay;         /* steps */
} ss_gen_link;

typedef struct ss_rec_spike {
    uint64_t gid;
    int64_t step;
    uint32_t recorder;
} ss_rec_spike;

/* One pending generator addition (*to += value), staged by delivery so that
 * its cache miss overlaps the next link's draw (deliver.c). */
typedef struct ss_gen_add {
    double *to;
    double value;
} ss_gen_add;

typedef struct ss_thread {
    ss_pop *pops;
    size_t n_pops;
    ss_chunk *chunks;      /* the pops cut into update chunks, in (pop, begin) order */
    size_t n_chunks;
    atomic_size_t next_chunk; /* first unclaimed chunk of this slice */
    uint32_t n_local;      /* padded locals: stride of the ring buffers */
    uint32_t n_receptors;
    ss_ringbuf rb;
    ss_group *groups;      /* [n_types] */
    size_t n_groups_alloc;
    ss_gen_link *gen;
    size_t n_gen, cap_gen;
    ss_gen_event *gen_ev;  /* one link's events of one slice (generators' max_events) */
    ss_gen_add *gen_stage[2]; /* two links' pending additions, as many entries as gen_ev */
    uint64_t *spikes;      /* keys (lag << 48 | gid) emitted in the current slice */
    size_t n_spikes, cap_spikes;
    ss_rec_spike *rec;
    size_t n_rec, cap_rec;
    ss_timers timers;
    int64_t n_syn_events, n_gen_events;
    size_t *cursor;        /* [n_types], source-index search positions while delivering */
    ss_post_archive archive; /* own spikes of neurons with plastic input (n == NULL: none) */
    /* multimeter probes of this thread's neurons: gid, state arrays [n][V], index */
    size_t mm_n;
    uint64_t *mm_gid;
    const double **mm_arr;
    uint32_t *mm_idx;
    double *mm_buf;        /* samples [frame][probe][V] */
    size_t mm_len, mm_cap;
    int failed;
    ss_err err;
    int bound_core;
} ss_thread;

typedef struct ss_syn_type {
    const ss_synapse_model *model;
    void *common;
    double delay_ms;
    int64_t delay;         /* steps */
} ss_syn_type;

struct ss_kernel {
    MPI_Comm comm;
    int rank, n_ranks, n_threads, n_vp;
    int local_rank, local_size;     /* ranks on this host */
    double h;
    uint64_t seed;
    bool polite, oversubscribed;
    ss_bind_mode bind;
    hwloc_topology_t topo;
    hwloc_bitmap_t avail;           /* CPUs the process may use (launcher binding) */
    bool launcher_bound;            /* avail is narrower than the machine */
    ss_phase_hooks hooks;

    ss_coll *colls;
    size_t n_colls, cap_colls;
    uint64_t n_gids;                /* last gid so far */
    uint64_t n_neurons;
    uint32_t n_projections;         /* fixed-indegree calls so far */

    ss_syn_type *types;
    size_t n_types, cap_types;

    ss_rule *rules;                 /* connect calls, in order */
    size_t n_rules, cap_rules;

    ss_thread *threads;

    bool prepared;
    int64_t step;
    int64_t min_delay, max_delay;   /* steps */

    /* multimeter (multimeter.c): sample after step j-1 when j % mm_every == 0, j > mm_after */
    int64_t mm_every, mm_after;     /* 0: none */
    bool update_swapped;            /* SS_UPDATE_SCHEDULE=swapped (tests): others' chunks first */
    size_t mm_ngids, mm_nvars;
    uint64_t *mm_gids;              /* the spec's order */

    /* target tables: local neuron li -> ranks that need its spikes */
    size_t n_li;
    uint32_t *dest_begin;           /* n_li + 1 */
    int32_t *dest_rank;

    /* exchange buffers (master thread) */
    uint64_t *send, *recv;
    size_t cap_send, cap_recv, n_recv;
    int *send_counts, *recv_counts, *send_displs, *recv_displs;
    bool abort;

    int64_t rss_before_connect;     /* -1 until the first connect */
    int64_t rss_growth_connect;
    int64_t n_synapses_local;
    double t_simulate;
};

/* Spike keys: lag within the slice in the top 16 bits, gid in the low 48, so
 * sorting keys sorts by (step, gid): the canonical delivery order. */
#define SS_KEY_LAG_SHIFT 48
#define SS_KEY_GID_MASK ((UINT64_C(1) << SS_KEY_LAG_SHIFT) - 1)

/* gid -> VP, thread, rank, thread-local index */
static inline int ss_k_vp(const ss_kernel *k, uint64_t gid) { return (int)(gid % (uint64_t)k->n_vp); }
static inline int ss_k_rank_of(const ss_kernel *k, uint64_t gid) { return ss_k_vp(k, gid) % k->n_ranks; }
static inline int ss_k_thread_of(const ss_kernel *k, uint64_t gid) { return ss_k_vp(k, gid) / k->n_ranks; }
/* Rank-level dense index of a local gid (target tables). */
static inline size_t ss_k_li(const ss_kernel *k, uint64_t gid)
{
    return (size_t)(gid / (uint64_t)k->n_vp) * (size_t)k->n_threads + (size_t)ss_k_thread_of(k, gid);
}

/* Number of gids in [first, first+n) on VP vp, and the first of them. */
uint64_t ss_k_count_on_vp(uint64_t first, uint64_t n, uint64_t n_vp, uint64_t vp, uint64_t *first_on);

/* Population of collection `coll` on thread th (NULL if none) and the local
 * index of gid within it. */
ss_pop *ss_k_find_pop(ss_thread *th, uint32_t coll);

/* internal steps, in their own files */
int ss_k_topology_init(ss_kernel *k, ss_wait_mode wait, ss_err *err);   /* topology.c */
int ss_k_bind_thread(ss_kernel *k, int thread);                         /* topology.c */
int ss_k_prepare(ss_kernel *k, ss_err *err);                            /* prepare.c */
int ss_k_collect(ss_kernel *k);                                         /* exchange.c */
int ss_k_communicate(ss_kernel *k, bool failed);                        /* exchange.c */
int ss_k_build_target_tables(ss_kernel *k, ss_err *err);                /* exchange.c */
void ss_k_deliver(ss_kernel *k, ss_thread *th, int64_t slice_start, int64_t len); /* deliver.c */
void ss_k_ledger(const ss_kernel *k, int64_t bytes[SS_N_MEM]);          /* ledger.c */
int ss_k_mm_sample(ss_kernel *k, ss_thread *th, int64_t step);          /* multimeter.c */
/* update.c: chunks at prepare; per slice, ss_k_update on every thread, a
 * barrier, then ss_k_update_merge on every thread before the exchange. */
int ss_k_prepare_chunks(ss_kernel *k, ss_err *err);
void ss_k_free_chunks(ss_thread *th);
size_t ss_k_chunk_bytes(const ss_thread *th);
int ss_k_update(ss_kernel *k, int t, int64_t S, int64_t len);
int ss_k_update_merge(ss_kernel *k, ss_thread *th, int64_t S, int64_t len);
int64_t ss_proc_status_bytes(const char *field);                        /* ledger.c */
int ss_k_push(void **buf, size_t *n, size_t *cap, size_t elem, const void *item); /* kernel.c */
/* Generates the connections of every rule into thread th: count (place =
 * false) increments groups[type].pos[src + 1]; place (true) writes target and
 * weight at groups[type].pos[src]++. Same order in both passes. connect.c */
void ss_k_generate(const ss_kernel *k, ss_thread *th, bool place);

#endif
