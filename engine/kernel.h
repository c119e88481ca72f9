/* engine/kernel.h — the simulation kernel (DESIGN §3).
 *
 * One ss_kernel owns everything of a simulation: ranks and threads, the
 * resolution, nodes, connections, ring buffers, timers, the memory ledger and
 * the RNG seed. There is no global mutable state.
 *
 * Distribution: virtual processes VP = ranks x threads; the node with global id
 * gid (1-based, in creation order) lives on VP gid mod n_vp; VP v is thread
 * v / R of rank v mod R. Every call below is COLLECTIVE over the kernel's
 * communicator (all ranks call it with the same arguments, in the same order)
 * unless it says otherwise. Build calls are made by one thread; the kernel runs
 * its own OpenMP regions.
 *
 * Life cycle: create → add nodes → set parameters/state → synapse types →
 * connect → simulate (first call prepares: sorts connections, builds source
 * indices and target tables, ring buffers) → simulate ... → results → destroy.
 * No nodes or connections may be added after the first simulate.
 */
#ifndef SS_KERNEL_H
#define SS_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include <mpi.h>

#include "device.h"
#include "error.h"
#include "model.h"
#include "phases.h"
#include "results.h"
#include "synapse.h"

typedef struct ss_kernel ss_kernel;

typedef enum ss_wait_mode {
    SS_WAIT_AUTO,    /* polite if ranks x threads on a host exceed its cores */
    SS_WAIT_SPIN,    /* blocking MPI collectives (fast on dedicated cores) */
    SS_WAIT_POLITE   /* non-blocking collectives + MPI_Test + nanosleep back-off */
} ss_wait_mode;

typedef enum ss_bind_mode {
    SS_BIND_AUTO,    /* bind threads to cores unless oversubscribed */
    SS_BIND_NO,
    SS_BIND_YES
} ss_bind_mode;

typedef struct ss_kernel_config {
    MPI_Comm comm;       /* duplicated by the kernel */
    int n_threads;       /* >= 1 */
    double h_ms;         /* resolution */
    uint64_t seed;
    ss_wait_mode wait;
    ss_bind_mode bind;
} ss_kernel_config;

/* Optional per-thread hooks around the update and deliver phases (e.g. PAPI
 * counters). Called by each simulating thread itself; ctx is shared, so the
 * callee must keep per-thread data indexed by `thread`. */
typedef struct ss_phase_hooks {
    void *ctx;
    void (*begin)(void *ctx, int thread, ss_phase phase);
    void (*end)(void *ctx, int thread, ss_phase phase);
} ss_phase_hooks;

/* A range of consecutive gids made by one add call. */
typedef struct ss_nodes {
    uint64_t first;   /* first gid */
    uint64_t n;
    uint32_t index;   /* creation index of this collection */
} ss_nodes;

int ss_kernel_create(const ss_kernel_config *cfg, ss_kernel **out, ss_err *err);
void ss_kernel_destroy(ss_kernel *k);

int ss_kernel_rank(const ss_kernel *k);
int ss_kernel_n_ranks(const ss_kernel *k);
int ss_kernel_n_threads(const ss_kernel *k);
double ss_kernel_resolution(const ss_kernel *k);
bool ss_kernel_polite(const ss_kernel *k);
bool ss_kernel_oversubscribed(const ss_kernel *k);
/* Set (not collective) before simulate; NULL hooks disable. */
void ss_kernel_set_phase_hooks(ss_kernel *k, const ss_phase_hooks *hooks);

/* ---- nodes ---- */
int ss_kernel_add_neurons(ss_kernel *k, const ss_neuron_model *m, uint64_t n, ss_nodes *out,
                          ss_err *err);
int ss_kernel_add_generator(ss_kernel *k, const ss_generator_model *m, ss_nodes *out, ss_err *err);
int ss_kernel_add_recorder(ss_kernel *k, const ss_recorder_model *m, ss_nodes *out, ss_err *err);

/* Parameter of every node of a collection (neurons or a device). */
int ss_kernel_set_param(ss_kernel *k, ss_nodes nodes, const char *name, double value, ss_err *err);
int ss_kernel_get_param(ss_kernel *k, ss_nodes nodes, const char *name, double *value, ss_err *err);
/* State variable of every neuron of a collection: one value, or uniform in
 * [lo, hi) drawn per gid from (seed, SS_RNG_INIT + var, gid). */
int ss_kernel_set_state(ss_kernel *k, ss_nodes nodes, const char *name, double value, ss_err *err);
int ss_kernel_set_state_uniform(ss_kernel *k, ss_nodes nodes, const char *name, double lo,
                                double hi, ss_err *err);
/* Value of state `name` of neuron gid; only on the rank hosting it (not collective). */
int ss_kernel_get_state(ss_kernel *k, uint64_t gid, const char *name, double *value, ss_err *err);

/* ---- synapse types: a model with its common parameters and delay ---- */
int ss_kernel_add_synapse_type(ss_kernel *k, const ss_synapse_model *m, double delay_ms,
                               uint32_t *type, ss_err *err);
int ss_kernel_set_synapse_param(ss_kernel *k, uint32_t type, const char *name, double value,
                                ss_err *err);

/* ---- connections (stored on the target's thread) ---- */
/* Each target draws `indegree` sources uniformly from `src` (multapses allowed,
 * no autapses) with its own keyed stream (seed, SS_RNG_CONNECT + projection,
 * target gid), `projection` being the index of this call among fixed-indegree
 * calls. */
int ss_kernel_connect_fixed_indegree(ss_kernel *k, ss_nodes src, ss_nodes tgt, uint64_t indegree,
                                     uint32_t type, double weight, ss_err *err);
/* Every source to every target (autapses excluded when allow_autapses is false). */
int ss_kernel_connect_all_to_all(ss_kernel *k, ss_nodes src, ss_nodes tgt, uint32_t type,
                                 double weight, bool allow_autapses, ss_err *err);
/* A generator to every neuron of tgt, with weight and delay. */
int ss_kernel_connect_generator(ss_kernel *k, ss_nodes gen, ss_nodes tgt, double weight,
                                double delay_ms, ss_err *err);
/* Record the spikes of every neuron of `neurons` with recorder `rec`. */
int ss_kernel_record_spikes(ss_kernel *k, ss_nodes rec, ss_nodes neurons, ss_err *err);

/* Number of incoming network connections of gid of type `type`; only on the
 * rank hosting gid, after the first simulate (tests). -1 if not local. */
int64_t ss_kernel_indegree(const ss_kernel *k, uint64_t gid, uint32_t type);
/* Sources of the local connections of `type` into gid (ascending, with
 * multiplicity), count returned; buf may be NULL to count only (tests). */
size_t ss_kernel_sources_of(const ss_kernel *k, uint64_t gid, uint32_t type, uint64_t *buf,
                            size_t cap);

/* ---- simulation ---- */
/* Advances by round(t_ms / h) steps. Fails with the failing neuron's message
 * (on the rank where it happened; others report that a rank failed). */
int ss_kernel_simulate(ss_kernel *k, double t_ms, ss_err *err);

/* ---- results (collective) ---- */
/* Mean and standard deviation (population) of the weights of all connections
 * of `type`, over all ranks; NaN when there are none. Summed in double in a
 * fixed order per rank; the value may differ in the last bits between
 * decompositions (reductions), unlike spike trains. */
int ss_kernel_weight_stats(ss_kernel *k, uint32_t type, double *mean, double *std, ss_err *err);
int ss_kernel_results(ss_kernel *k, ss_run_results *out, ss_err *err);
int ss_kernel_spikes(ss_kernel *k, ss_spike_list *out, ss_err *err);

#endif
