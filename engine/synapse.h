/* engine/synapse.h — the synapse model interface (DESIGN §3, §9).
 *
 * Storage the engine keeps for a synapse model, per thread of the TARGET:
 *   - per connection: the weight (double) and a packed target (uint32: the
 *     target's thread-local index in the low SS_SYN_TARGET_BITS bits, the
 *     receptor in the top bits). 12 bytes; nothing else is stored per synapse.
 *   - per (thread, source, synapse type): `presyn_size` bytes of presynaptic
 *     state (for STDP: the presynaptic trace Kplus and the last spike time),
 *     initialised by init_presyn. Handed to the handler with each spike.
 *   - per synapse type: the common parameter block (`common_size` bytes: all
 *     parameters, stored once — NEST's common properties) and the delay, which
 *     is homogeneous within a type and therefore not stored per synapse.
 * Connections of a type are sorted by source gid; the connections of one
 * source on one thread form one contiguous span, which is what the event
 * handler receives.
 *
 * Plastic models (`needs_archive`) read the postsynaptic spike archive through
 * the delivery context; see "STDP hooks" at the end of this file.
 */
#ifndef SS_SYNAPSE_H
#define SS_SYNAPSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "archive.h"
#include "error.h"
#include "model.h"

#define SS_SYN_TARGET_BITS 28u
#define SS_SYN_TARGET_MASK ((1u << SS_SYN_TARGET_BITS) - 1u)
#define SS_SYN_MAX_RECEPTORS 16u

static inline uint32_t ss_syn_pack(uint32_t local, uint32_t receptor)
{
    return (receptor << SS_SYN_TARGET_BITS) | local;
}

/* What a handler needs to deliver one presynaptic spike on one thread. */
typedef struct ss_syn_context {
    /* slot[r]: start of the ring-buffer slice (receptor r) of the arrival
     * step; index it with the unpacked local target index. */
    double *const *slot;
    int64_t spike_step;     /* the spike was emitted at the end of this step */
    double t_spike_ms;      /* (spike_step + 1) * h */
    double delay_ms;        /* the type's (homogeneous) delay */
    int64_t delay_steps;    /* the same in steps (all of it dendritic for STDP) */
    double h_ms;            /* resolution */
    /* Postsynaptic archive of the thread (engine/archive.h), NULL unless the
     * model needs it. */
    ss_post_archive *archive;
} ss_syn_context;

/* The connections of one source on one thread. Weights are writable
 * (plasticity); targets are not. */
typedef struct ss_syn_span {
    const uint32_t *target;
    double *weight;
    size_t n;
} ss_syn_span;

typedef struct ss_synapse_model {
    uint32_t abi_version;    /* SS_MODEL_ABI_VERSION */
    const char *name;        /* "static_synapse", "stdp_synapse", "stdp_synapse_nestml" */
    const char *summary;
    const char *provenance;  /* as in ss_neuron_model */

    uint32_t n_params;
    const ss_var_info *params;  /* common parameters (kind SS_VAR_PARAMETER) */

    size_t common_size;      /* bytes of the common parameter block */
    size_t presyn_size;      /* bytes of presynaptic state per (thread, source); 0 if none */
    bool needs_archive;      /* reads postsynaptic spike history (plastic) */

    /* Fills a common block with the defaults. */
    void (*init_common)(void *common);
    int (*set_param)(void *common, const char *name, double value, ss_err *err);
    int (*get_param)(const void *common, const char *name, double *value, ss_err *err);
    /* Validates the parameters and derives internals for resolution h (ms). */
    int (*calibrate)(void *common, double h, ss_err *err);
    /* Initial presynaptic state (may be NULL when presyn_size == 0). */
    void (*init_presyn)(const void *common, void *presyn);

    /* THE event handler: one presynaptic spike, all its connections on this
     * thread. Reads post history (ctx->archive), updates weights and
     * presynaptic state, adds each weight to its target's ring-buffer slot.
     * Called by the thread owning the targets; never concurrently for one span. */
    void (*deliver)(const void *common, void *presyn, ss_syn_span span, const ss_syn_context *ctx);
} ss_synapse_model;

/* ---- STDP hooks -------------------------------------------------------------
 * A neuron model with `post_trace_tau` gets a postsynaptic archive entry when
 * it has at least one incoming plastic connection (connecting a plastic type
 * to a model without one is an error). The archive of a thread stores, per
 * such neuron, its spike times and the post trace (NEST's Kminus) right after
 * each spike, and the number of incoming plastic synapses. Times are in steps:
 * the presynaptic spike arrives at t = spike_step + 1, d = delay_steps. A
 * handler, for each connection into `local`, asks
 *   n = ss_archive_history(archive, local, t_last - d, t - d, &first)
 * for the post spikes in (t_last - d, t - d] (facilitation), then
 *   ss_archive_trace(archive, local, t - d)
 * for the post trace at t - d (depression). Each history call marks the
 * entries it returns as read by one synapse; entries read by all incoming
 * plastic synapses are pruned. The engine records the spikes in the archive
 * after each update step. The presynaptic trace and t_last live in the presyn
 * block. Full description: engine/archive.h, docs/stdp.md. */

/* Prefetches for a handler's loop over a span, called at the top of
 * iteration j. A spike's targets are scattered over the thread's neurons, so
 * without them every connection waits for its cache misses in turn.
 * ss_syn_prefetch_slot: the ring-buffer slot of the target FAR connections
 * ahead. ss_syn_prefetch_plastic: that, the archive history header of the
 * same target, and the first and last archive entries of the target NEAR
 * ahead (whose header was prefetched FAR − NEAR iterations earlier).
 * Prefetches never fault; entry addresses are formed as integers so that an
 * empty history (e == NULL) is harmless. */
#define SS_SYN_PREFETCH_FAR 16u
#define SS_SYN_PREFETCH_NEAR 8u

static inline void ss_syn_prefetch_slot(ss_syn_span span, size_t j, double *const *slot)
{
    if (j + SS_SYN_PREFETCH_FAR < span.n) {
        uint32_t tgt = span.target[j + SS_SYN_PREFETCH_FAR];
        __builtin_prefetch(slot[tgt >> SS_SYN_TARGET_BITS] + (tgt & SS_SYN_TARGET_MASK), 1);
    }
}

static inline void ss_syn_prefetch_plastic(const ss_post_archive *a, ss_syn_span span, size_t j,
                                           double *const *slot)
{
    if (j + SS_SYN_PREFETCH_FAR < span.n) {
        uint32_t tgt = span.target[j + SS_SYN_PREFETCH_FAR], local = tgt & SS_SYN_TARGET_MASK;
        __builtin_prefetch(&a->n[local]);
        __builtin_prefetch(slot[tgt >> SS_SYN_TARGET_BITS] + local, 1);
    }
    if (j + SS_SYN_PREFETCH_NEAR < span.n) {
        const ss_post_history *p = &a->n[span.target[j + SS_SYN_PREFETCH_NEAR] & SS_SYN_TARGET_MASK];
        uintptr_t e = (uintptr_t)p->e, sz = sizeof *p->e;
        __builtin_prefetch((const void *)(e + p->head * sz));
        __builtin_prefetch((const void *)(e + (p->head + p->len - 1) * sz));
    }
}

#endif
