/* bench/spike_stats.h — population statistics from recorded spikes (DESIGN §9:
 * presimulation spikes excluded; rate = spikes / (neurons x simulated seconds);
 * ISI CV = mean over neurons with >= 3 spikes of std(ISI)/mean(ISI)). */
#ifndef SS_SPIKE_STATS_H
#define SS_SPIKE_STATS_H

#include <stdint.h>

#include "results.h"

typedef struct ss_pop_stats {
    int64_t spikes;
    double rate_hz;
    double cv_isi;     /* NaN when no neuron has >= 3 spikes */
    int64_t n_cv;      /* neurons that entered the CV */
} ss_pop_stats;

/* Statistics of gids [first, first + n) from spikes with t_ms > t0_ms,
 * over a window of t_window_ms. Returns -1 on allocation failure. */
int ss_pop_stats_compute(const ss_spike_list *s, uint64_t first, uint64_t n, double t0_ms,
                         double t_window_ms, ss_pop_stats *out);

#endif
