/* engine/prepare.c — from connection rules to the simulation layout:
 * connections sorted by source gid (generated twice from the rules: count,
 * then place; stable, so multapses keep their creation order), the
 * per-thread source index, presynaptic state, delays, ring buffers and the
 * target tables. */
#include "kernel_impl.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

/* After the counting pass (pos[s + 1] = connections from source s): allocate
 * the arrays, build the source index and turn pos into start positions. */
static int layout_group(ss_group *g, const ss_syn_type *type, uint64_t max_gid)
{
    size_t n = 0, n_src = 0;
    for (uint64_t s = 0; s <= max_gid; ++s) {
        n += g->pos[s + 1];
        n_src += g->pos[s + 1] != 0;
    }
    if (n > UINT32_MAX)
        return -1;
    g->target = malloc((n ? n : 1) * sizeof *g->target);
    g->weight = malloc((n ? n : 1) * sizeof *g->weight);
    g->src_gid = malloc((n_src ? n_src : 1) * sizeof *g->src_gid);
    g->src_begin = malloc((n_src + 1) * sizeof *g->src_begin);
    size_t ps = type->model->presyn_size;
    g->presyn = ps ? malloc(n_src * ps + 1) : NULL;
    if (!g->target || !g->weight || !g->src_gid || !g->src_begin || (ps && !g->presyn))
        return -1;
    size_t j = 0;
    uint32_t at = 0;
    for (uint64_t s = 0; s <= max_gid; ++s) {
        uint32_t c = g->pos[s + 1];
        if (c) {
            g->src_gid[j] = (uint32_t)s;
            g->src_begin[j++] = at;
        }
        g->pos[s] = at;   /* pos[s] = next slot of source s (pos[s + 1] read above) */
        at += c;
    }
    g->src_begin[n_src] = at;
    g->n = n;
    g->n_src = n_src;
    return 0;
}

static void finish_group(ss_group *g, const ss_syn_type *type)
{
    size_t ps = type->model->presyn_size;
    for (size_t s = 0; ps && s < g->n_src; ++s)
        type->model->init_presyn(type->common, g->presyn + s * ps);
    free(g->pos);
    g->pos = NULL;
}

/* Generation (both passes) is charged to the connect phase: it is the
 * connection building that NEST does inside Connect. */
static int build_connections(ss_kernel *k, ss_thread *th)
{
    for (size_t t = 0; t < k->n_types; ++t)
        if (!(th->groups[t].pos = calloc(k->n_gids + 2, sizeof *th->groups[t].pos)))
            return -1;
    ss_timers_mark(&th->timers, SS_PHASE_PREPARE);
    ss_k_generate(k, th, false);
    ss_timers_mark(&th->timers, SS_PHASE_CONNECT);
    for (size_t t = 0; t < k->n_types; ++t)
        if (layout_group(&th->groups[t], &k->types[t], k->n_gids) != 0)
            return -1;
    ss_timers_mark(&th->timers, SS_PHASE_PREPARE);
    ss_k_generate(k, th, true);
    ss_timers_mark(&th->timers, SS_PHASE_CONNECT);
    for (size_t t = 0; t < k->n_types; ++t)
        finish_group(&th->groups[t], &k->types[t]);
    return 0;
}

/* The postsynaptic archive, when the thread holds plastic connections: every
 * such connection counts as one reader of its target's history. */
static int init_archive(const ss_kernel *k, ss_thread *th)
{
    bool plastic = false;
    for (size_t t = 0; t < k->n_types; ++t)
        plastic |= k->types[t].model->needs_archive && th->groups[t].n > 0;
    if (!plastic)
        return 0;
    if (ss_archive_init(&th->archive, th->n_local, NULL) != 0)
        return -1;
    for (size_t t = 0; t < k->n_types; ++t) {
        const ss_group *g = &th->groups[t];
        for (size_t c = 0; k->types[t].model->needs_archive && c < g->n; ++c)
            ss_archive_add_incoming(&th->archive, g->target[c] & SS_SYN_TARGET_MASK);
    }
    return 0;
}

static int finalize_thread(ss_kernel *k, ss_thread *th)
{
    /* Every thread gets a group per type, even without connections. */
    if (th->n_groups_alloc < k->n_types) {
        ss_group *g = realloc(th->groups, (k->n_types ? k->n_types : 1) * sizeof *g);
        if (!g)
            return -1;
        memset(g + th->n_groups_alloc, 0, (k->n_types - th->n_groups_alloc) * sizeof *g);
        th->groups = g;
        th->n_groups_alloc = k->n_types;
    }
    th->cursor = calloc(k->n_types ? k->n_types : 1, sizeof *th->cursor);
    if (!th->cursor)
        return -1;
    if (build_connections(k, th) != 0)
        return -1;
    return init_archive(k, th);
}

/* Smallest and largest delay in use anywhere (steps). */
static void find_delays(ss_kernel *k)
{
    long long lo = INT64_MAX, hi = 0;
    for (int t = 0; t < k->n_threads; ++t) {
        ss_thread *th = &k->threads[t];
        for (size_t g = 0; g < k->n_types; ++g)
            if (th->groups[g].n) {
                lo = lo < k->types[g].delay ? lo : k->types[g].delay;
                hi = hi > k->types[g].delay ? hi : k->types[g].delay;
            }
        for (size_t i = 0; i < th->n_gen; ++i) {
            lo = lo < th->gen[i].delay ? lo : th->gen[i].delay;
            hi = hi > th->gen[i].delay ? hi : th->gen[i].delay;
        }
    }
    long long glo, ghi;
    MPI_Allreduce(&lo, &glo, 1, MPI_LONG_LONG, MPI_MIN, k->comm);
    MPI_Allreduce(&hi, &ghi, 1, MPI_LONG_LONG, MPI_MAX, k->comm);
    if (ghi == 0) /* nothing connected: one-step slices */
        glo = ghi = 1;
    k->min_delay = glo;
    k->max_delay = ghi;
}

/* Tells every generator the slice length (min_delay steps) and sizes each
 * thread's event buffer and its two staging buffers (deliver.c) for the
 * largest slice any of them may produce. */
static int prepare_generators(ss_kernel *k, ss_err *err)
{
    size_t cap = 1;
    for (size_t c = 0; c < k->n_colls; ++c)
        if (k->colls[c].kind == SS_KIND_GENERATOR) {
            const ss_generator_model *m = k->colls[c].model;
            size_t n = 0;
            if (k->min_delay > UINT32_MAX)
                return ss_fail(err, "min delay of %lld steps is too long for generators",
                               (long long)k->min_delay);
            if (m->prepare(k->colls[c].device, (uint32_t)k->min_delay, &n, err) != 0)
                return -1;
            cap = cap > n ? cap : n;
        }
    for (int t = 0; t < k->n_threads; ++t) {
        ss_thread *th = &k->threads[t];
        th->gen_ev = malloc(cap * sizeof *th->gen_ev);
        th->gen_stage[0] = malloc(cap * sizeof *th->gen_stage[0]);
        th->gen_stage[1] = malloc(cap * sizeof *th->gen_stage[1]);
        if (!th->gen_ev || !th->gen_stage[0] || !th->gen_stage[1])
            return ss_fail(err, "out of memory preparing generators");
    }
    return 0;
}

int ss_k_prepare(ss_kernel *k, ss_err *err)
{
    int failed = 0;
#pragma omp parallel num_threads(k->n_threads) reduction(| : failed)
    {
        ss_thread *th = &k->threads[omp_get_thread_num()];
        ss_timers_start(&th->timers);
        failed |= finalize_thread(k, th) != 0;
        ss_timers_mark(&th->timers, SS_PHASE_PREPARE);
    }
    int any = 0;
    MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, k->comm);
    if (any)
        return ss_fail(err, failed ? "out of memory sorting connections"
                                   : "another rank failed (see its message)");
    double t0 = ss_wall_now();
    find_delays(k);
    k->n_synapses_local = 0;
    for (int t = 0; t < k->n_threads; ++t) {
        ss_thread *th = &k->threads[t];
        for (size_t g = 0; g < k->n_types; ++g)
            k->n_synapses_local += (int64_t)th->groups[g].n;
        uint32_t nr = th->n_receptors ? th->n_receptors : 1;
        if (ss_ringbuf_init(&th->rb, nr, (uint32_t)(k->min_delay + k->max_delay), th->n_local,
                            err) != 0)
            failed = 1;
    }
    if (!failed && prepare_generators(k, err) != 0)
        failed = 1;
    if (!failed && ss_k_prepare_chunks(k, err) != 0)
        failed = 1;
    if (!failed && ss_k_build_target_tables(k, err) != 0)
        failed = 1;
    double dt = ss_wall_now() - t0;
    k->threads[0].timers.wall[SS_PHASE_PREPARE] += dt;
    if (k->rss_before_connect >= 0)
        k->rss_growth_connect = ss_proc_status_bytes("VmRSS") - k->rss_before_connect;
    k->prepared = true;
    return failed ? -1 : 0;
}

int64_t ss_kernel_indegree(const ss_kernel *k, uint64_t gid, uint32_t type)
{
    size_t n = ss_kernel_sources_of(k, gid, type, NULL, 0);
    if (gid == 0 || gid > k->n_gids || ss_k_rank_of(k, gid) != k->rank)
        return -1;
    return (int64_t)n;
}

size_t ss_kernel_sources_of(const ss_kernel *k, uint64_t gid, uint32_t type, uint64_t *buf,
                            size_t cap)
{
    if (!k->prepared || type >= k->n_types || gid == 0 || gid > k->n_gids ||
        ss_k_rank_of(k, gid) != k->rank)
        return 0;
    ss_thread *th = &k->threads[ss_k_thread_of(k, gid)];
    uint32_t local = UINT32_MAX;
    for (size_t i = 0; i < th->n_pops; ++i) {
        ss_pop *p = &th->pops[i];
        if (gid >= p->first_gid && (gid - p->first_gid) % (uint64_t)k->n_vp == 0 &&
            (gid - p->first_gid) / (uint64_t)k->n_vp < p->n)
            local = p->offset + (uint32_t)((gid - p->first_gid) / (uint64_t)k->n_vp);
    }
    if (local == UINT32_MAX)
        return 0;
    const ss_group *g = &th->groups[type];
    size_t found = 0;
    for (size_t s = 0; s < g->n_src; ++s)
        for (uint32_t c = g->src_begin[s]; c < g->src_begin[s + 1]; ++c)
            if ((g->target[c] & SS_SYN_TARGET_MASK) == local) {
                if (buf && found < cap)
                    buf[found] = g->src_gid[s];
                ++found;
            }
    return found;
}
