/* engine/multimeter.c — see multimeter.h. */
#include "multimeter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_impl.h"

/* The population holding gid on its thread, and gid's local index in it. */
static ss_pop *pop_of(ss_kernel *k, uint64_t gid, size_t *i)
{
    ss_thread *th = &k->threads[ss_k_thread_of(k, gid)];
    for (size_t q = 0; q < th->n_pops; ++q) {
        ss_pop *p = &th->pops[q];
        uint64_t vp = (uint64_t)k->n_vp;
        if (gid >= p->first_gid && (gid - p->first_gid) % vp == 0 && (gid - p->first_gid) / vp < p->n) {
            *i = (size_t)((gid - p->first_gid) / vp);
            return p;
        }
    }
    return NULL;
}

/* Model of neuron gid from the collections (known on every rank). */
static const ss_neuron_model *model_of(const ss_kernel *k, uint64_t gid)
{
    for (size_t c = 0; c < k->n_colls; ++c)
        if (gid >= k->colls[c].first && gid < k->colls[c].first + k->colls[c].n)
            return k->colls[c].kind == SS_KIND_NEURON ? k->colls[c].model : NULL;
    return NULL;
}

static int has_state(const ss_neuron_model *m, const char *name)
{
    for (uint32_t v = 0; v < m->n_vars; ++v)
        if (m->vars[v].kind == SS_VAR_STATE && strcmp(m->vars[v].name, name) == 0)
            return 1;
    return 0;
}

/* Checks the spec the same way on every rank (no communication needed). */
static int check_spec(const ss_kernel *k, const ss_multimeter_spec *s, ss_err *err)
{
    if (k->prepared)
        return ss_fail(err, "multimeter: must be added before the first simulate");
    if (k->mm_every)
        return ss_fail(err, "multimeter: only one per kernel");
    double m = s->interval_ms / k->h;
    if (!(m >= 0.5) || fabs(m - (double)llround(m)) > 1e-9 * m)
        return ss_fail(err, "multimeter: interval %g ms is not a positive multiple of the resolution %g ms",
                       s->interval_ms, k->h);
    if (s->n_gids == 0 || s->n_vars == 0)
        return ss_fail(err, "multimeter: no neurons or no variables");
    for (size_t i = 0; i < s->n_gids; ++i) {
        const ss_neuron_model *nm = model_of(k, s->gids[i]);
        if (!nm)
            return ss_fail(err, "multimeter: gid %llu is not a neuron", (unsigned long long)s->gids[i]);
        for (size_t j = 0; j < i; ++j)
            if (s->gids[j] == s->gids[i])
                return ss_fail(err, "multimeter: gid %llu is listed twice", (unsigned long long)s->gids[i]);
        for (size_t v = 0; v < s->n_vars; ++v)
            if (!has_state(nm, s->vars[v]))
                return ss_fail(err, "multimeter: model %s (gid %llu) has no state variable '%s'",
                               nm->name, (unsigned long long)s->gids[i], s->vars[v]);
    }
    return 0;
}

static int add_probe(ss_kernel *k, uint64_t gid, const ss_multimeter_spec *s)
{
    size_t i = 0;
    ss_pop *p = pop_of(k, gid, &i);
    ss_thread *th = &k->threads[ss_k_thread_of(k, gid)];
    size_t n = th->mm_n + 1, V = s->n_vars;
    uint64_t *g = realloc(th->mm_gid, n * sizeof *g);
    if (g)
        th->mm_gid = g;
    const double **a = realloc(th->mm_arr, n * V * sizeof *a);
    if (a)
        th->mm_arr = a;
    uint32_t *x = realloc(th->mm_idx, n * sizeof *x);
    if (x)
        th->mm_idx = x;
    if (!p || !g || !a || !x)
        return -1;
    for (size_t v = 0; v < V; ++v)
        if (!(a[th->mm_n * V + v] = p->model->state(p->pop, s->vars[v])))
            return -1;
    g[th->mm_n] = gid;
    x[th->mm_n] = (uint32_t)i;
    th->mm_n = n;
    return 0;
}

int ss_kernel_add_multimeter(ss_kernel *k, const ss_multimeter_spec *s, ss_err *err)
{
    if (check_spec(k, s, err) != 0)
        return -1;
    k->mm_gids = malloc(s->n_gids * sizeof *k->mm_gids);
    if (!k->mm_gids)
        return ss_fail(err, "multimeter: out of memory");
    memcpy(k->mm_gids, s->gids, s->n_gids * sizeof *k->mm_gids);
    k->mm_ngids = s->n_gids;
    k->mm_nvars = s->n_vars;
    for (size_t i = 0; i < s->n_gids; ++i)
        if (ss_k_rank_of(k, s->gids[i]) == k->rank && add_probe(k, s->gids[i], s) != 0)
            return ss_fail(err, "multimeter: cannot record gid %llu (out of memory)",
                           (unsigned long long)s->gids[i]);
    k->mm_every = llround(s->interval_ms / k->h);
    k->mm_after = (int64_t)floor(s->start_ms / k->h + 1e-9);
    return 0;
}

int ss_k_mm_sample(ss_kernel *k, ss_thread *th, int64_t step)
{
    int64_t j = step + 1;
    if (th->mm_n == 0 || j % k->mm_every != 0 || j <= k->mm_after)
        return 0;
    size_t V = k->mm_nvars, need = th->mm_len + th->mm_n * V;
    if (need > th->mm_cap) {
        size_t cap = th->mm_cap ? 2 * th->mm_cap : 256;
        while (cap < need)
            cap *= 2;
        double *b = realloc(th->mm_buf, cap * sizeof *b);
        if (!b)
            return -1;
        th->mm_buf = b;
        th->mm_cap = cap;
    }
    for (size_t p = 0; p < th->mm_n; ++p)
        for (size_t v = 0; v < V; ++v)
            th->mm_buf[th->mm_len++] = th->mm_arr[p * V + v][th->mm_idx[p]];
    return 0;
}

/* This rank's probes as [probe][frame][V] blocks, with their gids. */
static int pack(const ss_kernel *k, size_t F, uint64_t **gids, double **vals, size_t *n)
{
    size_t V = k->mm_nvars, np = 0;
    for (int t = 0; t < k->n_threads; ++t)
        np += k->threads[t].mm_n;
    *gids = malloc((np ? np : 1) * sizeof **gids);
    *vals = malloc((np * F * V + 1) * sizeof **vals);
    if (!*gids || !*vals)
        return -1;
    size_t q = 0;
    for (int t = 0; t < k->n_threads; ++t) {
        const ss_thread *th = &k->threads[t];
        for (size_t p = 0; p < th->mm_n; ++p, ++q) {
            (*gids)[q] = th->mm_gid[p];
            for (size_t f = 0; f < F; ++f)
                for (size_t v = 0; v < V; ++v)
                    (*vals)[(q * F + f) * V + v] = th->mm_buf[(f * th->mm_n + p) * V + v];
        }
    }
    *n = np;
    return 0;
}

/* Rank 0: gathered blocks into out->data[f][i·V + v]. */
static void place(ss_mm_data *out, const uint64_t *gids, const double *vals, size_t n)
{
    size_t F = out->n_frames, V = out->n_vars, N = out->n_gids;
    for (size_t q = 0; q < n; ++q) {
        size_t i = 0;
        while (i < N && out->gids[i] != gids[q])
            ++i;
        for (size_t f = 0; f < F && i < N; ++f)
            for (size_t v = 0; v < V; ++v)
                out->data[f * N * V + i * V + v] = vals[(q * F + f) * V + v];
    }
}

static int gather(ss_kernel *k, ss_mm_data *out, size_t F, ss_err *err)
{
    uint64_t *g = NULL, *all_g = NULL;
    double *v = NULL, *all_v = NULL;
    size_t n = 0, V = k->mm_nvars;
    int R = k->n_ranks, fail = pack(k, F, &g, &v, &n) != 0;
    int cnt = (int)n, *cnts = calloc((size_t)R, sizeof *cnts), *displ = calloc((size_t)R, sizeof *displ),
        *vc = calloc((size_t)R, sizeof *vc), *vd = calloc((size_t)R, sizeof *vd);
    fail |= !cnts || !displ || !vc || !vd;
    int any = 0;
    MPI_Allreduce(&fail, &any, 1, MPI_INT, MPI_MAX, k->comm);
    if (!any) {
        MPI_Gather(&cnt, 1, MPI_INT, cnts, 1, MPI_INT, 0, k->comm);
        int tot = 0;
        for (int r = 0; k->rank == 0 && r < R; ++r) {
            displ[r] = tot;
            vc[r] = cnts[r] * (int)(F * V);
            vd[r] = tot * (int)(F * V);
            tot += cnts[r];
        }
        all_g = malloc(((size_t)tot + 1) * sizeof *all_g);
        all_v = malloc(((size_t)tot * F * V + 1) * sizeof *all_v);
        MPI_Gatherv(g, cnt, MPI_UINT64_T, all_g, cnts, displ, MPI_UINT64_T, 0, k->comm);
        MPI_Gatherv(v, cnt * (int)(F * V), MPI_DOUBLE, all_v, vc, vd, MPI_DOUBLE, 0, k->comm);
        if (k->rank == 0)
            place(out, all_g, all_v, (size_t)tot);
    }
    free(g), free(v), free(all_g), free(all_v), free(cnts), free(displ), free(vc), free(vd);
    return any ? ss_fail(err, "multimeter: out of memory gathering samples") : 0;
}

int ss_kernel_multimeter_data(ss_kernel *k, ss_mm_data *out, ss_err *err)
{
    memset(out, 0, sizeof *out);
    if (!k->mm_every)
        return 0;
    int64_t m = k->mm_every, first = (k->mm_after / m + 1) * m;
    size_t F = k->step >= first ? (size_t)((k->step - first) / m + 1) : 0;
    size_t N = k->mm_ngids, V = k->mm_nvars;
    out->n_gids = N;
    out->n_vars = V;
    out->dt = (double)m * k->h;
    out->t_first = (double)first * k->h;
    if (k->rank == 0) {
        out->n_frames = F;
        out->gids = malloc(N * sizeof *out->gids);
        out->data = calloc(F * N * V + 1, sizeof *out->data);
        if (out->gids)
            memcpy(out->gids, k->mm_gids, N * sizeof *out->gids);
    }
    int rc = gather(k, out, F, err);
    if (rc == 0 && k->rank == 0 && (!out->gids || !out->data))
        rc = ss_fail(err, "multimeter: out of memory");
    if (rc != 0)
        ss_mm_data_free(out);
    return rc;
}

void ss_mm_data_free(ss_mm_data *d)
{
    free(d->gids);
    free(d->data);
    memset(d, 0, sizeof *d);
}
