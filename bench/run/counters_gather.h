/* bench/run/counters_gather.h — every rank's counters on one rank, shaped
 * for the run record's /counters group (collective over the communicator).
 *
 * An event is `available` only if it could be added on every rank; its
 * reason is the root's, or "available on rank 0 but not on rank r: <why>"
 * when only another rank lacks it. Values are gathered as
 * [R][T][Q][E] (ranks in communicator order); ranks or threads that did not
 * count an event contribute -1. All ranks must have the same events and
 * thread count. */
#ifndef SS_COUNTERS_GATHER_H
#define SS_COUNTERS_GATHER_H

#include <mpi.h>

#include "counters.h"
#include "record.h"

typedef struct ss_counters_all {
    ss_rec_counters rec;   /* on root: ready for ss_run_record.counters (points into this struct) */
    char **events, **reason;
    int8_t *available;
    int64_t *values;
    ss_rec_kv *components;
    size_t n_events, n_components;
} ss_counters_all;

int ss_counters_gather(const ss_counters *c, MPI_Comm comm, int root, ss_counters_all *out,
                       ss_err *err);
void ss_counters_all_free(ss_counters_all *a);

#endif
