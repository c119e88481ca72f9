/* bench/summary.h — bench-run's printed summary (rank 0). */
#ifndef SS_SUMMARY_H
#define SS_SUMMARY_H

#include <stdio.h>

#include "presets/preset.h"
#include "results.h"
#include "spike_stats.h"

typedef struct ss_summary {
    const char *preset;
    const ss_preset_params *p;
    const ss_network *net;
    const ss_run_results *r;
    ss_pop_stats exc, inh;
    double t_build, t_presim, t_sim;   /* wall seconds, rank 0 */
} ss_summary;

void ss_summary_print(FILE *f, const ss_summary *s);

#endif
