/* bench/run_multimeter.h — bench-run's multimeter: the `recording.*` keys
 * (docs/config.md) turned into an engine multimeter (engine/multimeter.h),
 * and its samples into the run record's /report/<population> groups
 * (docs/run-record.md). Samples start after the presimulation. */
#ifndef SS_RUN_MULTIMETER_H
#define SS_RUN_MULTIMETER_H

#include "config.h"
#include "kernel.h"
#include "presets/preset.h"
#include "record.h"

typedef struct ss_bench_reports {
    ss_rec_report rep[2];          /* exc, inh (populations without recorded nodes left out) */
    size_t n;
    uint64_t *node_ids[2];         /* owned */
    double *data[2];               /* owned */
    const char **units;            /* owned array, strings are the model's */
} ss_bench_reports;

/* Adds the multimeter when recording is on (collective). A gid outside the
 * network or a variable the neuron model lacks: an error naming it. */
int ss_bench_mm_setup(ss_kernel *k, const ss_config *cfg, const ss_network *net,
                      double start_ms, ss_err *err);
/* Collective; rank 0 gets the reports (n = 0 when recording is off). */
int ss_bench_mm_reports(ss_kernel *k, const ss_config *cfg, const ss_network *net,
                        const ss_neuron_model *model, ss_bench_reports *out, ss_err *err);
void ss_bench_reports_free(ss_bench_reports *r);

#endif
