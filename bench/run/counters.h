/* bench/run/counters.h — hardware counters per thread and phase.
 *
 * One ss_counters per rank. Creation probes the backend (components, and
 * every requested event on a trial event set) and records per event whether
 * it can count and, if not, why. A machine without counters is not an error:
 * the events are recorded as unavailable with the reason and the run goes on.
 *
 * Threads: PAPI event sets belong to the thread that made them, so each
 * simulating thread starts its own: explicitly with ss_counters_thread_start,
 * or implicitly at its first ss_counters_begin (what the engine's phase hooks,
 * counters_hooks.h, rely on). ss_counters_thread_stop, called by the thread,
 * releases it; sets still running at ss_counters_destroy are stopped there on
 * a best-effort basis. A thread touches only its own slot (cache-line
 * separated), so no locking is needed. Counts accumulate per (thread, phase,
 * event) as differences of reads taken at begin and end.
 *
 * The backend is an interface so unit tests can script counts (DESIGN §9);
 * bench-run always uses ss_counter_backend_papi(). */
#ifndef SS_COUNTERS_H
#define SS_COUNTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Phases counted; order = /counters attribute `phases`. Hooks ignore others. */
typedef enum ss_ctr_phase { SS_CTR_UPDATE = 0, SS_CTR_DELIVER = 1, SS_CTR_N_PHASES = 2 } ss_ctr_phase;

/* Reasons are written to `why` (capacity n), e.g.
 * "PAPI_ECMP_DISABLED: Component containing event is disabled (perf_event: ...)". */
typedef struct ss_counter_backend {
    const char *name;
    void *ctx;
    /* Process-wide initialisation (idempotent); -1 with why if impossible. */
    int (*init)(void *ctx, char *why, size_t n);
    size_t (*n_components)(void *ctx);
    /* Component i's name and "enabled, N counters" or "disabled: reason". */
    void (*component)(void *ctx, size_t i, char *name, size_t nn, char *status, size_t ns);
    int (*thread_init)(void *ctx);                 /* calling thread */
    void (*thread_fini)(void *ctx);
    int (*set_create)(void *ctx, int *set, char *why, size_t n);
    int (*set_add)(void *ctx, int set, const char *event, char *why, size_t n);
    int (*set_start)(void *ctx, int set);
    int (*set_read)(void *ctx, int set, long long *values);  /* one per added event */
    int (*set_stop)(void *ctx, int set);
    void (*set_destroy)(void *ctx, int set);
} ss_counter_backend;

/* The real backend (PAPI, thread support through pthread_self). */
const ss_counter_backend *ss_counter_backend_papi(void);

typedef struct ss_counters ss_counters;

/* Probes and records availability. Returns NULL (err set) only when out of
 * memory or n_threads < 1; an unusable backend is not an error. */
ss_counters *ss_counters_create(const ss_counter_backend *backend, const char *const *events,
                                size_t n_events, int n_threads, ss_err *err);
void ss_counters_destroy(ss_counters *c);

/* In thread `thread` (0 <= thread < n_threads). Returns 0 when counting;
 * -1 if this thread cannot count (its values stay -1; the run goes on). */
int ss_counters_thread_start(ss_counters *c, int thread);
void ss_counters_thread_stop(ss_counters *c, int thread);

/* phase is an ss_ctr_phase; other values are ignored. */
void ss_counters_begin(ss_counters *c, int thread, int phase);
void ss_counters_end(ss_counters *c, int thread, int phase);

/* Results, for the record's /counters group. */
const char *ss_counters_backend_name(const ss_counters *c);
int ss_counters_n_threads(const ss_counters *c);
size_t ss_counters_n_events(const ss_counters *c);
const char *ss_counters_event(const ss_counters *c, size_t e);
bool ss_counters_available(const ss_counters *c, size_t e);
const char *ss_counters_reason(const ss_counters *c, size_t e);   /* "" when available */
/* out[thread][phase][event] for all threads of this rank (T*Q*E values);
 * -1 where the event or the thread did not count. */
void ss_counters_values(const ss_counters *c, int64_t *out);
size_t ss_counters_n_components(const ss_counters *c);
const char *ss_counters_component_name(const ss_counters *c, size_t i);
const char *ss_counters_component_status(const ss_counters *c, size_t i);

#endif
