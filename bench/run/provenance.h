/* bench/run/provenance.h — where a run's numbers came from (/meta).
 *
 * ss_provenance_collect is collective over `comm` (host names are gathered
 * to rank 0) and stamps the start time; ss_provenance_finish stamps the end
 * time. ss_provenance_to_meta lends the strings to a record's /meta (the
 * provenance must outlive the ss_record_write call).
 *
 * Recorded: tool version, git commit and dirty flag, compiler, flags, build
 * type, sanitizers, run-time versions of MPI, HDF5, PAPI, hwloc and GSL,
 * host names per rank, SLURM_* variables, the environment without names
 * containing TOKEN, SECRET, PASS, KEY or CREDENTIAL (any case; DESIGN §9),
 * the hwloc topology as XML, the shell-quoted command line, and ISO 8601 UTC
 * start and end times. */
#ifndef SS_PROVENANCE_H
#define SS_PROVENANCE_H

#include <mpi.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "error.h"
#include "record.h"

typedef struct ss_provenance {
    char *tool_version, *git_commit;
    int git_dirty;
    char *compiler, *c_flags, *build_type, *sanitize;
    char *lib_mpi, *lib_hdf5, *lib_papi, *lib_hwloc, *lib_gsl;
    char *command_line;
    char **hosts;             /* [n_ranks] on rank 0, NULL elsewhere */
    int n_ranks;
    ss_rec_kv *slurm;         /* owned strings */
    size_t n_slurm;
    ss_rec_kv *environment;   /* owned strings, filtered */
    size_t n_environment;
    char *hwloc_topology_xml; /* "" if hwloc could not load the topology */
    char start_time[32], end_time[32];
} ss_provenance;

/* Collective. envp is the environment to record (normally `environ`). */
int ss_provenance_collect(ss_provenance *p, int argc, char *const *argv, char *const *envp,
                          MPI_Comm comm, ss_err *err);
void ss_provenance_finish(ss_provenance *p);
void ss_provenance_free(ss_provenance *p);
void ss_provenance_to_meta(const ss_provenance *p, ss_rec_meta *m);

/* ---- the pieces, exposed for tests and other tools ---- */

/* argv joined by spaces, each argument quoted for a POSIX shell only when
 * needed: a b'c -> a 'b'\''c'. Returns malloc'd text or NULL. */
char *ss_shell_quote_argv(int argc, char *const *argv);
/* True if the variable name contains TOKEN, SECRET, PASS, KEY or CREDENTIAL,
 * ignoring case. */
bool ss_env_name_is_secret(const char *name);
/* Splits envp into SLURM_* variables and the rest, dropping secret names
 * from both; arrays are sorted by name. 0, or -1 on out-of-memory. */
int ss_env_collect(char *const *envp, ss_rec_kv **slurm, size_t *n_slurm, ss_rec_kv **env,
                   size_t *n_env);
void ss_env_free(ss_rec_kv *kv, size_t n);
/* "2026-11-22T02:49:00Z" into buf (at least 21 bytes). */
void ss_iso8601_utc(time_t t, char *buf, size_t n);
/* 1 if a `git describe --dirty` string ends in "-dirty". */
int ss_git_is_dirty(const char *describe);

#endif
