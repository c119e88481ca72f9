/* bench/run/record_read.c — opening a run record, with the version check
 * every reader must make (docs/run-record.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "record_h5.h"

static int read_i64_attr(hid_t loc, const char *name, int64_t *out)
{
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    if (a < 0)
        return -1;
    int rc = H5Aread(a, H5T_NATIVE_INT64, out) < 0 ? -1 : 0;
    H5Aclose(a);
    return rc;
}

/* Reads a scalar variable-length string attribute into buf. */
static int read_str_attr(hid_t loc, const char *name, char *buf, size_t n)
{
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    if (a < 0)
        return -1;
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);   /* HDF5 does not convert between character sets */
    char *v = NULL;
    int rc = H5Aread(a, t, &v) < 0 ? -1 : 0;
    if (rc == 0) {
        snprintf(buf, n, "%s", v ? v : "");
        H5free_memory(v);
    }
    H5Tclose(t);
    H5Aclose(a);
    return rc;
}

static int check_version(hid_t loc, const char *path, const char *where, ss_err *err)
{
    int64_t v = 0;
    if (read_i64_attr(loc, "schema_version", &v) != 0)
        return ss_fail(err, "%s: %s has no integer attribute schema_version: not a spikescale run record",
                       path, where);
    if (v != SS_RECORD_SCHEMA_VERSION)
        return ss_fail(err, "%s: %s schema_version is %lld, this reader knows only version %d "
                       "(docs/run-record.md)", path, where, (long long)v, SS_RECORD_SCHEMA_VERSION);
    return 0;
}

static int check_file(hid_t f, const char *path, ss_err *err)
{
    char format[64];
    if (read_str_attr(f, "format", format, sizeof format) != 0 || strcmp(format, SS_RECORD_FORMAT) != 0)
        return ss_fail(err, "%s: root attribute format is not \"%s\": not a spikescale run record", path,
                       SS_RECORD_FORMAT);
    if (check_version(f, path, "/", err) != 0)
        return -1;
    hid_t meta = H5Gopen2(f, "meta", H5P_DEFAULT);
    if (meta < 0)
        return ss_fail(err, "%s: no /meta group", path);
    int rc = check_version(meta, path, "/meta", err);
    H5Gclose(meta);
    return rc;
}

int64_t ss_record_open(const char *path, ss_err *err)
{
    h5_quiet q;
    h5_quiet_begin(&q);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    int64_t result = f;
    if (f < 0) {
        h5_fail(err, path, "", "cannot open as HDF5");
        result = -1;
    } else if (check_file(f, path, err) != 0) {
        H5Fclose(f);
        result = -1;
    }
    h5_quiet_end(&q);
    return result;
}
