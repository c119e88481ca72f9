#include "spike_stats.h"

#include <math.h>
#include <stdlib.h>

int ss_pop_stats_compute(const ss_spike_list *s, uint64_t first, uint64_t n, double t0_ms,
                         double t_window_ms, ss_pop_stats *out)
{
    out->spikes = 0;
    out->rate_hz = 0.0;
    out->cv_isi = NAN;
    out->n_cv = 0;
    /* per neuron: count, last time, sum and sum of squares of ISIs */
    int64_t *cnt = calloc(n ? n : 1, sizeof *cnt);
    double *last = calloc(n ? n : 1, sizeof *last);
    double *sum = calloc(n ? n : 1, sizeof *sum);
    double *sq = calloc(n ? n : 1, sizeof *sq);
    if (!cnt || !last || !sum || !sq) {
        free(cnt); free(last); free(sum); free(sq);
        return -1;
    }
    for (size_t i = 0; i < s->n; ++i) {
        if (s->gid[i] < first || s->gid[i] >= first + n || !(s->t_ms[i] > t0_ms))
            continue;
        size_t j = (size_t)(s->gid[i] - first);
        if (cnt[j] > 0) {
            double isi = s->t_ms[i] - last[j];
            sum[j] += isi;
            sq[j] += isi * isi;
        }
        last[j] = s->t_ms[i];
        cnt[j]++;
        out->spikes++;
    }
    double cv = 0.0;
    for (size_t j = 0; j < n; ++j) {
        if (cnt[j] < 3)
            continue;
        double m = sum[j] / (double)(cnt[j] - 1);
        double var = sq[j] / (double)(cnt[j] - 1) - m * m;
        cv += sqrt(var > 0 ? var : 0) / m;
        out->n_cv++;
    }
    if (out->n_cv)
        out->cv_isi = cv / (double)out->n_cv;
    if (n && t_window_ms > 0)
        out->rate_hz = (double)out->spikes / ((double)n * t_window_ms * 1e-3);
    free(cnt); free(last); free(sum); free(sq);
    return 0;
}
