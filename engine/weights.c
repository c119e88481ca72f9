/* engine/weights.c — see weights.h. */
#include "weights.h"

#include "kernel_impl.h"

/* gid of thread-local index `local` (which must belong to a population). */
static uint64_t gid_of(const ss_kernel *k, const ss_thread *th, uint32_t local)
{
    for (size_t i = 0; i < th->n_pops; ++i) {
        const ss_pop *p = &th->pops[i];
        if (local >= p->offset && local < p->offset + p->n)
            return p->first_gid + (uint64_t)(local - p->offset) * (uint64_t)k->n_vp;
    }
    return 0;
}

void ss_kernel_visit_weights(const ss_kernel *k, uint32_t type,
                             void (*visit)(void *ctx, uint64_t tgt, uint64_t src, double w),
                             void *ctx)
{
    if (!k->prepared || type >= k->n_types)
        return;
    for (int t = 0; t < k->n_threads; ++t) {
        const ss_thread *th = &k->threads[t];
        const ss_group *g = &th->groups[type];
        for (size_t s = 0; s < g->n_src; ++s)
            for (uint32_t c = g->src_begin[s]; c < g->src_begin[s + 1]; ++c)
                visit(ctx, gid_of(k, th, g->target[c] & SS_SYN_TARGET_MASK), g->src_gid[s],
                      g->weight[c]);
    }
}

void ss_kernel_archive_size(const ss_kernel *k, size_t *entries, size_t *max_len)
{
    *entries = 0;
    *max_len = 0;
    for (int t = 0; t < k->n_threads; ++t) {
        const ss_post_archive *a = &k->threads[t].archive;
        *entries += ss_archive_entries(a);
        if (a->max_len > *max_len)
            *max_len = a->max_len;
    }
}
