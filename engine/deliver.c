/* engine/deliver.c — delivery of one slice's spikes on one thread.
 *
 * Every thread walks the same sorted key list (canonical order: step, then
 * source gid) and hands each spike to the synapse types that have connections
 * from that source on this thread; the handler adds the weights to the
 * targets' ring-buffer slots. Generator input is added afterwards, at a fixed
 * point, per target and step. Each target's slot therefore sums its inputs in
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

/* Generator events for steps [S, S + len) of every generator link of the
 * thread. Steps come in aligned blocks of four (one Philox call per target
 * and block); within a block the links are walked in target order, so the
 * ring-buffer writes of one step are sequential. The order of additions per
 * target slot is fixed (one link after another), whatever the decomposition. */
static void deliver_generators(ss_kernel *k, ss_thread *th, int64_t S, int64_t len)
{
    for (int64_t b0 = S - S % 4; b0 < S + len; b0 += 4) {
        int64_t lo = b0 < S ? S : b0, hi = b0 + 4 < S + len ? b0 + 4 : S + len;
        /* slice starts per (step in block, receptor): no division per event */
        double *base[4][SS_SYN_MAX_RECEPTORS];
        for (uint32_t r = 0; r < th->rb.n_receptors; ++r)
            for (int64_t s = lo; s < hi; ++s)
                base[s - b0][r] = NULL;
        int64_t delay0 = th->n_gen ? th->gen[0].delay : 0; /* the usual case: one delay */
        for (size_t i = 0; i < th->n_gen; ++i) {
            const ss_gen_link *l = &th->gen[i];
            const ss_coll *c = &k->colls[l->coll];
            const ss_generator_model *m = c->model;
            ss_rng_block b = ss_rng_draw(ss_rng_stream_make(k->seed, SS_RNG_POISSON, l->target_gid),
                                         (uint64_t)b0 / 4, l->gen_gid);
            uint32_t r = l->target >> SS_SYN_TARGET_BITS, idx = l->target & SS_SYN_TARGET_MASK;
            for (int64_t s = lo; s < hi; ++s) {
                uint32_t n = m->count(c->device, ss_rng_u01(b.v[s - b0]));
                if (n) {
                    double *slice;
                    if (l->delay != delay0)
                        slice = ss_ringbuf_slice(&th->rb, r, s + l->delay);
                    else if (!(slice = base[s - b0][r]))
                        slice = base[s - b0][r] = ss_ringbuf_slice(&th->rb, r, s + delay0);
                    slice[idx] += l->weight * (double)n;
                    th->n_gen_events += n;
                }
            }
        }
    }
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
