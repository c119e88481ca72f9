/* engine/archive.c — the postsynaptic spike archive (see archive.h). */
#include "archive.h"

#include <stdlib.h>
#include <string.h>

int ss_archive_init(ss_post_archive *a, uint32_t n_local, ss_err *err)
{
    memset(a, 0, sizeof *a);
    a->n = calloc(n_local ? n_local : 1, sizeof *a->n);
    if (!a->n)
        return ss_fail(err, "out of memory for the postsynaptic archive (%u neurons)", n_local);
    a->n_local = n_local;
    return 0;
}

void ss_archive_free(ss_post_archive *a)
{
    for (uint32_t i = 0; a->n && i < a->n_local; ++i)
        free(a->n[i].e);
    free(a->n);
    for (uint32_t i = 0; i < a->n_tab; ++i)
        free(a->tab_v[i]);
    free(a->tab_v);
    free(a->tab_c);
    memset(a, 0, sizeof *a);
}

void ss_decay_fill(double *v, uint32_t len, double c)
{
    for (uint32_t n = 0; n < len; ++n)
        v[n] = exp((double)n * c);
}

/* Appends a table for c; -1 (nothing changed) when out of memory. */
static int add_table(ss_post_archive *a, double c)
{
    double *v = malloc(SS_DECAY_N * sizeof *v);
    double **tv = realloc(a->tab_v, (a->n_tab + 1) * sizeof *tv);
    if (tv)
        a->tab_v = tv;
    double *tc = tv ? realloc(a->tab_c, (a->n_tab + 1) * sizeof *tc) : NULL;
    if (tc)
        a->tab_c = tc;
    if (!v || !tc) {
        free(v);
        return -1;
    }
    ss_decay_fill(v, SS_DECAY_N, c);
    a->tab_v[a->n_tab] = v;
    a->tab_c[a->n_tab++] = c;
    return 0;
}

ss_decay ss_archive_decay(ss_post_archive *a, double c)
{
    ss_decay d = {.v = NULL, .c = c, .len = 0};
    if (!a || !isfinite(c))
        return d;
    uint32_t i = 0;
    while (i < a->n_tab && a->tab_c[i] != c)
        ++i;
    if (i == a->n_tab && add_table(a, c) != 0)
        return d;
    d.v = a->tab_v[i];
    d.len = SS_DECAY_N;
    return d;
}

void ss_archive_add_incoming(ss_post_archive *a, uint32_t local)
{
    ++a->n[local].n_incoming;
}

void ss_archive_set_tau(ss_post_archive *a, uint32_t local, double tau_minus, double h)
{
    /* the negation is exact: exp(n·c) here is exp(−n·h/tau) bit for bit */
    a->n[local].decay = ss_archive_decay(a, -(h / tau_minus));
}

/* Drops the oldest entry while the entry after it has been read by every
 * incoming plastic synapse (why that is safe: archive.h). */
static void prune(ss_post_history *p)
{
    while (p->len > 1 && p->e[p->head + 1].reads >= p->n_incoming) {
        ++p->head;
        --p->len;
    }
}

/* Room for one more entry at the end: slide live entries to the front when
 * the head has advanced, otherwise grow geometrically. */
static int make_room(ss_post_history *p)
{
    if (p->head + p->len < p->cap)
        return 0;
    if (p->head > 0) {
        memmove(p->e, p->e + p->head, p->len * sizeof *p->e);
        p->head = 0;
        return 0;
    }
    uint32_t cap = p->cap ? 2 * p->cap : 4;
    ss_post_spike *e = realloc(p->e, cap * sizeof *e);
    if (!e)
        return -1;
    p->e = e;
    p->cap = cap;
    return 0;
}

int ss_archive_record(ss_post_archive *a, uint32_t local, int64_t t)
{
    ss_post_history *p = &a->n[local];
    if (p->n_incoming == 0)
        return 0;
    double k = 1.0;
    if (p->len > 0) {
        const ss_post_spike *last = &p->e[p->head + p->len - 1];
        k += last->kminus * ss_decay_at(&p->decay, t - last->t);
    }
    if (make_room(p) != 0)
        return -1;
    p->e[p->head + p->len] = (ss_post_spike){.t = t, .kminus = k, .reads = 0};
    ++p->len;
    prune(p);
    if (p->len > a->max_len)
        a->max_len = p->len;
    return 0;
}

size_t ss_archive_bytes(const ss_post_archive *a)
{
    if (!a->n)
        return 0;
    size_t b = a->n_local * sizeof *a->n + a->n_tab * (SS_DECAY_N + 1) * sizeof(double);
    for (uint32_t i = 0; i < a->n_local; ++i)
        b += a->n[i].cap * sizeof *a->n[i].e;
    return b;
}

size_t ss_archive_entries(const ss_post_archive *a)
{
    size_t n = 0;
    for (uint32_t i = 0; a->n && i < a->n_local; ++i)
        n += a->n[i].len;
    return n;
}
