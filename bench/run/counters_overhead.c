/* bench/run/counters_overhead.c — cost of one counted phase (begin + end) with
 * the real PAPI backend, for the events given on the command line (default:
 * the software event perf::TASK-CLOCK, which works without a PMU), and with
 * no event at all. A benchmark, not a test: prints ns per begin/end pair.
 * Usage: counters-overhead [EVENT...] */
#include <stdio.h>
#include <time.h>

#include "counters.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void measure(const char *label, const char *const *events, size_t n)
{
    ss_err err = {{0}};
    ss_counters *c = ss_counters_create(ss_counter_backend_papi(), events, n, 1, &err);
    if (!c) {
        fprintf(stderr, "%s\n", err.msg);
        return;
    }
    size_t avail = 0;
    for (size_t e = 0; e < n; e++)
        avail += ss_counters_available(c, e);
    enum { PAIRS = 200000 };
    ss_counters_begin(c, 0, SS_CTR_UPDATE);   /* starts the thread's set */
    ss_counters_end(c, 0, SS_CTR_UPDATE);
    double t0 = now_s();
    for (int i = 0; i < PAIRS; i++) {
        ss_counters_begin(c, 0, SS_CTR_UPDATE);
        ss_counters_end(c, 0, SS_CTR_UPDATE);
    }
    double dt = now_s() - t0;
    printf("%-28s %zu of %zu events counting: %8.1f ns per begin/end pair\n", label, avail, n,
           1e9 * dt / PAIRS);
    for (size_t e = 0; e < n; e++)
        if (!ss_counters_available(c, e))
            printf("  %s: %s\n", ss_counters_event(c, e), ss_counters_reason(c, e));
    ss_counters_thread_stop(c, 0);
    ss_counters_destroy(c);
}

int main(int argc, char **argv)
{
    static const char *const sw[] = {"perf::TASK-CLOCK"};
    if (argc > 1)
        measure("requested events", (const char *const *)argv + 1, (size_t)argc - 1);
    else
        measure("perf::TASK-CLOCK", sw, 1);
    measure("no events", NULL, 0);
    return 0;
}
