/* engine/deliver.c — delivery of one slice's spikes on one thread.
 *
 * Every thread walks the same sorted key list (canonical order: step, then
 * source gid) and hands each spike to the synapse types that have connections
 * from that source on this thread; the handler adds the weights to the
 * targets' ring-buffer slots. Generator input is added afterwards, at a fixed
 * point, link after link, each link's events of the slice in draw order
 * (device.h). Each target's slot therefore sums its inputs in
 * an order that does not depend on ranks or threads, which makes the
 * floating-point sums, and thus the spike trains, bitwise reproducible. */
#include "kernel_impl.h"

#include "rng.h"

/* First source-index position >= gid, searching from `from`. */
static size_t lower_bound(const uint32_t *a, size_t from, size_t n, uint32_t gid)
{
    size_t lo = from, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < gid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void deliver_spike(ss_kernel *k, ss_thread *th, uint32_t gid, int64_t step)
{
    double *slot[SS_SYN_MAX_RECEPTORS];
    for (size_t g = 0; g < k->n_types; ++g) {
        ss_group *gr = &th->groups[g];
        if (gr->n_src == 0)
            continue;
        size_t s = lower_bound(gr->src_gid, th->cursor[g], gr->n_src, gid);
        th->cursor[g] = s;
        if (s == gr->n_src || gr->src_gid[s] != gid)
            continue;
        const ss_syn_type *ty = &k->types[g];
        int64_t arrival = step + ty->delay;
        for (uint32_t r = 0; r < th->rb.n_receptors; ++r)
            slot[r] = ss_ringbuf_slice(&th->rb, r, arrival);
        ss_syn_context ctx = {.slot = slot, .spike_step = step,
                              .t_spike_ms = (double)(step + 1) * k->h,
                              .delay_ms = ty->delay_ms, .delay_steps = ty->delay, .h_ms = k->h,
                              .archive = ty->model->needs_archive ? &th->archive : NULL};
        uint32_t b = gr->src_begin[s], e = gr->src_begin[s + 1];
        ss_syn_span span = {gr->target + b, gr->weight + b, e - b};
        void *pre = gr->presyn ? gr->presyn + s * ty->model->presyn_size : NULL;
        ty->model->deliver(ty->common, pre, span, &ctx);
        th->n_syn_events += (int64_t)span.n;
    }
}

/* The additions of one link's events (their slots are the steps S + e of the
 * link's target column: first + e, wrapped once since len <= n_slots, so no
 * division per event), prefetched for writing. The events of one link are
 * scattered over `len` slices of the ring buffer, each in its own cache line,
 * so their misses are started here and the additions done one link later. */
static int64_t stage_link(const ss_ringbuf *rb, const ss_gen_link *l, int64_t S,
                          const ss_gen_event *ev, size_t n, ss_gen_add *out)
{
    uint32_t r = l->target >> SS_SYN_TARGET_BITS, idx = l->target & SS_SYN_TARGET_MASK;
    uint32_t first = ss_ringbuf_slot(rb, S + l->delay);
    double *col = rb->data + (size_t)r * rb->n_slots * rb->stride + idx;
    int64_t events = 0;
    for (size_t e = 0; e < n; ++e) {
        uint32_t slot = first + ev[e].step;
        slot -= slot >= rb->n_slots ? rb->n_slots : 0;
        out[e] = (ss_gen_add){col + (size_t)slot * rb->stride, l->weight * (double)ev[e].n};
        __builtin_prefetch(out[e].to, 1);
        events += ev[e].n;
    }
    return events;
}

static void apply(const ss_gen_add *a, size_t n)
{
    for (size_t e = 0; e < n; ++e)
        *a[e].to += a[e].value;
}

/* Generator events for steps [S, S + len) of every generator link of the
 * thread, link after link, each link's events in the order its model gives
 * them (device.h): the order of additions per target slot is fixed whatever
 * the decomposition. Link i's additions are made after link i + 1 has been
 * drawn (the draw hides their cache misses); the order of additions is the
 * same. */
static void deliver_generators(ss_kernel *k, ss_thread *th, int64_t S, int64_t len)
{
    const ss_ringbuf *rb = &th->rb;
    ss_gen_event *ev = th->gen_ev;
    size_t n_prev = 0;
    for (size_t i = 0; i < th->n_gen; ++i) {
        const ss_gen_link *l = &th->gen[i];
        const ss_coll *c = &k->colls[l->coll];
        const ss_generator_model *m = c->model;
        size_t n = m->slice(c->device, ss_rng_stream_make(k->seed, SS_RNG_POISSON, l->target_gid),
                            (uint64_t)S, l->gen_gid, (uint32_t)len, ev);
        th->n_gen_events += stage_link(rb, l, S, ev, n, th->gen_stage[i & 1]);
        apply(th->gen_stage[(i & 1) ^ 1], n_prev);
        n_prev = n;
    }
    if (th->n_gen > 0)
        apply(th->gen_stage[(th->n_gen - 1) & 1], n_prev);
}

void ss_k_deliver(ss_kernel *k, ss_thread *th, int64_t S, int64_t len)
{
    int64_t lag = -1;
    for (size_t i = 0; i < k->n_recv; ++i) {
        uint64_t key = k->recv[i];
        int64_t l = (int64_t)(key >> SS_KEY_LAG_SHIFT);
        if (l != lag) { /* gids ascend again within a new step */
            for (size_t g = 0; g < k->n_types; ++g)
                th->cursor[g] = 0;
            lag = l;
        }
        deliver_spike(k, th, (uint32_t)(key & SS_KEY_GID_MASK), S + l);
    }
    deliver_generators(k, th, S, len);
}
