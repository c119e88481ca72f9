/* tests/record/sample_record.h — a run record with known numbers in every
 * field (2 ranks × 2 threads), shared by the round-trip test and the writer
 * used by the h5dump / h5py checks. */
#ifndef SS_SAMPLE_RECORD_H
#define SS_SAMPLE_RECORD_H

#include "record.h"

enum { S_R = 2, S_T = 2, S_P = 8, S_C = 8, S_E = 3, S_Q = 2, S_NSPK = 5, S_N = 2, S_V = 2, S_NT = 4 };

typedef struct sample {
    ss_run_record rec;
    const char *hosts[S_R];
    int64_t binding[S_R * S_T];
    ss_rec_kv slurm[2], env[2], generated[2], components[2];
    double wall[S_R * S_T * S_P], cpu[S_R * S_T * S_P];
    int64_t bytes[S_R * S_C], vm_hwm[S_R], vm_rss[S_R], growth[S_R];
    const char *events[S_E], *reason[S_E];
    int8_t available[S_E];
    int64_t values[S_R * S_T * S_Q * S_E];
    double ts_exc[S_NSPK], ts_inh[S_NSPK];
    uint64_t id_exc[S_NSPK], id_inh[S_NSPK];
    ss_rec_spikes spikes[2];
    uint64_t rep_ids[S_N];
    const char *vars[S_V], *units[S_V];
    double rep_data[S_NT * S_N * S_V];
    ss_rec_report report;
} sample;

/* Fills s; the record's pointers point into s (do not copy s afterwards). */
void sample_fill(sample *s);

#endif
