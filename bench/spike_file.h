/* bench/spike_file.h — the text spike file: "gid time_ms" per line, sorted by
 * time then gid, written atomically: opened as <file>.tmp.<pid> before the
 * simulation (so an unwritable place fails early), renamed when complete,
 * removed when the run fails. */
#ifndef SS_SPIKE_FILE_H
#define SS_SPIKE_FILE_H

#include <stdio.h>

#include "error.h"
#include "results.h"

typedef struct ss_spike_file {
    char *final_path;
    char *tmp_path;
    FILE *f;
} ss_spike_file;

int ss_spike_file_open(ss_spike_file *sf, const char *path, ss_err *err);
/* Writes spikes with t_ms > t0_ms, closes and renames. */
int ss_spike_file_commit(ss_spike_file *sf, const ss_spike_list *s, double t0_ms, ss_err *err);
/* Removes the temporary file (failed run); no-op after commit. */
void ss_spike_file_abort(ss_spike_file *sf);

#endif
