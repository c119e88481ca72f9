/* bench/run/record_results.h — the engine's measurements into a run record.
 *
 * Both functions only lend: the record points into the engine's results and
 * into the split spike arrays, which must outlive ss_record_write. */
#ifndef SS_RECORD_RESULTS_H
#define SS_RECORD_RESULTS_H

#include "record.h"
#include "results.h"

/* /timers (wall, cpu, phases, t_simulate), /memory (everything), /meta
 * n_ranks, n_threads, binding and polite_wait, /stats n_neurons and
 * n_synapses. t_presimulate, the stats' spike figures and everything else stay
 * for the caller to set. */
void ss_record_use_results(ss_run_record *rec, const ss_run_results *r);

/* Spikes split into the SONATA populations exc (gids 1..n_exc) and inh
 * (gids n_exc+1 .. n_exc+n_inh), node ids 0-based within the population;
 * the input order (time, then gid) is kept, so both are sorted by time.
 */
typedef struct ss_sonata_spikes {
    ss_rec_spikes pop[2];
    double *ts[2];
    uint64_t *ids[2];
} ss_sonata_spikes;

int ss_sonata_spikes_split(const ss_spike_list *s, uint64_t n_exc, uint64_t n_inh,
                           ss_sonata_spikes *out, ss_err *err);
void ss_sonata_spikes_free(ss_sonata_spikes *s);

#endif
