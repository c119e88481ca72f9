#include "timers.h"

#include <time.h>

double ss_wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double ss_thread_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void ss_timers_start(ss_timers *t)
{
    t->last_wall = ss_wall_now();
    t->last_cpu = ss_thread_cpu_now();
}

void ss_timers_mark(ss_timers *t, ss_phase p)
{
    double w = ss_wall_now(), c = ss_thread_cpu_now();
    t->wall[p] += w - t->last_wall;
    t->cpu[p] += c - t->last_cpu;
    t->last_wall = w;
    t->last_cpu = c;
}
