/* tests/record/test_counters.c — counters per thread and phase: a scripted
 * backend (DESIGN §9 test double) for the "available" path, and the real
 * PAPI backend on this machine (no PMU: unavailable, with a reason). */
#include <criterion/criterion.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "counters.h"

#include "scripted_backend.h"

static const char *const events3[] = {"EV_A", "EV_B", "BAD_C"};

/* Thread body: `updates` update phases and `delivers` deliver phases. */
typedef struct job {
    ss_counters *c;
    int thread, updates, delivers;
} job;

static void *run_thread(void *arg)
{
    job *j = arg;
    if (ss_counters_thread_start(j->c, j->thread) != 0)
        return NULL;
    for (int i = 0; i < j->updates; i++) {
        ss_counters_begin(j->c, j->thread, SS_CTR_UPDATE);
        ss_counters_end(j->c, j->thread, SS_CTR_UPDATE);
        ss_counters_begin(j->c, j->thread, 7);   /* not a counted phase: ignored */
        ss_counters_end(j->c, j->thread, 7);
    }
    for (int i = 0; i < j->delivers; i++) {
        ss_counters_begin(j->c, j->thread, SS_CTR_DELIVER);
        ss_counters_end(j->c, j->thread, SS_CTR_DELIVER);
    }
    ss_counters_thread_stop(j->c, j->thread);
    return NULL;
}

static void run_two_threads(ss_counters *c)
{
    job j[2] = {{c, 0, 3, 1}, {c, 1, 2, 0}};
    pthread_t th[2];
    for (int t = 0; t < 2; t++)
        cr_assert_eq(pthread_create(&th[t], NULL, run_thread, &j[t]), 0);
    for (int t = 0; t < 2; t++)
        pthread_join(th[t], NULL);
}

Test(counters, scripted_backend_fills_values_per_thread_and_phase)
{
    script s = {.lock = PTHREAD_MUTEX_INITIALIZER};
    ss_counter_backend b = scripted(&s);
    ss_err err = {{0}};
    ss_counters *c = ss_counters_create(&b, events3, 3, 2, &err);
    cr_assert_not_null(c, "%s", err.msg);
    cr_assert_str_eq(ss_counters_backend_name(c), "scripted");
    cr_assert(ss_counters_available(c, 0));
    cr_assert(ss_counters_available(c, 1));
    cr_assert(!ss_counters_available(c, 2));
    cr_assert_str_eq(ss_counters_reason(c, 0), "");
    cr_assert_str_eq(ss_counters_reason(c, 2), "SCRIPT_ENOEVNT: BAD_C does not exist");
    cr_assert_eq(ss_counters_n_components(c), 2);
    cr_assert_str_eq(ss_counters_component_name(c, 1), "gpu");
    cr_assert_str_eq(ss_counters_component_status(c, 1), "disabled: no GPU");
    run_two_threads(c);
    int64_t v[2 * SS_CTR_N_PHASES * 3];
    ss_counters_values(c, v);
    const int64_t want[] = {
        300, 600, -1,   /* thread 0, update: 3 pairs */
        100, 200, -1,   /* thread 0, deliver: 1 pair */
        200, 400, -1,   /* thread 1, update: 2 pairs */
        0, 0, -1,       /* thread 1, deliver: none */
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_assert_eq(v[i], want[i], "value %zu: %lld, want %lld", i, (long long)v[i], (long long)want[i]);
    cr_assert_eq(s.thread_inits, 2);
    cr_assert_eq(s.thread_finis, 2);
    ss_counters_destroy(c);
}

Test(counters, backend_that_cannot_start_records_reason_for_every_event)
{
    script s = {.lock = PTHREAD_MUTEX_INITIALIZER, .fail_init = true};
    ss_counter_backend b = scripted(&s);
    ss_err err = {{0}};
    ss_counters *c = ss_counters_create(&b, events3, 3, 1, &err);
    cr_assert_not_null(c);
    for (size_t e = 0; e < 3; e++) {
        cr_assert(!ss_counters_available(c, e));
        cr_assert_str_eq(ss_counters_reason(c, e), "SCRIPT_EINIT: no counters in this script");
    }
    cr_assert_eq(ss_counters_thread_start(c, 0), -1);
    ss_counters_begin(c, 0, SS_CTR_UPDATE);
    ss_counters_end(c, 0, SS_CTR_UPDATE);
    int64_t v[SS_CTR_N_PHASES * 3];
    ss_counters_values(c, v);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        cr_assert_eq(v[i], -1);
    ss_counters_destroy(c);
}

Test(counters, thread_that_cannot_count_reports_minus_one)
{
    /* set 0 is the probe, set 1 the first thread's: it fails, the other counts. */
    script s = {.lock = PTHREAD_MUTEX_INITIALIZER, .fail_second_set_add = true};
    ss_counter_backend b = scripted(&s);
    ss_err err = {{0}};
    ss_counters *c = ss_counters_create(&b, events3, 2, 2, &err);
    cr_assert_not_null(c);
    cr_assert_eq(ss_counters_thread_start(c, 0), -1);
    ss_counters_begin(c, 0, SS_CTR_UPDATE);
    ss_counters_end(c, 0, SS_CTR_UPDATE);
    cr_assert_eq(ss_counters_thread_start(c, 1), 0);
    ss_counters_begin(c, 1, SS_CTR_DELIVER);
    ss_counters_end(c, 1, SS_CTR_DELIVER);
    ss_counters_thread_stop(c, 0);
    ss_counters_thread_stop(c, 1);
    int64_t v[2 * SS_CTR_N_PHASES * 2];
    ss_counters_values(c, v);
    const int64_t want[] = {-1, -1, -1, -1, 0, 0, 100, 200};
    for (size_t i = 0; i < 8; i++)
        cr_assert_eq(v[i], want[i], "value %zu", i);
    cr_assert_eq(s.thread_finis, 2);
    ss_counters_destroy(c);
}

Test(counters, invalid_thread_count_is_an_error)
{
    script s = {.lock = PTHREAD_MUTEX_INITIALIZER};
    ss_counter_backend b = scripted(&s);
    ss_err err = {{0}};
    cr_assert_null(ss_counters_create(&b, events3, 3, 0, &err));
    cr_assert_str_eq(err.msg, "counters: n_threads must be >= 1, got 0");
}

/* ---- the real PAPI backend ---- */

static const char *const default_events[] = {"PAPI_TOT_INS", "PAPI_TOT_CYC", "PAPI_L1_DCM",
                                             "PAPI_L2_DCM", "PAPI_L3_TCM", "PAPI_BR_MSP"};

Test(counters, papi_backend_reports_availability_and_reasons)
{
    ss_err err = {{0}};
    ss_counters *c = ss_counters_create(ss_counter_backend_papi(), default_events, 6, 1, &err);
    cr_assert_not_null(c, "%s", err.msg);
    cr_assert_str_eq(ss_counters_backend_name(c), "papi");
    cr_assert_gt(ss_counters_n_components(c), 0);
    regex_t re;
    cr_assert_eq(regcomp(&re, "^PAPI_[A-Z_]+: [^ ].*", REG_EXTENDED | REG_NOSUB), 0);
    size_t unavailable = 0;
    for (size_t e = 0; e < 6; e++) {
        const char *why = ss_counters_reason(c, e);
        if (ss_counters_available(c, e)) {
            cr_assert_str_eq(why, "");
        } else {
            unavailable++;
            cr_assert_eq(regexec(&re, why, 0, NULL, 0), 0, "reason for %s: \"%s\"", default_events[e], why);
        }
    }
    regfree(&re);
    /* The run goes on whatever is available: a full phase cycle works. */
    int started = ss_counters_thread_start(c, 0);
    cr_assert_eq(started, unavailable == 6 ? -1 : 0);
    ss_counters_begin(c, 0, SS_CTR_UPDATE);
    ss_counters_end(c, 0, SS_CTR_UPDATE);
    ss_counters_thread_stop(c, 0);
    int64_t v[SS_CTR_N_PHASES * 6];
    ss_counters_values(c, v);
    for (size_t i = 0; i < SS_CTR_N_PHASES * 6; i++)
        cr_assert(ss_counters_available(c, i % 6) ? v[i] >= 0 : v[i] == -1);
    cr_log_info("PAPI: %zu of 6 default events unavailable; first reason: %s", unavailable,
                ss_counters_reason(c, 0));
    ss_counters_destroy(c);
}

Test(counters, papi_unknown_event_is_unavailable_with_reason)
{
    const char *ev[] = {"NO_SUCH_EVENT_XYZ"};
    ss_err err = {{0}};
    ss_counters *c = ss_counters_create(ss_counter_backend_papi(), ev, 1, 1, &err);
    cr_assert_not_null(c, "%s", err.msg);
    cr_assert(!ss_counters_available(c, 0));
    cr_assert(strncmp(ss_counters_reason(c, 0), "PAPI_E", 6) == 0, "%s", ss_counters_reason(c, 0));
    ss_counters_destroy(c);
}

/* ---- the engine's phase hooks ---- */

#include "counters_hooks.h"

Test(counters, engine_hooks_count_update_and_deliver_and_start_lazily)
{
    script s = {.lock = PTHREAD_MUTEX_INITIALIZER};
    ss_counter_backend b = scripted(&s);
    ss_err err = {{0}};
    ss_counters *c = ss_counters_create(&b, events3, 2, 1, &err);
    cr_assert_not_null(c);
    ss_phase_hooks h = ss_counters_phase_hooks(c);
    cr_assert_eq(h.ctx, c);
    for (int p = 0; p < SS_N_PHASES; p++) {   /* every engine phase once */
        h.begin(h.ctx, 0, (ss_phase)p);
        h.end(h.ctx, 0, (ss_phase)p);
    }
    h.begin(h.ctx, 0, SS_PHASE_DELIVER);
    h.end(h.ctx, 0, SS_PHASE_DELIVER);
    cr_assert_eq(s.thread_inits, 1, "started once, at the first counted phase");
    int64_t v[SS_CTR_N_PHASES * 2];
    ss_counters_values(c, v);
    const int64_t want[] = {100, 200, 200, 400};
    for (size_t i = 0; i < 4; i++)
        cr_assert_eq(v[i], want[i], "value %zu: %lld", i, (long long)v[i]);
    ss_counters_destroy(c);   /* stops the set the thread left running */
}
