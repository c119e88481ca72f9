/* bench/run/counters.c — per-thread, per-phase counting over a backend. */
#include <stdlib.h>
#include <string.h>

#include "counters.h"

#define CACHE_LINE 64
#define WHY_LEN 512

/* One thread's state, in its own cache-line-aligned block so threads never
 * share a line. The arrays follow the struct in the same block. */
typedef struct thread_slot {
    int set;
    bool counting;
    long long *start;   /* [n_avail] reads at begin */
    long long *now;     /* [n_avail] reads at end */
    long long *acc;     /* [SS_CTR_N_PHASES][n_avail] accumulated counts */
} thread_slot;

struct ss_counters {
    const ss_counter_backend *b;
    int n_threads;
    size_t n_events;
    char **events;
    char **reason;
    bool *avail;
    size_t n_avail;
    size_t *avail_idx;      /* [n_avail] event index of the k-th added event */
    size_t n_comp;
    char **comp_name;
    char **comp_status;
    thread_slot **slots;    /* [n_threads] */
};

static char *dup_or_empty(const char *s) { return strdup(s && s[0] ? s : ""); }

static void free_strs(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

void ss_counters_destroy(ss_counters *c)
{
    if (!c)
        return;
    free_strs(c->events, c->n_events);
    free_strs(c->reason, c->n_events);
    free_strs(c->comp_name, c->n_comp);
    free_strs(c->comp_status, c->n_comp);
    for (int t = 0; c->slots && t < c->n_threads; t++) {
        thread_slot *s = c->slots[t];
        /* Best effort for sets their threads did not stop (PAPI may refuse
         * to stop another thread's set; the process ends soon anyway). */
        if (s && s->set >= 0) {
            c->b->set_stop(c->b->ctx, s->set);
            c->b->set_destroy(c->b->ctx, s->set);
        }
        free(s);
    }
    free(c->slots);
    free(c->avail);
    free(c->avail_idx);
    free(c);
}

/* Every event gets the same reason (backend unusable). */
static int all_unavailable(ss_counters *c, const char *why)
{
    for (size_t e = 0; e < c->n_events; e++) {
        free(c->reason[e]);
        if (!(c->reason[e] = strdup(why && why[0] ? why : "counter backend unavailable")))
            return -1;
    }
    return 0;
}

static int probe_components(ss_counters *c)
{
    size_t n = c->b->n_components ? c->b->n_components(c->b->ctx) : 0;
    c->comp_name = calloc(n ? n : 1, sizeof(char *));
    c->comp_status = calloc(n ? n : 1, sizeof(char *));
    if (!c->comp_name || !c->comp_status)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char name[128] = "", status[WHY_LEN] = "";
        c->b->component(c->b->ctx, i, name, sizeof name, status, sizeof status);
        c->comp_name[i] = strdup(name);
        c->comp_status[i] = strdup(status);
        c->n_comp = i + 1;
        if (!c->comp_name[i] || !c->comp_status[i])
            return -1;
    }
    return 0;
}

/* Adds the events one by one to a trial set, as each thread will later, so
 * conflicts between events show up here too. */
static int probe_events(ss_counters *c)
{
    char why[WHY_LEN] = "";
    int set = -1;
    if (c->b->set_create(c->b->ctx, &set, why, sizeof why) != 0)
        return all_unavailable(c, why);
    for (size_t e = 0; e < c->n_events; e++) {
        why[0] = '\0';
        if (c->b->set_add(c->b->ctx, set, c->events[e], why, sizeof why) == 0) {
            c->avail[e] = true;
            c->avail_idx[c->n_avail++] = e;
            continue;
        }
        free(c->reason[e]);
        if (!(c->reason[e] = strdup(why[0] ? why : "could not be added (no reason given)")))
            return -1;
    }
    c->b->set_destroy(c->b->ctx, set);
    return 0;
}

static int alloc_tables(ss_counters *c, const char *const *events)
{
    size_t n = c->n_events ? c->n_events : 1;
    c->events = calloc(n, sizeof(char *));
    c->reason = calloc(n, sizeof(char *));
    c->avail = calloc(n, sizeof(bool));
    c->avail_idx = calloc(n, sizeof(size_t));
    c->slots = calloc((size_t)c->n_threads, sizeof(thread_slot *));
    if (!c->events || !c->reason || !c->avail || !c->avail_idx || !c->slots)
        return -1;
    for (size_t e = 0; e < c->n_events; e++)
        if (!(c->events[e] = dup_or_empty(events[e])) || !(c->reason[e] = strdup("")))
            return -1;
    return 0;
}

ss_counters *ss_counters_create(const ss_counter_backend *b, const char *const *events,
                                size_t n_events, int n_threads, ss_err *err)
{
    if (n_threads < 1) {
        ss_fail(err, "counters: n_threads must be >= 1, got %d", n_threads);
        return NULL;
    }
    ss_counters *c = calloc(1, sizeof *c);
    if (!c) {
        ss_fail(err, "counters: out of memory");
        return NULL;
    }
    c->b = b;
    c->n_threads = n_threads;
    c->n_events = n_events;
    int rc = alloc_tables(c, events);
    char why[WHY_LEN] = "";
    if (rc == 0 && b->init(b->ctx, why, sizeof why) != 0)
        rc = all_unavailable(c, why);
    else if (rc == 0 && (rc = probe_components(c)) == 0)
        rc = probe_events(c);
    if (rc != 0) {
        ss_counters_destroy(c);
        ss_fail(err, "counters: out of memory");
        return NULL;
    }
    return c;
}

/* ---- per thread ---- */

static thread_slot *slot_alloc(size_t n_avail)
{
    size_t head = (sizeof(thread_slot) + 7) & ~(size_t)7;
    size_t bytes = head + (2 + SS_CTR_N_PHASES) * (n_avail ? n_avail : 1) * sizeof(long long);
    bytes = (bytes + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE;
    thread_slot *s = aligned_alloc(CACHE_LINE, bytes);
    if (!s)
        return NULL;
    memset(s, 0, bytes);
    long long *base = (long long *)((char *)s + head);
    s->start = base;
    s->now = base + n_avail;
    s->acc = base + 2 * n_avail;
    s->set = -1;
    return s;
}

static int slot_setup(ss_counters *c, thread_slot *s)
{
    char why[WHY_LEN];
    if (c->b->thread_init(c->b->ctx) != 0)
        return -1;
    if (c->b->set_create(c->b->ctx, &s->set, why, sizeof why) != 0) {
        s->set = -1;
        return -1;
    }
    for (size_t k = 0; k < c->n_avail; k++)
        if (c->b->set_add(c->b->ctx, s->set, c->events[c->avail_idx[k]], why, sizeof why) != 0)
            return -1;
    return c->b->set_start(c->b->ctx, s->set);
}

int ss_counters_thread_start(ss_counters *c, int thread)
{
    if (!c || thread < 0 || thread >= c->n_threads || c->slots[thread] || c->n_avail == 0)
        return -1;
    thread_slot *s = slot_alloc(c->n_avail);
    if (!s)
        return -1;
    c->slots[thread] = s;
    if (slot_setup(c, s) != 0) {
        if (s->set >= 0)
            c->b->set_destroy(c->b->ctx, s->set);
        s->set = -1;
        c->b->thread_fini(c->b->ctx);
        return -1;
    }
    s->counting = true;
    return 0;
}

void ss_counters_thread_stop(ss_counters *c, int thread)
{
    if (!c || thread < 0 || thread >= c->n_threads || !c->slots[thread])
        return;
    thread_slot *s = c->slots[thread];
    if (s->set >= 0) {
        c->b->set_stop(c->b->ctx, s->set);
        c->b->set_destroy(c->b->ctx, s->set);
        s->set = -1;
        c->b->thread_fini(c->b->ctx);
    }
}

static thread_slot *live_slot(ss_counters *c, int thread, int phase)
{
    if (!c || thread < 0 || thread >= c->n_threads || phase < 0 || phase >= SS_CTR_N_PHASES)
        return NULL;
    thread_slot *s = c->slots[thread];
    return (s && s->counting && s->set >= 0) ? s : NULL;
}

void ss_counters_begin(ss_counters *c, int thread, int phase)
{
    /* First phase of this thread: start its event set here, in the thread. */
    if (c && c->n_avail > 0 && thread >= 0 && thread < c->n_threads && !c->slots[thread])
        ss_counters_thread_start(c, thread);
    thread_slot *s = live_slot(c, thread, phase);
    if (s && c->b->set_read(c->b->ctx, s->set, s->start) != 0)
        s->counting = false;   /* a failed read would make every later count wrong */
}

void ss_counters_end(ss_counters *c, int thread, int phase)
{
    thread_slot *s = live_slot(c, thread, phase);
    if (!s)
        return;
    if (c->b->set_read(c->b->ctx, s->set, s->now) != 0) {
        s->counting = false;
        return;
    }
    long long *acc = s->acc + (size_t)phase * c->n_avail;
    for (size_t k = 0; k < c->n_avail; k++)
        acc[k] += s->now[k] - s->start[k];
}


/* ---- results ---- */

const char *ss_counters_backend_name(const ss_counters *c) { return c->b->name; }
int ss_counters_n_threads(const ss_counters *c) { return c->n_threads; }
size_t ss_counters_n_events(const ss_counters *c) { return c->n_events; }
const char *ss_counters_event(const ss_counters *c, size_t e) { return e < c->n_events ? c->events[e] : NULL; }
bool ss_counters_available(const ss_counters *c, size_t e) { return e < c->n_events && c->avail[e]; }
const char *ss_counters_reason(const ss_counters *c, size_t e) { return e < c->n_events ? c->reason[e] : NULL; }
size_t ss_counters_n_components(const ss_counters *c) { return c->n_comp; }
const char *ss_counters_component_name(const ss_counters *c, size_t i) { return i < c->n_comp ? c->comp_name[i] : NULL; }
const char *ss_counters_component_status(const ss_counters *c, size_t i) { return i < c->n_comp ? c->comp_status[i] : NULL; }

void ss_counters_values(const ss_counters *c, int64_t *out)
{
    size_t E = c->n_events;
    for (int t = 0; t < c->n_threads; t++) {
        const thread_slot *s = c->slots[t];
        for (size_t q = 0; q < SS_CTR_N_PHASES; q++) {
            int64_t *row = out + ((size_t)t * SS_CTR_N_PHASES + q) * E;
            for (size_t e = 0; e < E; e++)
                row[e] = -1;
            if (!s || !s->counting)
                continue;
            for (size_t k = 0; k < c->n_avail; k++)
                row[c->avail_idx[k]] = (int64_t)s->acc[q * c->n_avail + k];
        }
    }
}
