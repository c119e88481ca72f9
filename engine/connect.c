/* engine/connect.c — connection rules. A connect call validates and records
 * its rule; prepare (prepare.c) then has each thread generate the connections
 * into its own neurons (stored on the target's thread) twice from the rules:
 * first counting per source, then writing each connection straight into its
 * place, sorted by source (ss_k_generate). The keyed RNG makes both passes draw
 * the same sources, so no unsorted copy of the connections is ever held. */
#include "kernel_impl.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

/* Makes every rank agree on failure (connect calls are collective). */
static int agree(ss_kernel *k, int rc, ss_err *err)
{
    int mine = rc != 0, any = 0;
    MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, k->comm);
    if (any && !mine)
        return ss_fail(err, "another rank failed (see its message)");
    return any ? -1 : 0;
}

static int check_neurons(const ss_kernel *k, ss_nodes n, const char *what, ss_err *err)
{
    if (n.index >= k->n_colls || k->colls[n.index].first != n.first)
        return ss_fail(err, "%s: unknown node collection", what);
    if (k->colls[n.index].kind != SS_KIND_NEURON)
        return ss_fail(err, "%s: nodes %llu.. are not neurons", what, (unsigned long long)n.first);
    return 0;
}

static void note_rss(ss_kernel *k)
{
    if (k->rss_before_connect < 0)
        k->rss_before_connect = ss_proc_status_bytes("VmRSS");
}

static int ensure_groups(ss_kernel *k, ss_thread *th)
{
    if (th->n_groups_alloc >= k->n_types)
        return 0;
    ss_group *g = realloc(th->groups, k->n_types * sizeof *g);
    if (!g)
        return -1;
    memset(g + th->n_groups_alloc, 0, (k->n_types - th->n_groups_alloc) * sizeof *g);
    th->groups = g;
    th->n_groups_alloc = k->n_types;
    return 0;
}

static uint32_t receptor_for(const ss_neuron_model *m, double w)
{
    return (m->route_by_sign && w < 0.0) ? 1u : 0u;
}

/* Counting pass: pos[src + 1] counts; placing pass: pos[src] is the next slot. */
static inline void emit(ss_group *g, bool place, uint32_t src, uint32_t target, double w)
{
    if (!place) {
        g->pos[src + 1]++;
        return;
    }
    uint32_t at = g->pos[src]++;
    g->target[at] = target;
    g->weight[at] = w;
}

/* Sources of one target: fixed in-degree (keyed by the target gid) or all. */
static void connect_target(const ss_kernel *k, const ss_rule *r, ss_group *g, uint64_t tgt_gid,
                           uint32_t packed, bool place)
{
    uint64_t s0 = r->src.first, ns = r->src.n;
    bool inside = tgt_gid >= s0 && tgt_gid < s0 + ns;
    if (r->indegree == 0) {
        for (uint64_t s = s0; s < s0 + ns; ++s)
            if (s != tgt_gid || r->allow_autapses)
                emit(g, place, (uint32_t)s, packed, r->weight);
        return;
    }
    /* Uniform over the source population minus the target itself: draw
     * below n-1 and step over the target, which keeps one draw per source. */
    ss_rng_stream st = ss_rng_stream_make(k->seed, SS_RNG_CONNECT + r->projection, tgt_gid);
    uint64_t n_choice = inside ? ns - 1 : ns;
    ss_rng_block b = {{0}};
    for (uint64_t j = 0; j < r->indegree; ++j) {
        if (j % 4 == 0)
            b = ss_rng_draw(st, j / 4, 0);
        uint64_t s = s0 + ss_rng_below(b.v[j % 4], n_choice);
        if (inside && s >= tgt_gid)
            ++s;
        emit(g, place, (uint32_t)s, packed, r->weight);
    }
}

void ss_k_generate(const ss_kernel *k, ss_thread *th, bool place)
{
    for (size_t q = 0; q < k->n_rules; ++q) {
        const ss_rule *r = &k->rules[q];
        ss_pop *p = ss_k_find_pop(th, r->tgt.index);
        if (!p)
            continue;
        ss_group *g = &th->groups[r->type];
        uint32_t rc = receptor_for(p->model, r->weight);
        for (size_t i = 0; i < p->n; ++i)
            connect_target(k, r, g, p->first_gid + i * (uint64_t)k->n_vp,
                           ss_syn_pack(p->offset + (uint32_t)i, rc), place);
    }
}

/* Checks a rule against the thread's target population. */
static int connect_thread(ss_kernel *k, int t, const ss_rule *r, ss_err *err)
{
    ss_thread *th = &k->threads[t];
    if (ensure_groups(k, th) != 0)
        return ss_fail(err, "out of memory");
    ss_pop *p = ss_k_find_pop(th, r->tgt.index);
    if (!p)
        return 0;
    uint32_t rc = receptor_for(p->model, r->weight);
    if (rc >= p->model->n_receptors)
        return ss_fail(err, "model %s has no receptor %u", p->model->name, rc);
    const ss_synapse_model *sm = k->types[r->type].model;
    if (sm->needs_archive && !p->model->post_trace_tau)
        return ss_fail(err, "%s is plastic but neuron model %s keeps no postsynaptic trace",
                       sm->name, p->model->name);
    return 0;
}

static int run_rule(ss_kernel *k, const ss_rule *r, ss_err *err)
{
    note_rss(k);
    int failed = 0;
    ss_err first = {{0}};
#pragma omp parallel num_threads(k->n_threads)
    {
        int t = omp_get_thread_num();
        ss_thread *th = &k->threads[t];
        ss_timers_start(&th->timers);
        ss_err e;
        if (connect_thread(k, t, r, &e) != 0) {
#pragma omp critical(ss_connect_err)
            {
                if (!failed)
                    first = e;
                failed = 1;
            }
        }
        ss_timers_mark(&th->timers, SS_PHASE_CONNECT);
    }
    if (!failed && ss_k_push((void **)&k->rules, &k->n_rules, &k->cap_rules, sizeof *r, r) != 0) {
        ss_fail(&first, "out of memory recording a connection rule");
        failed = 1;
    }
    if (failed && err)
        *err = first;
    return agree(k, failed, err);
}

static int check_common(const ss_kernel *k, ss_nodes src, ss_nodes tgt, uint32_t type, double w,
                        ss_err *err)
{
    if (k->prepared)
        return ss_fail(err, "cannot connect after the simulation has started");
    if (check_neurons(k, src, "connect source", err) || check_neurons(k, tgt, "connect target", err))
        return -1;
    if (type >= k->n_types)
        return ss_fail(err, "connect: unknown synapse type %u", type);
    if (w != w)
        return ss_fail(err, "connect: weight is NaN");
    return 0;
}

int ss_kernel_connect_fixed_indegree(ss_kernel *k, ss_nodes src, ss_nodes tgt, uint64_t indegree,
                                     uint32_t type, double weight, ss_err *err)
{
    if (check_common(k, src, tgt, type, weight, err) != 0)
        return -1;
    if (indegree == 0)
        return ss_fail(err, "fixed_indegree: indegree must be >= 1");
    bool overlap = tgt.first < src.first + src.n && src.first < tgt.first + tgt.n;
    if (overlap && src.n < 2)
        return ss_fail(err, "fixed_indegree: a single source cannot connect to itself without autapses");
    if (k->n_projections >= 256)
        return ss_fail(err, "fixed_indegree: at most 256 projections");
    ss_rule r = {.src = src, .tgt = tgt, .indegree = indegree, .projection = k->n_projections++,
              .type = type, .weight = weight};
    return run_rule(k, &r, err);
}

int ss_kernel_connect_all_to_all(ss_kernel *k, ss_nodes src, ss_nodes tgt, uint32_t type,
                                 double weight, bool allow_autapses, ss_err *err)
{
    if (check_common(k, src, tgt, type, weight, err) != 0)
        return -1;
    ss_rule r = {.src = src, .tgt = tgt, .indegree = 0, .type = type, .weight = weight,
              .allow_autapses = allow_autapses};
    return run_rule(k, &r, err);
}

int ss_kernel_connect_generator(ss_kernel *k, ss_nodes gen, ss_nodes tgt, double weight,
                                double delay_ms, ss_err *err)
{
    if (gen.index >= k->n_colls || k->colls[gen.index].kind != SS_KIND_GENERATOR)
        return ss_fail(err, "connect_generator: nodes %llu.. are not a generator",
                       (unsigned long long)gen.first);
    if (check_neurons(k, tgt, "connect_generator target", err) != 0)
        return -1;
    if (k->prepared)
        return ss_fail(err, "cannot connect after the simulation has started");
    double steps = delay_ms / k->h;
    if (!(steps >= 0.5) || llround(steps) < 1)
        return ss_fail(err, "generator delay %g ms is shorter than the resolution %g ms",
                       delay_ms, k->h);
    int failed = 0;
    for (int t = 0; t < k->n_threads && !failed; ++t) {
        ss_thread *th = &k->threads[t];
        ss_pop *p = ss_k_find_pop(th, tgt.index);
        if (!p)
            continue;
        uint32_t rc = receptor_for(p->model, weight);
        for (size_t i = 0; i < p->n && !failed; ++i) {
            ss_gen_link l = {.target_gid = p->first_gid + i * (uint64_t)k->n_vp,
                             .target = ss_syn_pack(p->offset + (uint32_t)i, rc),
                             .coll = gen.index, .gen_gid = gen.first, .weight = weight,
                             .delay = llround(steps)};
            failed = ss_k_push((void **)&th->gen, &th->n_gen, &th->cap_gen, sizeof l, &l);
        }
    }
    if (failed)
        ss_fail(err, "out of memory connecting a generator");
    return agree(k, failed, err);
}

int ss_kernel_record_spikes(ss_kernel *k, ss_nodes rec, ss_nodes neurons, ss_err *err)
{
    if (rec.index >= k->n_colls || k->colls[rec.index].kind != SS_KIND_RECORDER)
        return ss_fail(err, "record_spikes: nodes %llu.. are not a recorder",
                       (unsigned long long)rec.first);
    if (check_neurons(k, neurons, "record_spikes", err) != 0)
        return -1;
    for (int t = 0; t < k->n_threads; ++t) {
        ss_pop *p = ss_k_find_pop(&k->threads[t], neurons.index);
        if (p)
            for (size_t i = 0; i < p->n; ++i)
                p->recorder[i] = (int32_t)rec.index;
    }
    return 0;
}
