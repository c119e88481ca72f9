/* tests/record/test_record.c — HDF5 run record: round trip of every group
 * through the HDF5 C API, version check on open, atomic writes, output
 * directory checks. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record.h"
#include "sample_record.h"

static char dir[64];
static char out[128];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/ss-record-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(out, sizeof out, "%s/run.h5", dir);
}

/* Removes everything in dir (at most a few files) and dir itself. */
static void teardown(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    if (d)
        closedir(d);
    rmdir(dir);
}

TestSuite(record, .init = setup, .fini = teardown);

static size_t files_in_dir(void)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

/* ---- reading helpers (plain HDF5 C API) ---- */

static int64_t attr_i64(hid_t loc, const char *obj, const char *name)
{
    int64_t v = 0;
    hid_t a = H5Aopen_by_name(loc, obj, name, H5P_DEFAULT, H5P_DEFAULT);
    cr_assert_geq(a, 0, "attribute %s/%s missing", obj, name);
    cr_assert_geq(H5Aread(a, H5T_NATIVE_INT64, &v), 0);
    H5Aclose(a);
    return v;
}

static double attr_f64(hid_t loc, const char *obj, const char *name)
{
    double v = 0;
    hid_t a = H5Aopen_by_name(loc, obj, name, H5P_DEFAULT, H5P_DEFAULT);
    cr_assert_geq(a, 0, "attribute %s/%s missing", obj, name);
    cr_assert_geq(H5Aread(a, H5T_NATIVE_DOUBLE, &v), 0);
    H5Aclose(a);
    return v;
}

static hid_t vlen(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

static void expect_attr_str(hid_t loc, const char *obj, const char *name, const char *want)
{
    hid_t a = H5Aopen_by_name(loc, obj, name, H5P_DEFAULT, H5P_DEFAULT);
    cr_assert_geq(a, 0, "attribute %s/%s missing", obj, name);
    hid_t t = vlen();
    char *v = NULL;
    cr_assert_geq(H5Aread(a, t, &v), 0);
    cr_assert_str_eq(v, want, "%s/%s", obj, name);
    H5free_memory(v);
    H5Tclose(t);
    H5Aclose(a);
}

static void expect_attr_strs(hid_t loc, const char *obj, const char *name, const char *const *want, size_t n)
{
    hid_t a = H5Aopen_by_name(loc, obj, name, H5P_DEFAULT, H5P_DEFAULT);
    cr_assert_geq(a, 0, "attribute %s/%s missing", obj, name);
    hid_t s = H5Aget_space(a);
    cr_assert_eq(H5Sget_simple_extent_npoints(s), (hssize_t)n);
    char **v = calloc(n, sizeof *v);
    hid_t t = vlen();
    cr_assert_geq(H5Aread(a, t, v), 0);
    for (size_t i = 0; i < n; i++)
        cr_assert_str_eq(v[i], want[i], "%s/%s[%zu]", obj, name, i);
    H5Dvlen_reclaim(t, s, H5P_DEFAULT, v);
    free(v);
    H5Tclose(t);
    H5Sclose(s);
    H5Aclose(a);
}

/* Reads a numeric dataset of the expected shape and compares bytes exactly. */
static void expect_dset(hid_t f, const char *path, hid_t memtype, hid_t filetype, int rank,
                        const hsize_t *dims, const void *want, size_t elem)
{
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    cr_assert_geq(d, 0, "dataset %s missing", path);
    hid_t t = H5Dget_type(d);
    cr_assert_gt(H5Tequal(t, filetype), 0, "%s: wrong file type", path);
    hid_t s = H5Dget_space(d);
    hsize_t got[4] = {0};
    cr_assert_eq(H5Sget_simple_extent_ndims(s), rank, "%s rank", path);
    H5Sget_simple_extent_dims(s, got, NULL);
    size_t count = 1;
    for (int i = 0; i < rank; i++) {
        cr_assert_eq(got[i], dims[i], "%s dim %d", path, i);
        count *= dims[i];
    }
    void *buf = malloc(count * elem);
    cr_assert_geq(H5Dread(d, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf), 0);
    cr_assert_eq(memcmp(buf, want, count * elem), 0, "%s: values differ", path);
    free(buf);
    H5Sclose(s);
    H5Tclose(t);
    H5Dclose(d);
}

static void expect_dset_strs(hid_t f, const char *path, const char *const *want, size_t n)
{
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    cr_assert_geq(d, 0, "dataset %s missing", path);
    hid_t s = H5Dget_space(d);
    cr_assert_eq(H5Sget_simple_extent_npoints(s), (hssize_t)n);
    char **v = calloc(n ? n : 1, sizeof *v);
    hid_t t = vlen();
    cr_assert_geq(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, v), 0);
    for (size_t i = 0; i < n; i++)
        cr_assert_str_eq(v[i], want[i], "%s[%zu]", path, i);
    H5Dvlen_reclaim(t, s, H5P_DEFAULT, v);
    free(v);
    H5Tclose(t);
    H5Sclose(s);
    H5Dclose(d);
}

static void expect_kv_group(hid_t f, const char *path, const ss_rec_kv *kv, size_t n)
{
    hid_t g = H5Gopen2(f, path, H5P_DEFAULT);
    cr_assert_geq(g, 0, "group %s missing", path);
    H5O_info_t info;
    cr_assert_geq(H5Oget_info(g, &info), 0);
    cr_assert_eq(info.num_attrs, n, "%s: attribute count", path);
    for (size_t i = 0; i < n; i++)
        expect_attr_str(f, path, kv[i].key, kv[i].value);
    H5Gclose(g);
}

static hid_t write_and_open(const sample *s)
{
    ss_err err = {{0}};
    cr_assert_eq(ss_record_write(out, &s->rec, &err), 0, "%s", err.msg);
    int64_t f = ss_record_open(out, &err);
    cr_assert_geq(f, 0, "%s", err.msg);
    return (hid_t)f;
}

/* ---- round trip, one test per group ---- */

Test(record, root_and_meta)
{
    sample s;
    sample_fill(&s);
    hid_t f = write_and_open(&s);
    const ss_rec_meta *m = &s.rec.meta;
    expect_attr_str(f, "/", "format", "spikescale-run");
    cr_assert_eq(attr_i64(f, "/", "schema_version"), 1);
    cr_assert_eq(attr_i64(f, "/meta", "schema_version"), 1);
    const struct { const char *n, *v; } strs[] = {
        {"tool_version", m->tool_version}, {"git_commit", m->git_commit}, {"compiler", m->compiler},
        {"c_flags", m->c_flags}, {"build_type", m->build_type}, {"sanitize", m->sanitize},
        {"lib_mpi", m->lib_mpi}, {"lib_hdf5", m->lib_hdf5}, {"lib_papi", m->lib_papi},
        {"lib_hwloc", m->lib_hwloc}, {"lib_gsl", m->lib_gsl}, {"command_line", m->command_line},
        {"config_yaml", m->config_yaml}, {"preset", m->preset}, {"configuration", m->configuration},
        {"neuron_model", m->neuron_model}, {"synapse_exc_model", m->synapse_exc_model},
        {"start_time", m->start_time}, {"end_time", m->end_time}, {"status", "ok"},
    };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        expect_attr_str(f, "/meta", strs[i].n, strs[i].v);
    cr_assert_eq(attr_i64(f, "/meta", "git_dirty"), 1);
    cr_assert_eq(attr_i64(f, "/meta", "seed"), 12345);
    cr_assert_eq(attr_i64(f, "/meta", "n_ranks"), 2);
    cr_assert_eq(attr_i64(f, "/meta", "n_threads"), 2);
    cr_assert_eq(attr_i64(f, "/meta", "polite_wait"), 1);
    expect_dset_strs(f, "/meta/hosts", s.hosts, S_R);
    hsize_t rt[2] = {S_R, S_T};
    expect_dset(f, "/meta/binding", H5T_NATIVE_INT64, H5T_STD_I64LE, 2, rt, s.binding, 8);
    const char *xml[] = {m->hwloc_topology_xml};
    hid_t d = H5Dopen2(f, "/meta/hwloc_topology_xml", H5P_DEFAULT);
    hid_t sp = H5Dget_space(d), t = vlen();
    cr_assert_eq(H5Sget_simple_extent_type(sp), H5S_SCALAR);
    char *v = NULL;
    cr_assert_geq(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v), 0);
    cr_assert_str_eq(v, xml[0]);
    H5free_memory(v);
    H5Tclose(t);
    H5Sclose(sp);
    H5Dclose(d);
    expect_kv_group(f, "/meta/slurm", s.slurm, 2);
    expect_kv_group(f, "/meta/environment", s.env, 2);
    expect_kv_group(f, "/meta/generated", s.generated, 2);
    H5Fclose(f);
}

Test(record, timers)
{
    sample s;
    sample_fill(&s);
    hid_t f = write_and_open(&s);
    hsize_t d[3] = {S_R, S_T, S_P};
    expect_dset(f, "/timers/wall", H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, 3, d, s.wall, 8);
    expect_dset(f, "/timers/cpu", H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, 3, d, s.cpu, 8);
    const char *phases[] = {"create", "connect", "prepare", "update", "collect", "communicate", "deliver", "wait"};
    expect_attr_strs(f, "/timers", "phases", phases, 8);
    cr_assert_eq(attr_f64(f, "/timers", "t_simulate"), 12.5);
    cr_assert_eq(attr_f64(f, "/timers", "t_presimulate"), 1.25);
    H5Fclose(f);
}

Test(record, memory)
{
    sample s;
    sample_fill(&s);
    hid_t f = write_and_open(&s);
    hsize_t rc[2] = {S_R, S_C}, r = S_R;
    expect_dset(f, "/memory/bytes", H5T_NATIVE_INT64, H5T_STD_I64LE, 2, rc, s.bytes, 8);
    expect_dset(f, "/memory/vm_hwm", H5T_NATIVE_INT64, H5T_STD_I64LE, 1, &r, s.vm_hwm, 8);
    expect_dset(f, "/memory/vm_rss", H5T_NATIVE_INT64, H5T_STD_I64LE, 1, &r, s.vm_rss, 8);
    expect_dset(f, "/memory/rss_growth_connect", H5T_NATIVE_INT64, H5T_STD_I64LE, 1, &r, s.growth, 8);
    const char *cats[] = {"neurons", "ring_buffers", "connections", "source_index",
                          "presynaptic_state", "post_history", "spike_buffers", "mpi_buffers"};
    expect_attr_strs(f, "/memory", "categories", cats, 8);
    cr_assert_eq(attr_f64(f, "/memory", "bytes_per_neuron"), 812.5);
    cr_assert_eq(attr_f64(f, "/memory", "bytes_per_synapse"), 15.75);
    H5Fclose(f);
}

Test(record, counters)
{
    sample s;
    sample_fill(&s);
    hid_t f = write_and_open(&s);
    hsize_t e = S_E, d[4] = {S_R, S_T, S_Q, S_E};
    expect_attr_strs(f, "/counters", "events", s.events, S_E);
    const char *q[] = {"update", "deliver"};
    expect_attr_strs(f, "/counters", "phases", q, 2);
    expect_attr_str(f, "/counters", "backend", "scripted");
    expect_dset(f, "/counters/available", H5T_NATIVE_INT8, H5T_STD_I8LE, 1, &e, s.available, 1);
    expect_dset_strs(f, "/counters/reason", s.reason, S_E);
    expect_dset(f, "/counters/values", H5T_NATIVE_INT64, H5T_STD_I64LE, 4, d, s.values, 8);
    expect_kv_group(f, "/counters/components", s.components, 2);
    H5Fclose(f);
}

Test(record, stats)
{
    sample s;
    sample_fill(&s);
    hid_t f = write_and_open(&s);
    const ss_rec_stats *st = &s.rec.stats;
    cr_assert_eq(attr_i64(f, "/stats", "n_neurons"), st->n_neurons);
    cr_assert_eq(attr_i64(f, "/stats", "n_synapses"), st->n_synapses);
    cr_assert_eq(attr_i64(f, "/stats", "spikes_exc"), 5);
    cr_assert_eq(attr_i64(f, "/stats", "spikes_inh"), 5);
    const struct { const char *n; double v; } dbl[] = {
        {"t_sim_ms", 1000}, {"t_presim_ms", 100}, {"rate_exc_hz", 14.25}, {"rate_inh_hz", 14.5},
        {"cv_isi_exc", 0.21875}, {"weight_mean_before", 87.8125}, {"weight_std_before", 0},
        {"weight_mean_after", 86.5}, {"weight_std_after", 2.25}, {"real_time_factor", 8.375},
    };
    for (size_t i = 0; i < sizeof dbl / sizeof dbl[0]; i++)
        cr_assert_eq(attr_f64(f, "/stats", dbl[i].n), dbl[i].v, "%s", dbl[i].n);
    H5Fclose(f);
}

Test(record, spikes_sonata)
{
    sample s;
    sample_fill(&s);
    hid_t f = write_and_open(&s);
    hsize_t n = S_NSPK;
    expect_attr_str(f, "/spikes/exc", "sorting", "by_time");
    expect_attr_str(f, "/spikes/inh", "sorting", "by_time");
    expect_attr_str(f, "/spikes/exc/timestamps", "units", "ms");
    expect_dset(f, "/spikes/exc/timestamps", H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, 1, &n, s.ts_exc, 8);
    expect_dset(f, "/spikes/exc/node_ids", H5T_NATIVE_UINT64, H5T_STD_U64LE, 1, &n, s.id_exc, 8);
    expect_dset(f, "/spikes/inh/timestamps", H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, 1, &n, s.ts_inh, 8);
    expect_dset(f, "/spikes/inh/node_ids", H5T_NATIVE_UINT64, H5T_STD_U64LE, 1, &n, s.id_inh, 8);
    H5Fclose(f);
}

Test(record, report_sonata)
{
    sample s;
    sample_fill(&s);
    hid_t f = write_and_open(&s);
    hsize_t d[2] = {S_NT, S_N * S_V}, nn = S_N, np = S_N + 1, ne = S_N * S_V, three = 3;
    expect_dset(f, "/report/exc/data", H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, 2, d, s.rep_data, 8);
    expect_attr_str(f, "/report/exc/data", "units", "mV,pA");
    expect_attr_strs(f, "/report/exc", "variables", s.vars, S_V);
    expect_attr_strs(f, "/report/exc", "variable_units", s.units, S_V);
    expect_dset(f, "/report/exc/mapping/node_ids", H5T_NATIVE_UINT64, H5T_STD_U64LE, 1, &nn, s.rep_ids, 8);
    uint64_t ptr[] = {0, 2, 4};
    expect_dset(f, "/report/exc/mapping/index_pointers", H5T_NATIVE_UINT64, H5T_STD_U64LE, 1, &np, ptr, 8);
    uint32_t elem[] = {0, 1, 0, 1};
    expect_dset(f, "/report/exc/mapping/element_ids", H5T_NATIVE_UINT32, H5T_STD_U32LE, 1, &ne, elem, 4);
    double time[] = {0.0, 0.4, 0.1};
    expect_dset(f, "/report/exc/mapping/time", H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, 1, &three, time, 8);
    expect_attr_str(f, "/report/exc/mapping/time", "units", "ms");
    H5Fclose(f);
}

Test(record, optional_groups_absent_when_empty)
{
    sample s;
    sample_fill(&s);
    s.rec.n_spike_populations = 0;
    s.rec.n_reports = 0;
    s.rec.meta.n_slurm = 0;
    s.rec.meta.n_generated = 0;
    hid_t f = write_and_open(&s);
    cr_assert_eq(H5Lexists(f, "/spikes", H5P_DEFAULT), 0);
    cr_assert_eq(H5Lexists(f, "/report", H5P_DEFAULT), 0);
    cr_assert_eq(H5Lexists(f, "/meta/slurm", H5P_DEFAULT), 0);
    cr_assert_eq(H5Lexists(f, "/meta/generated", H5P_DEFAULT), 0);
    cr_assert_gt(H5Lexists(f, "/meta/environment", H5P_DEFAULT), 0);
    H5Fclose(f);
}

/* ---- schema version on read ---- */

static void set_version(const char *obj, int64_t v)
{
    /* Through the group's own handle: HDF5 1.10.8's H5Aopen_by_name wrote to
     * the root's same-named attribute when asked for /meta's. */
    hid_t f = H5Fopen(out, H5F_ACC_RDWR, H5P_DEFAULT);
    hid_t g = H5Gopen2(f, obj, H5P_DEFAULT);
    hid_t a = H5Aopen(g, "schema_version", H5P_DEFAULT);
    cr_assert_geq(H5Awrite(a, H5T_NATIVE_INT64, &v), 0);
    H5Aclose(a);
    H5Gclose(g);
    H5Fclose(f);
}

Test(record, unknown_schema_version_is_refused)
{
    sample s;
    sample_fill(&s);
    H5Fclose(write_and_open(&s));
    set_version("/", 2);
    ss_err err = {{0}};
    cr_assert_lt(ss_record_open(out, &err), 0);
    char want[512];
    snprintf(want, sizeof want, "%s: / schema_version is 2, this reader knows only version 1 "
             "(docs/run-record.md)", out);
    cr_assert_str_eq(err.msg, want);
    set_version("/", 1);
    set_version("/meta", 7);
    cr_assert_lt(ss_record_open(out, &err), 0);
    snprintf(want, sizeof want, "%s: /meta schema_version is 7, this reader knows only version 1 "
             "(docs/run-record.md)", out);
    cr_assert_str_eq(err.msg, want);
}

Test(record, foreign_hdf5_file_is_refused)
{
    hid_t f = H5Fcreate(out, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5Fclose(f);
    ss_err err = {{0}};
    cr_assert_lt(ss_record_open(out, &err), 0);
    char want[512];
    snprintf(want, sizeof want, "%s: root attribute format is not \"spikescale-run\": not a spikescale run record", out);
    cr_assert_str_eq(err.msg, want);
}

Test(record, non_hdf5_file_is_refused)
{
    FILE *fp = fopen(out, "w");
    fputs("not hdf5\n", fp);
    fclose(fp);
    ss_err err = {{0}};
    cr_assert_lt(ss_record_open(out, &err), 0);
    cr_assert(strstr(err.msg, ": cannot open as HDF5: ") != NULL, "%s", err.msg);
}

/* ---- atomic writes ---- */

Test(record, failed_write_leaves_no_file)
{
    sample s;
    sample_fill(&s);
    s.ts_inh[3] = 50.0;   /* unsorted: fails after /meta ... /spikes/exc are written */
    ss_err err = {{0}};
    cr_assert_neq(ss_record_write(out, &s.rec, &err), 0);
    char want[512];
    snprintf(want, sizeof want, "cannot write run record %s: /spikes/inh/timestamps: not sorted by "
             "time (entry 3: 50 after 106)", out);
    cr_assert_str_eq(err.msg, want);
    cr_assert_eq(access(out, F_OK), -1, "a file exists under the final name");
    cr_assert_eq(files_in_dir(), 0, "temporary file left behind");
}

Test(record, failed_write_keeps_previous_file)
{
    FILE *fp = fopen(out, "w");
    fputs("previous\n", fp);
    fclose(fp);
    sample s;
    sample_fill(&s);
    s.rec.timers.cpu = NULL;   /* missing data, detected half-way */
    ss_err err = {{0}};
    cr_assert_neq(ss_record_write(out, &s.rec, &err), 0);
    char want[512];
    snprintf(want, sizeof want, "cannot write run record %s: /timers/cpu: no data given for 32 values", out);
    cr_assert_str_eq(err.msg, want);
    char buf[32] = {0};
    fp = fopen(out, "r");
    cr_assert_not_null(fgets(buf, sizeof buf, fp));
    fclose(fp);
    cr_assert_str_eq(buf, "previous\n");
    cr_assert_eq(files_in_dir(), 1);
}

Test(record, report_frame_count_checked)
{
    sample s;
    sample_fill(&s);
    s.report.t_stop = 0.5;
    ss_err err = {{0}};
    cr_assert_neq(ss_record_write(out, &s.rec, &err), 0);
    char want[512];
    snprintf(want, sizeof want, "cannot write run record %s: /report/exc/data: 4 frames given, but "
             "[0, 0.5) in steps of 0.1 has 5", out);
    cr_assert_str_eq(err.msg, want);
    cr_assert_eq(files_in_dir(), 0);
}

Test(record, success_replaces_previous_file_and_leaves_no_temp)
{
    FILE *fp = fopen(out, "w");
    fputs("previous\n", fp);
    fclose(fp);
    sample s;
    sample_fill(&s);
    H5Fclose(write_and_open(&s));
    cr_assert_eq(files_in_dir(), 1);
}

/* ---- output location, checked before simulating ---- */

Test(record, writable_directory_passes_and_leaves_nothing)
{
    ss_err err = {{0}};
    cr_assert_eq(ss_record_check_output(out, &err), 0, "%s", err.msg);
    cr_assert_eq(files_in_dir(), 0);
}

Test(record, missing_directory_fails)
{
    char p[256], want[512];
    snprintf(p, sizeof p, "%s/nope/run.h5", dir);
    ss_err err = {{0}};
    cr_assert_neq(ss_record_check_output(p, &err), 0);
    snprintf(want, sizeof want, "%s: output directory %s/nope: No such file or directory", p, dir);
    cr_assert_str_eq(err.msg, want);
}

Test(record, unwritable_directory_fails)
{
    /* /proc refuses new files even to root; a chmod'ed directory only
     * stops non-root users, so both are tried. */
    ss_err err = {{0}};
    cr_assert_neq(ss_record_check_output("/proc/run.h5", &err), 0);
    cr_assert(strncmp(err.msg, "/proc/run.h5: output directory /proc is not writable: ", 54) == 0, "%s", err.msg);
    if (geteuid() != 0) {
        char sub[256], p[300];
        snprintf(sub, sizeof sub, "%s/ro", dir);
        mkdir(sub, 0500);
        snprintf(p, sizeof p, "%s/run.h5", sub);
        int rc = ss_record_check_output(p, &err);
        rmdir(sub);
        cr_assert_neq(rc, 0);
        cr_assert(strstr(err.msg, "is not writable: Permission denied") != NULL, "%s", err.msg);
    }
}

Test(record, directory_as_output_fails)
{
    ss_err err = {{0}};
    cr_assert_neq(ss_record_check_output(dir, &err), 0);
    char want[256];
    snprintf(want, sizeof want, "%s: output path is a directory, expected a file name", dir);
    cr_assert_str_eq(err.msg, want);
}

Test(record, write_into_missing_directory_fails_cleanly)
{
    char p[256];
    snprintf(p, sizeof p, "%s/nope/run.h5", dir);
    sample s;
    sample_fill(&s);
    ss_err err = {{0}};
    cr_assert_neq(ss_record_write(p, &s.rec, &err), 0);
    cr_assert(strstr(err.msg, "cannot create temporary file") != NULL, "%s", err.msg);
}

Test(record, empty_populations_are_empty_datasets)
{
    sample s;
    sample_fill(&s);
    s.spikes[1] = (ss_rec_spikes){"inh", 0, NULL, NULL};
    hid_t f = write_and_open(&s);
    hid_t d = H5Dopen2(f, "/spikes/inh/timestamps", H5P_DEFAULT);
    cr_assert_geq(d, 0);
    hid_t sp = H5Dget_space(d);
    cr_assert_eq(H5Sget_simple_extent_npoints(sp), 0);
    H5Sclose(sp);
    H5Dclose(d);
    H5Fclose(f);
}

Test(record, invalid_shape_refused_before_any_file)
{
    sample s;
    sample_fill(&s);
    s.rec.meta.n_threads = 0;
    ss_err err = {{0}};
    cr_assert_neq(ss_record_write(out, &s.rec, &err), 0);
    char want[256];
    snprintf(want, sizeof want, "cannot write run record %s: /meta: n_ranks and n_threads must be >= 1, got 2 and 0", out);
    cr_assert_str_eq(err.msg, want);
    cr_assert_eq(files_in_dir(), 0);
}

/* ---- from the engine's results ---- */

#include "record_results.h"

Test(record, engine_results_lent_to_the_record)
{
    double wall[2 * SS_N_PHASES], cpu[2 * SS_N_PHASES];
    int64_t mem[SS_N_MEM], hwm[1] = {111}, rss[1] = {99}, growth[1] = {7}, binding[2] = {0, 1};
    for (int i = 0; i < 2 * SS_N_PHASES; i++)
        wall[i] = cpu[i] = i;
    for (int i = 0; i < SS_N_MEM; i++)
        mem[i] = 10 * i;
    ss_run_results r = {.n_ranks = 1, .n_threads = 2, .wall = wall, .cpu = cpu, .mem_bytes = mem,
                        .vm_hwm = hwm, .vm_rss = rss, .rss_growth_connect = growth,
                        .binding = binding, .polite_wait = 1, .n_neurons = 50, .n_synapses = 1250,
                        .t_simulate = 3.5, .bytes_per_neuron = 100.5, .bytes_per_synapse = 12.25};
    sample s;
    sample_fill(&s);
    s.rec.counters.values = s.values;   /* sized for 2x2, only 1x2 is read */
    ss_record_use_results(&s.rec, &r);
    cr_assert_eq(s.rec.meta.n_ranks, 1);
    cr_assert_eq(s.rec.meta.polite_wait, 1);
    cr_assert_eq(s.rec.timers.n_phases, 8);
    cr_assert_str_eq(s.rec.timers.phases[6], "deliver");
    cr_assert_str_eq(s.rec.memory.categories[4], "presynaptic_state");
    cr_assert_eq(s.rec.stats.n_synapses, 1250);
    s.rec.meta.hosts = s.hosts;
    hid_t f = write_and_open(&s);
    hsize_t d[3] = {1, 2, SS_N_PHASES}, m[2] = {1, SS_N_MEM};
    expect_dset(f, "/timers/wall", H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, 3, d, wall, 8);
    expect_dset(f, "/memory/bytes", H5T_NATIVE_INT64, H5T_STD_I64LE, 2, m, mem, 8);
    cr_assert_eq(attr_f64(f, "/memory", "bytes_per_synapse"), 12.25);
    cr_assert_eq(attr_f64(f, "/timers", "t_simulate"), 3.5);
    H5Fclose(f);
}

Test(record, spikes_split_into_sonata_populations)
{
    uint64_t gid[] = {3, 5, 1, 6, 4};
    double t[] = {0.1, 0.1, 0.2, 0.3, 0.3};
    ss_spike_list l = {.n = 5, .gid = gid, .t_ms = t};
    ss_sonata_spikes sp;
    ss_err err = {{0}};
    cr_assert_eq(ss_sonata_spikes_split(&l, 4, 2, &sp, &err), 0, "%s", err.msg);
    cr_assert_eq(sp.pop[0].n, 3);
    cr_assert_str_eq(sp.pop[0].population, "exc");
    const uint64_t exc_ids[] = {2, 0, 3}, inh_ids[] = {0, 1};
    const double exc_t[] = {0.1, 0.2, 0.3}, inh_t[] = {0.1, 0.3};
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(sp.pop[0].node_ids[i], exc_ids[i]);
        cr_assert_eq(sp.pop[0].timestamps[i], exc_t[i]);
    }
    cr_assert_eq(sp.pop[1].n, 2);
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(sp.pop[1].node_ids[i], inh_ids[i]);
        cr_assert_eq(sp.pop[1].timestamps[i], inh_t[i]);
    }
    ss_sonata_spikes_free(&sp);
    gid[2] = 7;
    cr_assert_neq(ss_sonata_spikes_split(&l, 4, 2, &sp, &err), 0);
    cr_assert_str_eq(err.msg, "spikes: gid 7 is not a neuron (1..6)");
}
