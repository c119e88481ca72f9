/* engine/kernel.c — kernel life cycle, nodes, parameters, synapse types. */
#include "kernel_impl.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

int ss_k_push(void **buf, size_t *n, size_t *cap, size_t elem, const void *item)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        void *p = realloc(*buf, c * elem);
        if (!p)
            return -1;
        *buf = p;
        *cap = c;
    }
    memcpy((char *)*buf + *n * elem, item, elem);
    ++*n;
    return 0;
}

uint64_t ss_k_count_on_vp(uint64_t first, uint64_t n, uint64_t n_vp, uint64_t vp, uint64_t *first_on)
{
    uint64_t g1 = first + (vp + n_vp - first % n_vp) % n_vp;
    *first_on = g1;
    if (n == 0 || g1 > first + n - 1)
        return 0;
    return (first + n - 1 - g1) / n_vp + 1;
}

ss_pop *ss_k_find_pop(ss_thread *th, uint32_t coll)
{
    for (size_t i = 0; i < th->n_pops; ++i)
        if (th->pops[i].coll == coll)
            return &th->pops[i];
    return NULL;
}

/* Makes a local failure collective: every rank learns whether any rank failed. */
static int agree(ss_kernel *k, int rc, ss_err *err)
{
    int mine = rc != 0, any = 0;
    MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, k->comm);
    if (any && !mine)
        return ss_fail(err, "another rank failed (see its message)");
    return any ? -1 : 0;
}

int ss_kernel_create(const ss_kernel_config *cfg, ss_kernel **out, ss_err *err)
{
    *out = NULL;
    if (cfg->n_threads < 1)
        return ss_fail(err, "threads must be >= 1 (got %d)", cfg->n_threads);
    if (!(cfg->h_ms > 0) || !isfinite(cfg->h_ms))
        return ss_fail(err, "resolution must be > 0 ms (got %g)", cfg->h_ms);
    /* a testing knob: every thread runs the other threads' update chunks
     * first (update.c), so decomposition tests cover chunks run away from
     * their owner */
    const char *sched = getenv("SS_UPDATE_SCHEDULE");
    if (sched && strcmp(sched, "dynamic") != 0 && strcmp(sched, "swapped") != 0)
        return ss_fail(err, "SS_UPDATE_SCHEDULE: expected dynamic or swapped (got '%s')", sched);
    ss_kernel *k = calloc(1, sizeof *k);
    if (!k)
        return ss_fail(err, "kernel: out of memory");
    MPI_Comm_dup(cfg->comm, &k->comm);
    MPI_Comm_rank(k->comm, &k->rank);
    MPI_Comm_size(k->comm, &k->n_ranks);
    k->n_threads = cfg->n_threads;
    k->n_vp = k->n_ranks * k->n_threads;
    k->h = cfg->h_ms;
    k->seed = cfg->seed;
    k->bind = cfg->bind;
    k->rss_before_connect = -1;
    k->update_swapped = sched && strcmp(sched, "swapped") == 0;
    k->threads = calloc((size_t)k->n_threads, sizeof *k->threads);
    if (!k->threads) {
        ss_kernel_destroy(k);
        return ss_fail(err, "kernel: out of memory");
    }
    for (int t = 0; t < k->n_threads; ++t)
        k->threads[t].bound_core = -1;
    if (ss_k_topology_init(k, cfg->wait, err) != 0) {
        ss_kernel_destroy(k);
        return -1;
    }
    *out = k;
    return 0;
}

static void free_thread(ss_kernel *k, ss_thread *th)
{
    for (size_t i = 0; i < th->n_pops; ++i) {
        ss_pop *p = &th->pops[i];
        if (p->pop)
            p->model->destroy(p->pop);
        free(p->recorder);
        free(p->spiked);
    }
    free(th->pops);
    ss_k_free_chunks(th);
    for (size_t g = 0; g < th->n_groups_alloc; ++g) {
        ss_group *gr = &th->groups[g];
        free(gr->target);
        free(gr->weight);
        free(gr->src_gid);
        free(gr->src_begin);
        free(gr->presyn);
        free(gr->pos);
    }
    free(th->groups);
    free(th->gen);
    free(th->gen_ev);
    free(th->gen_stage[0]);
    free(th->gen_stage[1]);
    free(th->spikes);
    free(th->rec);
    free(th->cursor);
    ss_archive_free(&th->archive);
    free(th->mm_gid);
    free(th->mm_arr);
    free(th->mm_idx);
    free(th->mm_buf);
    ss_ringbuf_free(&th->rb);
    (void)k;
}

void ss_kernel_destroy(ss_kernel *k)
{
    if (!k)
        return;
    if (k->threads)
        for (int t = 0; t < k->n_threads; ++t)
            free_thread(k, &k->threads[t]);
    free(k->threads);
    free(k->mm_gids);
    for (size_t c = 0; c < k->n_colls; ++c)
        if (k->colls[c].kind == SS_KIND_GENERATOR && k->colls[c].device)
            ((const ss_generator_model *)k->colls[c].model)->destroy(k->colls[c].device);
    free(k->colls);
    for (size_t i = 0; i < k->n_types; ++i)
        free(k->types[i].common);
    free(k->types);
    free(k->rules);
    free(k->dest_begin);
    free(k->dest_rank);
    free(k->send);
    free(k->recv);
    free(k->send_counts);
    free(k->recv_counts);
    free(k->send_displs);
    free(k->recv_displs);
    if (k->avail)
        hwloc_bitmap_free(k->avail);
    if (k->topo)
        hwloc_topology_destroy(k->topo);
    if (k->comm != MPI_COMM_NULL && k->comm != 0)
        MPI_Comm_free(&k->comm);
    free(k);
}

int ss_kernel_rank(const ss_kernel *k) { return k->rank; }
int ss_kernel_n_ranks(const ss_kernel *k) { return k->n_ranks; }
int ss_kernel_n_threads(const ss_kernel *k) { return k->n_threads; }
double ss_kernel_resolution(const ss_kernel *k) { return k->h; }
bool ss_kernel_polite(const ss_kernel *k) { return k->polite; }
bool ss_kernel_oversubscribed(const ss_kernel *k) { return k->oversubscribed; }

void ss_kernel_set_phase_hooks(ss_kernel *k, const ss_phase_hooks *hooks)
{
    if (hooks)
        k->hooks = *hooks;
    else
        memset(&k->hooks, 0, sizeof k->hooks);
}

static int add_coll(ss_kernel *k, ss_model_kind kind, const void *model, uint64_t n, ss_nodes *out,
                    ss_err *err)
{
    if (k->prepared)
        return ss_fail(err, "cannot add nodes after the simulation has started");
    if (k->n_gids + n > UINT32_MAX - 1)
        return ss_fail(err, "too many nodes (gids are limited to 2^32 - 2)");
    ss_coll c = {.kind = kind, .model = model, .first = k->n_gids + 1, .n = n,
                 .rec_start_ms = 0.0, .rec_stop_ms = INFINITY};
    if (ss_k_push((void **)&k->colls, &k->n_colls, &k->cap_colls, sizeof c, &c) != 0)
        return ss_fail(err, "out of memory");
    k->n_gids += n;
    out->first = c.first;
    out->n = n;
    out->index = (uint32_t)(k->n_colls - 1);
    return 0;
}

/* One thread's share of a neuron collection: its population (SoA, padded). */
static int create_pop(ss_kernel *k, ss_thread *th, int t, uint32_t coll, ss_err *err)
{
    const ss_coll *c = &k->colls[coll];
    const ss_neuron_model *m = c->model;
    uint64_t vp = (uint64_t)(t * k->n_ranks + k->rank), first_on;
    uint64_t n = ss_k_count_on_vp(c->first, c->n, (uint64_t)k->n_vp, vp, &first_on);
    if (n == 0)
        return 0;
    size_t n_pad = (size_t)((n + SS_SIMD_PAD - 1) / SS_SIMD_PAD * SS_SIMD_PAD);
    ss_pop p = {.coll = coll, .model = m, .n = (size_t)n, .n_pad = n_pad, .first_gid = first_on,
                .offset = th->n_local};
    if ((uint64_t)th->n_local + n_pad > SS_SYN_TARGET_MASK)
        return ss_fail(err, "too many neurons on one thread (max %u)", SS_SYN_TARGET_MASK);
    p.pop = m->create((size_t)n, n_pad, err);
    if (!p.pop)
        return -1;
    p.recorder = malloc((size_t)n * sizeof *p.recorder);
    p.spiked = malloc((size_t)n * sizeof *p.spiked);
    size_t cap = th->n_pops;
    if (!p.recorder || !p.spiked ||
        ss_k_push((void **)&th->pops, &th->n_pops, &cap, sizeof p, &p) != 0) {
        m->destroy(p.pop);
        free(p.recorder);
        free(p.spiked);
        return ss_fail(err, "out of memory creating %s neurons", m->name);
    }
    for (size_t i = 0; i < n; ++i)
        p.recorder[i] = -1;
    th->pops[th->n_pops - 1] = p;
    th->n_local += (uint32_t)n_pad;
    if (m->n_receptors > th->n_receptors)
        th->n_receptors = m->n_receptors;
    return 0;
}

int ss_kernel_add_neurons(ss_kernel *k, const ss_neuron_model *m, uint64_t n, ss_nodes *out,
                          ss_err *err)
{
    if (n == 0)
        return ss_fail(err, "cannot create 0 %s neurons", m->name);
    if (m->n_receptors == 0 || m->n_receptors > SS_SYN_MAX_RECEPTORS)
        return ss_fail(err, "model %s: %u receptors (must be 1..%u)", m->name, m->n_receptors,
                       SS_SYN_MAX_RECEPTORS);
    if (add_coll(k, SS_KIND_NEURON, m, n, out, err) != 0)
        return -1;
    k->n_neurons += n;
    int failed = 0;
    ss_err first_err = {{0}};
#pragma omp parallel num_threads(k->n_threads)
    {
        int t = omp_get_thread_num();
        ss_thread *th = &k->threads[t];
        ss_timers_start(&th->timers);
        ss_err e;
        if (create_pop(k, th, t, out->index, &e) != 0) {
#pragma omp critical(ss_create_err)
            {
                if (!failed)
                    first_err = e;
                failed = 1;
            }
        }
        ss_timers_mark(&th->timers, SS_PHASE_CREATE);
    }
    if (failed && err)
        *err = first_err;
    return agree(k, failed, err);
}

int ss_kernel_add_generator(ss_kernel *k, const ss_generator_model *m, ss_nodes *out, ss_err *err)
{
    void *dev = m->create(err);
    if (!dev)
        return agree(k, -1, err);
    if (add_coll(k, SS_KIND_GENERATOR, m, 1, out, err) != 0) {
        m->destroy(dev);
        return -1;
    }
    k->colls[out->index].device = dev;
    return 0;
}

int ss_kernel_add_recorder(ss_kernel *k, const ss_recorder_model *m, ss_nodes *out, ss_err *err)
{
    return add_coll(k, SS_KIND_RECORDER, m, 1, out, err);
}

static int check_coll(const ss_kernel *k, ss_nodes nodes, ss_err *err)
{
    if (nodes.index >= k->n_colls || k->colls[nodes.index].first != nodes.first)
        return ss_fail(err, "unknown node collection (first gid %llu)",
                       (unsigned long long)nodes.first);
    return 0;
}

static int recorder_param(ss_coll *c, const char *name, double *value, bool set, ss_err *err)
{
    double *slot = strcmp(name, "start") == 0 ? &c->rec_start_ms
                   : strcmp(name, "stop") == 0 ? &c->rec_stop_ms : NULL;
    if (!slot)
        return ss_fail(err, "spike_recorder has no parameter '%s' (start, stop)", name);
    if (set)
        *slot = *value;
    else
        *value = *slot;
    return 0;
}

int ss_kernel_set_param(ss_kernel *k, ss_nodes nodes, const char *name, double value, ss_err *err)
{
    if (check_coll(k, nodes, err) != 0)
        return -1;
    ss_coll *c = &k->colls[nodes.index];
    if (c->kind == SS_KIND_GENERATOR)
        return ((const ss_generator_model *)c->model)->set_param(c->device, name, value, err);
    if (c->kind == SS_KIND_RECORDER)
        return recorder_param(c, name, &value, true, err);
    /* Validate on a scratch population too, so ranks/threads without any
     * neuron of the collection report the same error. */
    const ss_neuron_model *m = c->model;
    void *scratch = m->create(1, SS_SIMD_PAD, err);
    if (!scratch)
        return -1;
    int rc = m->set_param(scratch, name, value, err);
    m->destroy(scratch);
    for (int t = 0; rc == 0 && t < k->n_threads; ++t) {
        ss_pop *p = ss_k_find_pop(&k->threads[t], nodes.index);
        if (p)
            rc = m->set_param(p->pop, name, value, err);
    }
    return rc;
}

int ss_kernel_get_param(ss_kernel *k, ss_nodes nodes, const char *name, double *value, ss_err *err)
{
    if (check_coll(k, nodes, err) != 0)
        return -1;
    ss_coll *c = &k->colls[nodes.index];
    if (c->kind == SS_KIND_GENERATOR)
        return ((const ss_generator_model *)c->model)->get_param(c->device, name, value, err);
    if (c->kind == SS_KIND_RECORDER)
        return recorder_param(c, name, value, false, err);
    const ss_neuron_model *m = c->model;
    void *scratch = m->create(1, SS_SIMD_PAD, err);
    if (!scratch)
        return -1;
    int rc = 0;
    /* Parameters are homogeneous per collection: any local population answers;
     * without one, the defaults are the answer only if nothing was set, so
     * prefer a local population. */
    for (int t = 0; t < k->n_threads; ++t) {
        ss_pop *p = ss_k_find_pop(&k->threads[t], nodes.index);
        if (p) {
            rc = m->get_param(p->pop, name, value, err);
            m->destroy(scratch);
            return rc;
        }
    }
    rc = m->get_param(scratch, name, value, err);
    m->destroy(scratch);
    return rc;
}

static int var_index(const ss_neuron_model *m, const char *name)
{
    for (uint32_t i = 0; i < m->n_vars; ++i)
        if (m->vars[i].kind == SS_VAR_STATE && strcmp(m->vars[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int set_state(ss_kernel *k, ss_nodes nodes, const char *name, double lo, double hi,
                     bool uniform, ss_err *err)
{
    if (check_coll(k, nodes, err) != 0)
        return -1;
    ss_coll *c = &k->colls[nodes.index];
    if (c->kind != SS_KIND_NEURON)
        return ss_fail(err, "state '%s': nodes are not neurons", name);
    const ss_neuron_model *m = c->model;
    int vi = var_index(m, name);
    if (vi < 0)
        return ss_fail(err, "model %s has no state variable '%s'", m->name, name);
    for (int t = 0; t < k->n_threads; ++t) {
        ss_pop *p = ss_k_find_pop(&k->threads[t], nodes.index);
        if (!p)
            continue;
        double *a = m->state(p->pop, name);
        if (!a)
            return ss_fail(err, "model %s does not expose state '%s'", m->name, name);
        for (size_t i = 0; i < p->n; ++i) {
            if (!uniform) {
                a[i] = lo;
                continue;
            }
            uint64_t gid = p->first_gid + i * (uint64_t)k->n_vp;
            ss_rng_block b = ss_rng_draw(ss_rng_stream_make(k->seed, SS_RNG_INIT + (uint32_t)vi, gid), 0, 0);
            a[i] = lo + (hi - lo) * ss_rng_u01(b.v[0]);
        }
    }
    return 0;
}

int ss_kernel_set_state(ss_kernel *k, ss_nodes nodes, const char *name, double value, ss_err *err)
{
    return set_state(k, nodes, name, value, value, false, err);
}

int ss_kernel_set_state_uniform(ss_kernel *k, ss_nodes nodes, const char *name, double lo,
                                double hi, ss_err *err)
{
    if (!(hi >= lo))
        return ss_fail(err, "state '%s': uniform range [%g, %g) is empty", name, lo, hi);
    return set_state(k, nodes, name, lo, hi, true, err);
}

int ss_kernel_get_state(ss_kernel *k, uint64_t gid, const char *name, double *value, ss_err *err)
{
    if (gid == 0 || gid > k->n_gids || ss_k_rank_of(k, gid) != k->rank)
        return ss_fail(err, "gid %llu is not a node of this rank", (unsigned long long)gid);
    ss_thread *th = &k->threads[ss_k_thread_of(k, gid)];
    for (size_t i = 0; i < th->n_pops; ++i) {
        ss_pop *p = &th->pops[i];
        const ss_coll *c = &k->colls[p->coll];
        if (gid < c->first || gid >= c->first + c->n)
            continue;
        double *a = p->model->state(p->pop, name);
        if (!a)
            return ss_fail(err, "model %s has no state variable '%s'", p->model->name, name);
        *value = a[(gid - p->first_gid) / (uint64_t)k->n_vp];
        return 0;
    }
    return ss_fail(err, "gid %llu is not a neuron", (unsigned long long)gid);
}

int ss_kernel_add_synapse_type(ss_kernel *k, const ss_synapse_model *m, double delay_ms,
                               uint32_t *type, ss_err *err)
{
    if (k->prepared)
        return ss_fail(err, "cannot add synapse types after the simulation has started");
    double steps = delay_ms / k->h;
    if (!isfinite(steps) || llround(steps) < 1)
        return ss_fail(err, "%s: delay %g ms is shorter than the resolution %g ms", m->name,
                       delay_ms, k->h);
    if (fabs(steps - (double)llround(steps)) > 1e-9 * steps)
        return ss_fail(err, "%s: delay %g ms is not a multiple of the resolution %g ms", m->name,
                       delay_ms, k->h);
    ss_syn_type st = {.model = m, .delay_ms = delay_ms, .delay = llround(steps)};
    st.common = calloc(1, m->common_size ? m->common_size : 1);
    if (!st.common)
        return ss_fail(err, "out of memory");
    if (m->init_common)
        m->init_common(st.common);
    if (ss_k_push((void **)&k->types, &k->n_types, &k->cap_types, sizeof st, &st) != 0) {
        free(st.common);
        return ss_fail(err, "out of memory");
    }
    *type = (uint32_t)(k->n_types - 1);
    return 0;
}

int ss_kernel_set_synapse_param(ss_kernel *k, uint32_t type, const char *name, double value,
                                ss_err *err)
{
    if (type >= k->n_types)
        return ss_fail(err, "unknown synapse type %u", type);
    const ss_synapse_model *m = k->types[type].model;
    if (!m->set_param)
        return ss_fail(err, "%s has no parameter '%s'", m->name, name);
    return m->set_param(k->types[type].common, name, value, err);
}
