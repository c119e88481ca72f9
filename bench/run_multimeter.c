/* bench/run_multimeter.c — see run_multimeter.h. */
#include "run_multimeter.h"

#include <stdlib.h>
#include <string.h>

#include "multimeter.h"

static bool recording_on(const ss_config *cfg)
{
    return cfg->recording.gids.n > 0 || cfg->recording.per_population > 0;
}

/* The recorded gids: the listed ones, or the first N of E then of I. */
static uint64_t *recorded_gids(const ss_config *cfg, const ss_network *net, size_t *n)
{
    if (cfg->recording.gids.n > 0) {
        *n = cfg->recording.gids.n;
        uint64_t *g = malloc(*n * sizeof *g);
        if (g)
            memcpy(g, cfg->recording.gids.items, *n * sizeof *g);
        return g;
    }
    uint64_t per = (uint64_t)cfg->recording.per_population;
    uint64_t ne = per < net->exc.n ? per : net->exc.n, ni = per < net->inh.n ? per : net->inh.n;
    *n = (size_t)(ne + ni);
    uint64_t *g = malloc((*n ? *n : 1) * sizeof *g);
    for (uint64_t i = 0; g && i < ne; ++i)
        g[i] = net->exc.first + i;
    for (uint64_t i = 0; g && i < ni; ++i)
        g[ne + i] = net->inh.first + i;
    return g;
}

int ss_bench_mm_setup(ss_kernel *k, const ss_config *cfg, const ss_network *net,
                      double start_ms, ss_err *err)
{
    if (!recording_on(cfg))
        return 0;
    size_t n;
    uint64_t *g = recorded_gids(cfg, net, &n);
    if (!g)
        return ss_fail(err, "out of memory");
    uint64_t last = net->inh.first + net->inh.n - 1;
    for (size_t i = 0; i < n; ++i)
        if (g[i] < net->exc.first || g[i] > last) {
            ss_fail(err, "recording.gids: %llu is not a neuron of the network (gids 1..%llu)",
                    (unsigned long long)g[i], (unsigned long long)last);
            free(g);
            return -1;
        }
    ss_multimeter_spec s = {g, n, (const char *const *)cfg->recording.variables.items,
                            cfg->recording.variables.n, cfg->recording.interval_ms, start_ms};
    int rc = ss_kernel_add_multimeter(k, &s, err);
    free(g);
    return rc;
}

static const char *unit_of(const ss_neuron_model *m, const char *var)
{
    for (uint32_t v = 0; v < m->n_vars; ++v)
        if (strcmp(m->vars[v].name, var) == 0)
            return m->vars[v].unit;
    return "1";
}

/* The columns of population `pop` (gids in [first, first+n)) of d. */
static int split(const ss_mm_data *d, ss_nodes pop, const char *name, ss_bench_reports *r,
                 const ss_config *cfg)
{
    size_t N = 0, V = d->n_vars, F = d->n_frames, slot = r->n;
    for (size_t i = 0; i < d->n_gids; ++i)
        N += d->gids[i] >= pop.first && d->gids[i] < pop.first + pop.n;
    if (N == 0)
        return 0;
    uint64_t *ids = malloc(N * sizeof *ids);
    double *data = malloc((F * N * V + 1) * sizeof *data);
    if (!ids || !data) {
        free(ids), free(data);
        return -1;
    }
    size_t j = 0;
    for (size_t i = 0; i < d->n_gids; ++i) {
        if (!(d->gids[i] >= pop.first && d->gids[i] < pop.first + pop.n))
            continue;
        ids[j] = d->gids[i] - pop.first;
        for (size_t f = 0; f < F; ++f)
            memcpy(data + (f * N + j) * V, d->data + (f * d->n_gids + i) * V, V * sizeof *data);
        ++j;
    }
    r->node_ids[slot] = ids;
    r->data[slot] = data;
    r->rep[slot] = (ss_rec_report){
        .population = name, .n_nodes = N, .node_ids = ids, .n_vars = V,
        .variables = (const char *const *)cfg->recording.variables.items, .units = r->units,
        .t_start = d->t_first, .t_stop = d->t_first + (double)F * d->dt, .dt = d->dt,
        .n_times = F, .data = data};
    r->n = slot + 1;
    return 0;
}

int ss_bench_mm_reports(ss_kernel *k, const ss_config *cfg, const ss_network *net,
                        const ss_neuron_model *model, ss_bench_reports *out, ss_err *err)
{
    memset(out, 0, sizeof *out);
    if (!recording_on(cfg))
        return 0;
    ss_mm_data d;
    if (ss_kernel_multimeter_data(k, &d, err) != 0)
        return -1;
    int rc = 0;
    if (ss_kernel_rank(k) == 0) {
        size_t V = cfg->recording.variables.n;
        out->units = malloc(V * sizeof *out->units);
        for (size_t v = 0; out->units && v < V; ++v)
            out->units[v] = unit_of(model, cfg->recording.variables.items[v]);
        if (!out->units || split(&d, net->exc, "exc", out, cfg) || split(&d, net->inh, "inh", out, cfg))
            rc = ss_fail(err, "out of memory assembling multimeter reports");
    }
    ss_mm_data_free(&d);
    if (rc != 0)
        ss_bench_reports_free(out);
    return rc;
}

void ss_bench_reports_free(ss_bench_reports *r)
{
    for (int i = 0; i < 2; ++i) {
        free(r->node_ids[i]);
        free(r->data[i]);
    }
    free(r->units);
    memset(r, 0, sizeof *r);
}
