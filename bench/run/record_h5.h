/* bench/run/record_h5.h — small HDF5 helpers for the run record (internal).
 *
 * Each helper writes one object and, on failure, fills err with the object's
 * path and HDF5's innermost error description, so a failed write says what
 * could not be written and why. `at` is the path of `loc` for messages. */
#ifndef SS_RECORD_H5_H
#define SS_RECORD_H5_H

#include <hdf5.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "record.h"

/* Saves HDF5's automatic error printing and turns it off; restore after. */
typedef struct h5_quiet {
    H5E_auto2_t fn;
    void *data;
} h5_quiet;
void h5_quiet_begin(h5_quiet *q);
void h5_quiet_end(const h5_quiet *q);

/* Fails with "<at>/<name>: <what>: <HDF5's innermost error>". */
int h5_fail(ss_err *err, const char *at, const char *name, const char *what);

hid_t h5_group(hid_t loc, const char *at, const char *name, ss_err *err);
int h5_attr_str(hid_t loc, const char *at, const char *name, const char *value, ss_err *err);
int h5_attr_i64(hid_t loc, const char *at, const char *name, int64_t value, ss_err *err);
int h5_attr_f64(hid_t loc, const char *at, const char *name, double value, ss_err *err);
int h5_attr_strs(hid_t loc, const char *at, const char *name, const char *const *v, size_t n,
                 ss_err *err);
/* A dataset of `rank` dims (rank 0 = scalar); data may be NULL only when
 * the product of dims is 0. */
int h5_dset(hid_t loc, const char *at, const char *name, hid_t memtype, int rank,
            const hsize_t *dims, const void *data, ss_err *err);
int h5_dset_strs(hid_t loc, const char *at, const char *name, const char *const *v, size_t n,
                 ss_err *err);
int h5_dset_str(hid_t loc, const char *at, const char *name, const char *value, ss_err *err);
/* One string attribute per pair, on a new group `name`. */
int h5_kv_group(hid_t loc, const char *at, const char *name, const ss_rec_kv *kv, size_t n,
                ss_err *err);

#endif
