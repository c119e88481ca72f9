/* bench/run/record_write.c — one HDF5 run record, written atomically.
 *
 * One function per group of docs/run-record.md. Data are checked while they
 * are written (NULL arrays, unsorted spikes, inconsistent report times), so a
 * bad record fails half-way like a full disk would, and the temporary file is
 * removed in both cases. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "record.h"
#include "record_h5.h"

const char *const ss_record_timer_phases[8] = {"create", "connect", "prepare", "update",
                                               "collect", "communicate", "deliver", "wait"};
const char *const ss_record_counter_phases[2] = {"update", "deliver"};
const char *const ss_record_memory_categories[8] = {
    "neurons", "ring_buffers", "connections", "source_index",
    "presynaptic_state", "post_history", "spike_buffers", "mpi_buffers"};

/* ---- /meta ---- */

static int meta_attrs(hid_t g, const ss_rec_meta *m, ss_err *err)
{
    const struct { const char *name; const char *value; } strs[] = {
        {"tool_version", m->tool_version}, {"git_commit", m->git_commit},
        {"compiler", m->compiler}, {"c_flags", m->c_flags}, {"build_type", m->build_type},
        {"sanitize", m->sanitize}, {"lib_mpi", m->lib_mpi}, {"lib_hdf5", m->lib_hdf5},
        {"lib_papi", m->lib_papi}, {"lib_hwloc", m->lib_hwloc}, {"lib_gsl", m->lib_gsl},
        {"command_line", m->command_line}, {"config_yaml", m->config_yaml},
        {"preset", m->preset}, {"configuration", m->configuration},
        {"neuron_model", m->neuron_model}, {"synapse_exc_model", m->synapse_exc_model},
        {"start_time", m->start_time}, {"end_time", m->end_time}, {"status", m->status},
    };
    const struct { const char *name; int64_t value; } ints[] = {
        {"schema_version", SS_RECORD_SCHEMA_VERSION}, {"git_dirty", m->git_dirty},
        {"seed", m->seed}, {"n_ranks", m->n_ranks}, {"n_threads", m->n_threads},
        {"polite_wait", m->polite_wait},
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
        if (h5_attr_i64(g, "/meta", ints[i].name, ints[i].value, err) != 0)
            return -1;
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        if (h5_attr_str(g, "/meta", strs[i].name, strs[i].value, err) != 0)
            return -1;
    return 0;
}

static int write_meta(hid_t f, const ss_rec_meta *m, ss_err *err)
{
    hid_t g = h5_group(f, "", "meta", err);
    if (g < 0)
        return -1;
    hsize_t rt[2] = {(hsize_t)m->n_ranks, (hsize_t)m->n_threads};
    int rc = meta_attrs(g, m, err);
    if (rc == 0)
        rc = h5_dset_strs(g, "/meta", "hosts", m->hosts, (size_t)m->n_ranks, err);
    if (rc == 0)
        rc = h5_dset(g, "/meta", "binding", H5T_NATIVE_INT64, 2, rt, m->binding, err);
    if (rc == 0)
        rc = h5_dset_str(g, "/meta", "hwloc_topology_xml", m->hwloc_topology_xml, err);
    if (rc == 0 && m->n_slurm > 0)
        rc = h5_kv_group(g, "/meta", "slurm", m->slurm, m->n_slurm, err);
    if (rc == 0)
        rc = h5_kv_group(g, "/meta", "environment", m->environment, m->n_environment, err);
    if (rc == 0 && m->n_generated > 0)
        rc = h5_kv_group(g, "/meta", "generated", m->generated, m->n_generated, err);
    H5Gclose(g);
    return rc;
}

/* ---- /timers, /memory, /counters, /stats ---- */

static int write_timers(hid_t f, const ss_run_record *r, ss_err *err)
{
    const ss_rec_timers *t = &r->timers;
    hid_t g = h5_group(f, "", "timers", err);
    if (g < 0)
        return -1;
    hsize_t d[3] = {(hsize_t)r->meta.n_ranks, (hsize_t)r->meta.n_threads, t->n_phases};
    int rc = h5_dset(g, "/timers", "wall", H5T_NATIVE_DOUBLE, 3, d, t->wall, err);
    if (rc == 0)
        rc = h5_dset(g, "/timers", "cpu", H5T_NATIVE_DOUBLE, 3, d, t->cpu, err);
    if (rc == 0)
        rc = h5_attr_strs(g, "/timers", "phases", t->phases, t->n_phases, err);
    if (rc == 0)
        rc = h5_attr_f64(g, "/timers", "t_simulate", t->t_simulate, err);
    if (rc == 0)
        rc = h5_attr_f64(g, "/timers", "t_presimulate", t->t_presimulate, err);
    H5Gclose(g);
    return rc;
}

static int write_memory(hid_t f, const ss_run_record *r, ss_err *err)
{
    const ss_rec_memory *m = &r->memory;
    hid_t g = h5_group(f, "", "memory", err);
    if (g < 0)
        return -1;
    hsize_t rc2[2] = {(hsize_t)r->meta.n_ranks, m->n_categories};
    hsize_t rr = (hsize_t)r->meta.n_ranks;
    int rc = h5_dset(g, "/memory", "bytes", H5T_NATIVE_INT64, 2, rc2, m->bytes, err);
    if (rc == 0)
        rc = h5_attr_strs(g, "/memory", "categories", m->categories, m->n_categories, err);
    if (rc == 0)
        rc = h5_dset(g, "/memory", "vm_hwm", H5T_NATIVE_INT64, 1, &rr, m->vm_hwm, err);
    if (rc == 0)
        rc = h5_dset(g, "/memory", "vm_rss", H5T_NATIVE_INT64, 1, &rr, m->vm_rss, err);
    if (rc == 0)
        rc = h5_dset(g, "/memory", "rss_growth_connect", H5T_NATIVE_INT64, 1, &rr, m->rss_growth_connect, err);
    if (rc == 0)
        rc = h5_attr_f64(g, "/memory", "bytes_per_neuron", m->bytes_per_neuron, err);
    if (rc == 0)
        rc = h5_attr_f64(g, "/memory", "bytes_per_synapse", m->bytes_per_synapse, err);
    H5Gclose(g);
    return rc;
}

static int write_counters(hid_t f, const ss_run_record *r, ss_err *err)
{
    const ss_rec_counters *c = &r->counters;
    hid_t g = h5_group(f, "", "counters", err);
    if (g < 0)
        return -1;
    hsize_t e = c->n_events;
    hsize_t d[4] = {(hsize_t)r->meta.n_ranks, (hsize_t)r->meta.n_threads, c->n_phases, c->n_events};
    int rc = h5_attr_strs(g, "/counters", "events", c->events, c->n_events, err);
    if (rc == 0)
        rc = h5_attr_strs(g, "/counters", "phases", c->phases, c->n_phases, err);
    if (rc == 0)
        rc = h5_attr_str(g, "/counters", "backend", c->backend, err);
    if (rc == 0)
        rc = h5_dset(g, "/counters", "available", H5T_NATIVE_INT8, 1, &e, c->available, err);
    if (rc == 0)
        rc = h5_dset_strs(g, "/counters", "reason", c->reason, c->n_events, err);
    if (rc == 0)
        rc = h5_dset(g, "/counters", "values", H5T_NATIVE_INT64, 4, d, c->values, err);
    if (rc == 0)
        rc = h5_kv_group(g, "/counters", "components", c->components, c->n_components, err);
    H5Gclose(g);
    return rc;
}

static int write_stats(hid_t f, const ss_rec_stats *s, ss_err *err)
{
    hid_t g = h5_group(f, "", "stats", err);
    if (g < 0)
        return -1;
    const struct { const char *name; int64_t v; } ints[] = {
        {"n_neurons", s->n_neurons}, {"n_synapses", s->n_synapses},
        {"spikes_exc", s->spikes_exc}, {"spikes_inh", s->spikes_inh},
    };
    const struct { const char *name; double v; } dbls[] = {
        {"t_sim_ms", s->t_sim_ms}, {"t_presim_ms", s->t_presim_ms},
        {"rate_exc_hz", s->rate_exc_hz}, {"rate_inh_hz", s->rate_inh_hz},
        {"cv_isi_exc", s->cv_isi_exc}, {"weight_mean_before", s->weight_mean_before},
        {"weight_std_before", s->weight_std_before}, {"weight_mean_after", s->weight_mean_after},
        {"weight_std_after", s->weight_std_after}, {"real_time_factor", s->real_time_factor},
    };
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof ints / sizeof ints[0]; i++)
        rc = h5_attr_i64(g, "/stats", ints[i].name, ints[i].v, err);
    for (size_t i = 0; rc == 0 && i < sizeof dbls / sizeof dbls[0]; i++)
        rc = h5_attr_f64(g, "/stats", dbls[i].name, dbls[i].v, err);
    H5Gclose(g);
    return rc;
}

/* ---- /spikes and /report (SONATA) ---- */

static int write_spike_population(hid_t parent, const ss_rec_spikes *s, ss_err *err)
{
    char at[128];
    snprintf(at, sizeof at, "/spikes/%s", s->population ? s->population : "");
    for (size_t i = 1; s->timestamps && i < s->n; i++)
        if (s->timestamps[i] < s->timestamps[i - 1])
            return ss_fail(err, "%s/timestamps: not sorted by time (entry %zu: %.17g after %.17g)", at, i,
                           s->timestamps[i], s->timestamps[i - 1]);
    hid_t g = h5_group(parent, "/spikes", s->population ? s->population : "", err);
    if (g < 0)
        return -1;
    hsize_t n = s->n;
    int rc = h5_attr_str(g, at, "sorting", "by_time", err);
    if (rc == 0)
        rc = h5_dset(g, at, "timestamps", H5T_NATIVE_DOUBLE, 1, &n, s->timestamps, err);
    if (rc == 0)
        rc = h5_dset(g, at, "node_ids", H5T_NATIVE_UINT64, 1, &n, s->node_ids, err);
    if (rc == 0) {
        hid_t d = H5Dopen2(g, "timestamps", H5P_DEFAULT);
        rc = d < 0 ? h5_fail(err, at, "timestamps", "cannot reopen") : h5_attr_str(d, at, "units", "ms", err);
        if (d >= 0)
            H5Dclose(d);
    }
    H5Gclose(g);
    return rc;
}

static int write_spikes(hid_t f, const ss_run_record *r, ss_err *err)
{
    if (r->n_spike_populations == 0)
        return 0;
    if (!r->spikes)
        return ss_fail(err, "/spikes: no data given for %zu populations", r->n_spike_populations);
    hid_t g = h5_group(f, "", "spikes", err);
    if (g < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->n_spike_populations; i++)
        rc = write_spike_population(g, &r->spikes[i], err);
    H5Gclose(g);
    return rc;
}

/* Units of the data set: one string, comma-joined when variables differ. */
static void joined_units(const ss_rec_report *p, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t v = 0; v < p->n_vars && used < n; v++) {
        int w = snprintf(buf + used, n - used, "%s%s", v ? "," : "",
                         p->units && p->units[v] ? p->units[v] : "");
        if (w < 0)
            return;
        used += (size_t)w;
    }
}

static int report_mapping(hid_t g, const char *at, const ss_rec_report *p, ss_err *err)
{
    char mat[160];
    snprintf(mat, sizeof mat, "%s/mapping", at);
    size_t nv = p->n_nodes * p->n_vars;
    uint64_t *ptr = malloc((p->n_nodes + 1) * sizeof *ptr);
    uint32_t *elem = malloc((nv ? nv : 1) * sizeof *elem);
    hid_t m = (ptr && elem) ? h5_group(g, at, "mapping", err) : -1;
    int rc = (ptr && elem) ? (m < 0 ? -1 : 0) : ss_fail(err, "%s: out of memory", mat);
    for (size_t i = 0; rc == 0 && i <= p->n_nodes; i++)
        ptr[i] = (uint64_t)(i * p->n_vars);
    for (size_t k = 0; rc == 0 && k < nv; k++)
        elem[k] = (uint32_t)(k % p->n_vars);   /* element id = variable index */
    hsize_t nn = p->n_nodes, np = p->n_nodes + 1, ne = nv, three = 3;
    double time[3] = {p->t_start, p->t_stop, p->dt};
    if (rc == 0)
        rc = h5_dset(m, mat, "node_ids", H5T_NATIVE_UINT64, 1, &nn, p->node_ids, err);
    if (rc == 0)
        rc = h5_dset(m, mat, "index_pointers", H5T_NATIVE_UINT64, 1, &np, ptr, err);
    if (rc == 0)
        rc = h5_dset(m, mat, "element_ids", H5T_NATIVE_UINT32, 1, &ne, elem, err);
    if (rc == 0)
        rc = h5_dset(m, mat, "time", H5T_NATIVE_DOUBLE, 1, &three, time, err);
    if (rc == 0) {
        hid_t d = H5Dopen2(m, "time", H5P_DEFAULT);
        rc = d < 0 ? h5_fail(err, mat, "time", "cannot reopen") : h5_attr_str(d, mat, "units", "ms", err);
        if (d >= 0)
            H5Dclose(d);
    }
    if (m >= 0)
        H5Gclose(m);
    free(ptr);
    free(elem);
    return rc;
}

static int check_report_times(const char *at, const ss_rec_report *p, ss_err *err)
{
    if (p->n_vars == 0)
        return ss_fail(err, "%s: no variables", at);
    if (!(p->dt > 0) || !(p->t_stop >= p->t_start))
        return ss_fail(err, "%s/mapping/time: need dt > 0 and stop >= start, got [%g, %g, %g]", at,
                       p->t_start, p->t_stop, p->dt);
    /* Frames at start + k*dt for every k with start + k*dt < stop. */
    double frames = ceil((p->t_stop - p->t_start) / p->dt - 1e-9);
    if (fabs(frames - (double)p->n_times) > 0.5)
        return ss_fail(err, "%s/data: %zu frames given, but [%g, %g) in steps of %g has %.0f", at,
                       p->n_times, p->t_start, p->t_stop, p->dt, frames);
    return 0;
}

static int write_report_population(hid_t parent, const ss_rec_report *p, ss_err *err)
{
    char at[128], units[256];
    snprintf(at, sizeof at, "/report/%s", p->population ? p->population : "");
    if (check_report_times(at, p, err) != 0)
        return -1;
    hid_t g = h5_group(parent, "/report", p->population ? p->population : "", err);
    if (g < 0)
        return -1;
    hsize_t d[2] = {p->n_times, p->n_nodes * p->n_vars};
    joined_units(p, units, sizeof units);
    int rc = h5_dset(g, at, "data", H5T_NATIVE_DOUBLE, 2, d, p->data, err);
    if (rc == 0) {
        hid_t ds = H5Dopen2(g, "data", H5P_DEFAULT);
        rc = ds < 0 ? h5_fail(err, at, "data", "cannot reopen") : h5_attr_str(ds, at, "units", units, err);
        if (ds >= 0)
            H5Dclose(ds);
    }
    if (rc == 0)
        rc = h5_attr_strs(g, at, "variables", p->variables, p->n_vars, err);
    if (rc == 0)
        rc = h5_attr_strs(g, at, "variable_units", p->units, p->n_vars, err);
    if (rc == 0)
        rc = report_mapping(g, at, p, err);
    H5Gclose(g);
    return rc;
}

static int write_reports(hid_t f, const ss_run_record *r, ss_err *err)
{
    if (r->n_reports == 0)
        return 0;
    if (!r->reports)
        return ss_fail(err, "/report: no data given for %zu populations", r->n_reports);
    hid_t g = h5_group(f, "", "report", err);
    if (g < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->n_reports; i++)
        rc = write_report_population(g, &r->reports[i], err);
    H5Gclose(g);
    return rc;
}

static int write_all(hid_t f, const ss_run_record *r, ss_err *err)
{
    if (h5_attr_str(f, "", "format", SS_RECORD_FORMAT, err) != 0 ||
        h5_attr_i64(f, "", "schema_version", SS_RECORD_SCHEMA_VERSION, err) != 0)
        return -1;
    if (write_meta(f, &r->meta, err) != 0 || write_timers(f, r, err) != 0 ||
        write_memory(f, r, err) != 0 || write_counters(f, r, err) != 0 ||
        write_stats(f, &r->stats, err) != 0 || write_spikes(f, r, err) != 0 ||
        write_reports(f, r, err) != 0)
        return -1;
    return 0;
}

/* ---- atomic file handling ---- */

static int fsync_path(const char *path, int flags)
{
    int fd = open(path, flags);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static int fsync_parent(const char *path)
{
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", path);
    return fsync_path(dirname(copy), O_RDONLY | O_DIRECTORY);
}

/* Writes the temporary file; returns 0 when it is complete and closed. */
static int write_temp(const char *tmp, const ss_run_record *r, ss_err *err)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    /* STRONG: closing the file also closes objects an error path left open. */
    if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0)
        return h5_fail(err, tmp, "", "cannot set up file access");
    hid_t f = H5Fcreate(tmp, H5F_ACC_EXCL, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    if (f < 0)
        return h5_fail(err, tmp, "", "cannot create temporary file");
    int rc = write_all(f, r, err);
    if (H5Fclose(f) < 0 && rc == 0)
        rc = h5_fail(err, tmp, "", "cannot close");
    return rc;
}

static int check_shape(const ss_run_record *r, ss_err *err)
{
    if (r->meta.n_ranks < 1 || r->meta.n_threads < 1)
        return ss_fail(err, "/meta: n_ranks and n_threads must be >= 1, got %lld and %lld",
                       (long long)r->meta.n_ranks, (long long)r->meta.n_threads);
    return 0;
}

int ss_record_write(const char *out, const ss_run_record *rec, ss_err *err)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", out, (long)getpid()) >= (int)sizeof tmp)
        return ss_fail(err, "%s: path too long", out);
    ss_err inner = {{0}};
    h5_quiet q;
    h5_quiet_begin(&q);
    int rc = check_shape(rec, &inner);
    bool created = false;
    if (rc == 0) {
        rc = write_temp(tmp, rec, &inner);
        created = access(tmp, F_OK) == 0;
    }
    if (rc == 0 && fsync_path(tmp, O_RDONLY) != 0)
        rc = ss_fail(&inner, "fsync %s: %s", tmp, strerror(errno));
    if (rc == 0 && rename(tmp, out) != 0)
        rc = ss_fail(&inner, "rename %s to %s: %s", tmp, out, strerror(errno));
    /* The file is whole under its final name now; a failed directory fsync
     * only weakens durability across a crash, so it is not an error. */
    if (rc == 0)
        (void)fsync_parent(out);
    if (rc != 0 && created)
        unlink(tmp);
    h5_quiet_end(&q);
    if (rc != 0)
        return ss_fail(err, "cannot write run record %s: %s", out, inner.msg);
    return 0;
}
