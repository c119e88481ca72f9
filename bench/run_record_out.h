/* bench/run_record_out.h — assembling bench-run's HDF5 run record (rank 0)
 * from the engine's results, the statistics, counters and provenance. */
#ifndef SS_RUN_RECORD_OUT_H
#define SS_RUN_RECORD_OUT_H

#include "counters_gather.h"
#include "presets/preset.h"
#include "provenance.h"
#include "results.h"
#include "spike_stats.h"

typedef struct ss_record_inputs {
    const char *out;
    const ss_provenance *prov;
    const char *config_yaml;
    const char *preset;
    const ss_preset_params *p;
    const ss_network *net;
    const ss_run_results *r;
    const ss_spike_list *spikes;
    const ss_counters_all *counters;
    ss_pop_stats exc, inh;
    double weight_mean_before, weight_std_before, weight_mean_after, weight_std_after;
    double t_presim, t_sim;   /* wall seconds */
    const ss_rec_report *reports;  /* multimeter (/report), NULL/0: none */
    size_t n_reports;
} ss_record_inputs;

int ss_bench_write_record(const ss_record_inputs *in, ss_err *err);

/* "builtin/builtin", "nestml/builtin", "nestml/nestml", or "<neuron>/<synapse>". */
void ss_configuration_name(const char *neuron, const char *synapse, char *buf, size_t n);

#endif
