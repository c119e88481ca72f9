/* engine/timers.h — per-thread phase timers (wall and thread CPU time). */
#ifndef SS_TIMERS_H
#define SS_TIMERS_H

#include "phases.h"

typedef struct ss_timers {
    double wall[SS_N_PHASES];
    double cpu[SS_N_PHASES];
    double last_wall, last_cpu;   /* time of the last mark */
} ss_timers;

double ss_wall_now(void);
double ss_thread_cpu_now(void);
/* Starts counting from now (the next mark charges time from here). */
void ss_timers_start(ss_timers *t);
/* Charges the time since the last mark/start to phase p and restarts. */
void ss_timers_mark(ss_timers *t, ss_phase p);

#endif
