/* stdp_deliver_bench — ns per delivered plastic event of the built-in
 * stdp_synapse and the nestmlc-generated stdp_synapse_nestml on the same
 * input, timed interleaved (issue 5: generated no slower than handwritten).
 *
 * One thread's view of brunel_aeif's E→all STDP synapses: `-n` target
 * neurons, each with `-k` incoming connections from `-s` sources (drawn
 * uniformly, multapses allowed), sorted by source as the engine stores them,
 * so one presynaptic spike is one span of about n·k/s connections. Sources
 * and targets fire Poisson at `-r` Hz, h = 0.01 ms, delay `-d` steps (all
 * dendritic). Both models get their own copy of the weights, the presynaptic
 * state and the postsynaptic archive, fed identical post spikes; the engine's
 * order is kept: post spikes enter the archives every step, the spikes of a
 * slice of `d` steps are delivered after it. Per slice, each model delivers
 * all of the slice's spikes under one CPU-time measurement, and the model
 * that goes first alternates, so machine load and cache warmth hit both
 * alike. At the end the two models' weights must agree (largest relative
 * difference printed). Not a test: it prints figures.
 *
 *   stdp_deliver_bench [-n targets] [-s sources] [-k in-degree] [-r Hz]
 *                      [-T ms] [-W warm-up ms] [-d delay steps] [-l lambda]
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"
#include "bench_input.h"
#include "synapse.h"

extern const ss_synapse_model ss_model_stdp_synapse;
extern const ss_synapse_model ss_nestml_synapse_stdp_synapse_nestml;

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct opts {
    uint32_t n, s, k;
    double rate_hz, t_ms, warm_ms, lambda;
    int64_t delay;
} opts;

/* Connections by source: span of source i is [start[i], start[i+1]). */
typedef struct net {
    uint32_t *start, *target;
    size_t n_syn;
} net;

/* One model's copy of everything it reads and writes. */
typedef struct side {
    const ss_synapse_model *m;
    void *common;
    unsigned char *presyn;
    ss_post_archive a;
    double *w, *slot;
    double cpu;
} side;

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* k sources per target, then counting sort by source; targets ascending
 * within a span (the engine's order). */
static int build_net(const opts *o, rng *r, net *g)
{
    const size_t n_syn = (size_t)o->n * o->k;
    uint32_t *src = malloc(n_syn * sizeof *src);
    g->start = calloc((size_t)o->s + 1, sizeof *g->start);
    g->target = malloc(n_syn * sizeof *g->target);
    if (!src || !g->start || !g->target) {
        free(src);
        return -1;
    }
    for (size_t j = 0; j < n_syn; j++) {
        src[j] = (uint32_t)(rng_u01(r) * o->s);
        g->start[src[j] + 1]++;
    }
    for (uint32_t i = 0; i < o->s; i++)
        g->start[i + 1] += g->start[i];
    uint32_t *fill = malloc((size_t)o->s * sizeof *fill);
    if (!fill) {
        free(src);
        return -1;
    }
    memcpy(fill, g->start, (size_t)o->s * sizeof *fill);
    for (size_t j = 0; j < n_syn; j++)
        g->target[fill[src[j]]++] = ss_syn_pack((uint32_t)(j / o->k), 0);
    for (uint32_t i = 0; i < o->s; i++)
        qsort(g->target + g->start[i], g->start[i + 1] - g->start[i], sizeof *g->target, cmp_u32);
    g->n_syn = n_syn;
    free(fill);
    free(src);
    return 0;
}

static int setup_side(side *x, const ss_synapse_model *m, const opts *o, size_t n_syn, ss_err *err)
{
    memset(x, 0, sizeof *x);
    x->m = m;
    x->common = calloc(1, m->common_size);
    x->presyn = calloc(o->s, m->presyn_size ? m->presyn_size : 1);
    x->w = malloc(n_syn * sizeof *x->w);
    x->slot = calloc(o->n, sizeof *x->slot);
    if (!x->common || !x->presyn || !x->w || !x->slot)
        return ss_fail(err, "out of memory");
    m->init_common(x->common);
    if (m->set_param(x->common, "lambda", o->lambda, err) || m->calibrate(x->common, 0.01, err))
        return -1;
    for (uint32_t i = 0; i < o->s; i++)
        m->init_presyn(x->common, x->presyn + (size_t)i * m->presyn_size);
    for (size_t j = 0; j < n_syn; j++)
        x->w[j] = 20.68015524367846; /* brunel_aeif's J_ex */
    if (ss_archive_init(&x->a, o->n, err))
        return -1;
    for (uint32_t l = 0; l < o->n; l++) {
        ss_archive_set_tau(&x->a, l, 20.0, 0.01);
        for (uint32_t q = 0; q < o->k; q++)
            ss_archive_add_incoming(&x->a, l);
    }
    return 0;
}

static void free_side(side *x)
{
    ss_archive_free(&x->a);
    free(x->common);
    free(x->presyn);
    free(x->w);
    free(x->slot);
}

/* All spikes of one slice through one model; CPU time added when timed. */
static void deliver_slice(side *x, const net *g, const uint32_t *src, const int64_t *step,
                          size_t n_spk, int64_t delay, bool timed)
{
    double *slots[1] = {x->slot};
    const double c0 = cpu_s();
    for (size_t q = 0; q < n_spk; q++) {
        const uint32_t i = src[q], b = g->start[i];
        ss_syn_context ctx = {.slot = slots, .spike_step = step[q],
                              .t_spike_ms = (double)(step[q] + 1) * 0.01,
                              .delay_ms = (double)delay * 0.01, .delay_steps = delay,
                              .h_ms = 0.01, .archive = &x->a};
        ss_syn_span span = {g->target + b, x->w + b, g->start[i + 1] - b};
        x->m->deliver(x->common, x->presyn + (size_t)i * x->m->presyn_size, span, &ctx);
    }
    if (timed)
        x->cpu += cpu_s() - c0;
}

static int parse(int argc, char **argv, opts *o)
{
    *o = (opts){.n = 1000, .s = 800, .k = 400, .rate_hz = 14.0, .t_ms = 2000.0, .warm_ms = 200.0,
                .lambda = 0.0, .delay = 150};
    int c;
    while ((c = getopt(argc, argv, "n:s:k:r:T:W:d:l:")) != -1) {
        switch (c) {
        case 'n': o->n = (uint32_t)atol(optarg); break;
        case 's': o->s = (uint32_t)atol(optarg); break;
        case 'k': o->k = (uint32_t)atol(optarg); break;
        case 'r': o->rate_hz = atof(optarg); break;
        case 'T': o->t_ms = atof(optarg); break;
        case 'W': o->warm_ms = atof(optarg); break;
        case 'd': o->delay = atol(optarg); break;
        case 'l': o->lambda = atof(optarg); break;
        default: return -1;
        }
    }
    return o->n && o->s && o->k && o->delay > 0 && o->t_ms > 0 && o->warm_ms >= 0
                   && o->rate_hz >= 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    opts o;
    if (parse(argc, argv, &o)) {
        fprintf(stderr, "usage: %s [-n targets] [-s sources] [-k in-degree] [-r Hz] [-T ms] "
                        "[-W warm-up ms] [-d delay steps] [-l lambda]\n", argv[0]);
        return 2;
    }
    rng r = {12345};
    net g = {0};
    ss_err err = {{0}};
    side x[2];
    const int64_t slice = o.delay, n_steps = (int64_t)llround((o.warm_ms + o.t_ms) / 0.01);
    const int64_t warm_steps = (int64_t)llround(o.warm_ms / 0.01);
    uint32_t *src = malloc((size_t)slice * o.s * sizeof *src);
    int64_t *step = malloc((size_t)slice * o.s * sizeof *step);
    if (build_net(&o, &r, &g) || !src || !step
        || setup_side(&x[0], &ss_model_stdp_synapse, &o, g.n_syn, &err)
        || setup_side(&x[1], &ss_nestml_synapse_stdp_synapse_nestml, &o, g.n_syn, &err)) {
        fprintf(stderr, "stdp_deliver_bench: %s\n", err.msg[0] ? err.msg : "out of memory");
        return 1;
    }
    const double p = o.rate_hz * 1e-5;
    size_t events = 0, post_spikes = 0;
    for (int64_t s0 = 0, k = 0; s0 < n_steps; s0 += slice, k++) {
        size_t n_spk = 0;
        for (int64_t s = s0; s < s0 + slice; s++) {
            for (uint32_t l = 0; l < o.n; l++)
                if (rng_u01(&r) < p) {
                    post_spikes++;
                    if (ss_archive_record(&x[0].a, l, s + 1) || ss_archive_record(&x[1].a, l, s + 1)) {
                        fprintf(stderr, "stdp_deliver_bench: out of memory\n");
                        return 1;
                    }
                }
            for (uint32_t i = 0; i < o.s; i++)
                if (rng_u01(&r) < p) {
                    src[n_spk] = i;
                    step[n_spk++] = s;
                }
        }
        const bool timed = s0 >= warm_steps;
        for (size_t q = 0; timed && q < n_spk; q++)
            events += g.start[src[q] + 1] - g.start[src[q]];
        for (int j = 0; j < 2; j++)
            deliver_slice(&x[(k + j) % 2], &g, src, step, n_spk, o.delay, timed);
    }
    double dmax = 0;
    for (size_t j = 0; j < g.n_syn; j++)
        dmax = fmax(dmax, fabs(x[0].w[j] - x[1].w[j]) / fmax(fabs(x[0].w[j]), 1e-300));
    printf("stdp_synapse vs stdp_synapse_nestml: %u targets, %u sources, in-degree %u "
           "(%zu synapses, ~%.0f per span), %.1f Hz, delay %lld steps, lambda %g, h = 0.01 ms\n",
           o.n, o.s, o.k, g.n_syn, (double)g.n_syn / o.s, o.rate_hz, (long long)o.delay, o.lambda);
    printf("%.0f ms warm-up + %.0f ms timed: %zu plastic events timed, %zu post spikes\n",
           o.warm_ms, o.t_ms, events, post_spikes);
    for (int j = 0; j < 2; j++)
        printf("%-20s: CPU %.2f ns per plastic event\n", x[j].m->name, 1e9 * x[j].cpu / (double)events);
    printf("ratio generated/built-in: %.3f; max relative weight difference: %.3g\n",
           x[1].cpu / x[0].cpu, dmax);
    for (int j = 0; j < 2; j++)
        free_side(&x[j]);
    free(g.start);
    free(g.target);
    free(src);
    free(step);
    return 0;
}
