/* bench/run/record_h5.c — HDF5 helpers: one object per call, errors with path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record_h5.h"

void h5_quiet_begin(h5_quiet *q)
{
    H5Eget_auto2(H5E_DEFAULT, &q->fn, &q->data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

void h5_quiet_end(const h5_quiet *q) { H5Eset_auto2(H5E_DEFAULT, q->fn, q->data); }

typedef struct first_error {
    char text[200];
} first_error;

/* Walking upward visits the innermost (most specific) error first. */
static herr_t take_first(unsigned n, const H5E_error2_t *e, void *ctx)
{
    first_error *fe = ctx;
    if (n == 0)
        snprintf(fe->text, sizeof fe->text, "%s (in %s)", e->desc ? e->desc : "unknown error",
                 e->func_name ? e->func_name : "?");
    return 0;
}

int h5_fail(ss_err *err, const char *at, const char *name, const char *what)
{
    first_error fe = {"no HDF5 detail"};
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, take_first, &fe);
    H5Eclear2(H5E_DEFAULT);
    return ss_fail(err, "%s%s%s: %s: %s", at, name[0] ? "/" : "", name, what, fe.text);
}

static hid_t vlen_str_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0)
        return t;
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

hid_t h5_group(hid_t loc, const char *at, const char *name, ss_err *err)
{
    hid_t g = H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0)
        h5_fail(err, at, name, "cannot create group");
    return g;
}

/* Creates and writes one attribute of `type` over `space`. */
static int attr_write(hid_t loc, const char *at, const char *name, hid_t type, hid_t space,
                      hid_t memtype, const void *buf, ss_err *err)
{
    if (type < 0 || space < 0)
        return h5_fail(err, at, name, "cannot create attribute type");
    hid_t a = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    int rc = (a < 0 || H5Awrite(a, memtype, buf) < 0) ? h5_fail(err, at, name, "cannot write attribute") : 0;
    if (a >= 0)
        H5Aclose(a);
    return rc;
}

int h5_attr_str(hid_t loc, const char *at, const char *name, const char *value, ss_err *err)
{
    const char *v = value ? value : "";
    hid_t t = vlen_str_type(), s = H5Screate(H5S_SCALAR);
    int rc = attr_write(loc, at, name, t, s, t, &v, err);
    H5Tclose(t);
    H5Sclose(s);
    return rc;
}

int h5_attr_i64(hid_t loc, const char *at, const char *name, int64_t value, ss_err *err)
{
    hid_t s = H5Screate(H5S_SCALAR);
    int rc = attr_write(loc, at, name, H5T_STD_I64LE, s, H5T_NATIVE_INT64, &value, err);
    H5Sclose(s);
    return rc;
}

int h5_attr_f64(hid_t loc, const char *at, const char *name, double value, ss_err *err)
{
    hid_t s = H5Screate(H5S_SCALAR);
    int rc = attr_write(loc, at, name, H5T_IEEE_F64LE, s, H5T_NATIVE_DOUBLE, &value, err);
    H5Sclose(s);
    return rc;
}

/* NULL entries become "" (HDF5 would store a null string h5py reads as None). */
static const char **strs_or_empty(const char *const *v, size_t n)
{
    const char **out = malloc((n ? n : 1) * sizeof *out);
    for (size_t i = 0; out && i < n; i++)
        out[i] = (v && v[i]) ? v[i] : "";
    return out;
}

int h5_attr_strs(hid_t loc, const char *at, const char *name, const char *const *v, size_t n,
                 ss_err *err)
{
    const char **vals = strs_or_empty(v, n);
    if (!vals)
        return ss_fail(err, "%s/%s: out of memory", at, name);
    hsize_t dim = n;
    hid_t t = vlen_str_type(), s = H5Screate_simple(1, &dim, NULL);
    int rc = attr_write(loc, at, name, t, s, t, vals, err);
    H5Tclose(t);
    H5Sclose(s);
    free(vals);
    return rc;
}

/* The file type matching a native memory type, little-endian and sized. */
static hid_t file_type_of(hid_t memtype)
{
    if (H5Tequal(memtype, H5T_NATIVE_DOUBLE) > 0)
        return H5T_IEEE_F64LE;
    if (H5Tequal(memtype, H5T_NATIVE_INT64) > 0)
        return H5T_STD_I64LE;
    if (H5Tequal(memtype, H5T_NATIVE_UINT64) > 0)
        return H5T_STD_U64LE;
    if (H5Tequal(memtype, H5T_NATIVE_UINT32) > 0)
        return H5T_STD_U32LE;
    if (H5Tequal(memtype, H5T_NATIVE_INT8) > 0)
        return H5T_STD_I8LE;
    return memtype;
}

static int dset_write(hid_t loc, const char *at, const char *name, hid_t ftype, hid_t mtype,
                      hid_t space, hsize_t count, const void *data, ss_err *err)
{
    if (count > 0 && data == NULL)
        return ss_fail(err, "%s/%s: no data given for %llu values", at, name, (unsigned long long)count);
    if (space < 0)
        return h5_fail(err, at, name, "cannot create dataspace");
    hid_t d = H5Dcreate2(loc, name, ftype, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int rc = 0;
    if (d < 0)
        rc = h5_fail(err, at, name, "cannot create dataset");
    else if (count > 0 && H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        rc = h5_fail(err, at, name, "cannot write dataset");
    if (d >= 0)
        H5Dclose(d);
    return rc;
}

int h5_dset(hid_t loc, const char *at, const char *name, hid_t memtype, int rank,
            const hsize_t *dims, const void *data, ss_err *err)
{
    hsize_t count = 1;
    for (int i = 0; i < rank; i++)
        count *= dims[i];
    hid_t s = rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims, NULL);
    int rc = dset_write(loc, at, name, file_type_of(memtype), memtype, s, count, data, err);
    if (s >= 0)
        H5Sclose(s);
    return rc;
}

int h5_dset_strs(hid_t loc, const char *at, const char *name, const char *const *v, size_t n,
                 ss_err *err)
{
    if (n > 0 && v == NULL)
        return ss_fail(err, "%s/%s: no data given for %zu strings", at, name, n);
    const char **vals = strs_or_empty(v, n);
    if (!vals)
        return ss_fail(err, "%s/%s: out of memory", at, name);
    hsize_t dim = n;
    hid_t t = vlen_str_type(), s = H5Screate_simple(1, &dim, NULL);
    int rc = dset_write(loc, at, name, t, t, s, n, vals, err);
    H5Tclose(t);
    H5Sclose(s);
    free(vals);
    return rc;
}

int h5_dset_str(hid_t loc, const char *at, const char *name, const char *value, ss_err *err)
{
    const char *v = value ? value : "";
    hid_t t = vlen_str_type(), s = H5Screate(H5S_SCALAR);
    int rc = dset_write(loc, at, name, t, t, s, 1, &v, err);
    H5Tclose(t);
    H5Sclose(s);
    return rc;
}

int h5_kv_group(hid_t loc, const char *at, const char *name, const ss_rec_kv *kv, size_t n,
                ss_err *err)
{
    if (n > 0 && kv == NULL)
        return ss_fail(err, "%s/%s: no data given for %zu attributes", at, name, n);
    hid_t g = h5_group(loc, at, name, err);
    if (g < 0)
        return -1;
    char path[256];
    snprintf(path, sizeof path, "%s/%s", at, name);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = h5_attr_str(g, path, kv[i].key ? kv[i].key : "", kv[i].value, err);
    H5Gclose(g);
    return rc;
}
