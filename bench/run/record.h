/* bench/run/record.h — the HDF5 run record (docs/run-record.md, schema 1).
 *
 * bench-run gathers everything to rank 0 (host names, timers, ledgers,
 * counters, spikes, multimeter samples), fills one ss_run_record whose
 * fields mirror the schema one to one, and rank 0 calls ss_record_write with
 * serial HDF5 calls (the MPI build of HDF5, used without an MPI file driver).
 *
 * The record only borrows its data: every pointer stays owned by the caller.
 * Arrays are row-major with the shapes given in the comments (R ranks,
 * T threads per rank, P timer phases, C memory categories, E events,
 * Q counter phases). A NULL string is written as "".
 *
 * Writing is atomic: "<out>.tmp.<pid>" in the same directory, fsync, rename,
 * fsync of the directory. On any error the temporary file is removed, a file
 * already under the final name is left untouched, and err says why. */
#ifndef SS_RECORD_H
#define SS_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define SS_RECORD_SCHEMA_VERSION 1
#define SS_RECORD_FORMAT "spikescale-run"

typedef struct ss_rec_kv {
    const char *key;
    const char *value;
} ss_rec_kv;

typedef struct ss_rec_meta {
    const char *tool_version, *git_commit;
    int64_t git_dirty;
    const char *compiler, *c_flags, *build_type, *sanitize;
    const char *lib_mpi, *lib_hdf5, *lib_papi, *lib_hwloc, *lib_gsl;
    const char *command_line, *config_yaml;
    const char *preset, *configuration, *neuron_model, *synapse_exc_model;
    int64_t seed, n_ranks, n_threads, polite_wait;
    const char *start_time, *end_time, *status;
    const char *const *hosts;        /* [R] */
    const int64_t *binding;          /* [R][T], -1 = unbound */
    const char *hwloc_topology_xml;
    const ss_rec_kv *slurm;          /* /meta/slurm attributes; none: group omitted */
    size_t n_slurm;
    const ss_rec_kv *environment;    /* already filtered (provenance.h) */
    size_t n_environment;
    const ss_rec_kv *generated;      /* "<file>" -> "sha256:<hex>"; none: group omitted */
    size_t n_generated;
} ss_rec_meta;

/* The phase names the schema fixes for /timers and /counters. */
extern const char *const ss_record_timer_phases[8];   /* create ... wait */
extern const char *const ss_record_counter_phases[2]; /* update, deliver */
extern const char *const ss_record_memory_categories[8];

typedef struct ss_rec_timers {
    size_t n_phases;                 /* P */
    const char *const *phases;       /* [P], normally ss_record_timer_phases */
    const double *wall, *cpu;        /* [R][T][P] seconds */
    double t_simulate, t_presimulate;
} ss_rec_timers;

typedef struct ss_rec_memory {
    size_t n_categories;             /* C */
    const char *const *categories;   /* [C], normally ss_record_memory_categories */
    const int64_t *bytes;            /* [R][C] */
    const int64_t *vm_hwm, *vm_rss, *rss_growth_connect;  /* [R] bytes */
    double bytes_per_neuron, bytes_per_synapse;
} ss_rec_memory;

typedef struct ss_rec_counters {
    const char *backend;             /* "papi", or a test double's name */
    size_t n_events;                 /* E */
    const char *const *events;       /* [E] */
    const int8_t *available;         /* [E] */
    const char *const *reason;       /* [E], "" when available */
    size_t n_phases;                 /* Q */
    const char *const *phases;       /* [Q], normally ss_record_counter_phases */
    const int64_t *values;           /* [R][T][Q][E], -1 where unavailable */
    const ss_rec_kv *components;     /* component name -> "enabled, N counters" / "disabled: why" */
    size_t n_components;
} ss_rec_counters;

typedef struct ss_rec_stats {
    int64_t n_neurons, n_synapses, spikes_exc, spikes_inh;
    double t_sim_ms, t_presim_ms;
    double rate_exc_hz, rate_inh_hz, cv_isi_exc;
    double weight_mean_before, weight_std_before, weight_mean_after, weight_std_after;
    double real_time_factor;
} ss_rec_stats;

/* /spikes/<population>: SONATA, sorted by time (checked when writing). */
typedef struct ss_rec_spikes {
    const char *population;          /* "exc", "inh" */
    size_t n;
    const double *timestamps;        /* [n] ms, non-decreasing */
    const uint64_t *node_ids;        /* [n] 0-based within the population */
} ss_rec_spikes;

/* /report/<population>: a SONATA frame report with one element per
 * (node, variable): data[t][i*V + v] is variable v of node_ids[i] at
 * t_start + t*dt. */
typedef struct ss_rec_report {
    const char *population;
    size_t n_nodes;                  /* N */
    const uint64_t *node_ids;        /* [N] 0-based within the population */
    size_t n_vars;                   /* V */
    const char *const *variables;    /* [V], e.g. V_m, w */
    const char *const *units;        /* [V], e.g. mV, pA */
    double t_start, t_stop, dt;      /* ms; frames at t_start + k*dt < t_stop */
    size_t n_times;                  /* T = number of frames */
    const double *data;              /* [T][N*V] */
} ss_rec_report;

typedef struct ss_run_record {
    ss_rec_meta meta;
    ss_rec_timers timers;
    ss_rec_memory memory;
    ss_rec_counters counters;
    ss_rec_stats stats;
    const ss_rec_spikes *spikes;     /* NULL/0: no /spikes (spike recording off) */
    size_t n_spike_populations;
    const ss_rec_report *reports;    /* NULL/0: no /report (no multimeter) */
    size_t n_reports;
} ss_run_record;

/* Before simulating: fails unless a file can be created in the directory of
 * `out` (by creating and removing a probe file) and `out` is not a directory. */
int ss_record_check_output(const char *out, ss_err *err);

/* Writes the record atomically to `out` (see above). */
int ss_record_write(const char *out, const ss_run_record *rec, ss_err *err);

/* Opens a run record read-only after checking `format` and `schema_version`
 * (root and /meta); refuses unknown versions. Returns an HDF5 file id (>= 0)
 * to close with H5Fclose, or -1 with err set. */
int64_t ss_record_open(const char *path, ss_err *err);

#endif
