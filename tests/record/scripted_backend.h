/* tests/record/scripted_backend.h — a scripted counter backend (DESIGN §9
 * test double for PAPI), shared by the counter tests.
 *
 * Each read of a set returns, for its k-th event, ticks * (k + 1) * 100,
 * where ticks counts the reads of that set: one begin/end pair therefore
 * adds exactly (k + 1) * 100. Events named "BAD_*", or equal to bad_event,
 * cannot be added. */
#ifndef SS_SCRIPTED_BACKEND_H
#define SS_SCRIPTED_BACKEND_H

#include <pthread.h>
#include <stdbool.h>

#include "counters.h"

#define MAX_SETS 16
#define MAX_EV 8

typedef struct script {
    pthread_mutex_t lock;
    int n_sets;
    int n_events[MAX_SETS];
    long long ticks[MAX_SETS];
    bool fail_init;
    bool fail_second_set_add;   /* the 2nd set created (a thread's) cannot add events */
    const char *bad_event;
    int thread_inits, thread_finis;
} script;

ss_counter_backend scripted(script *s);

#endif
