/* engine/multimeter.h — recording state variables of chosen neurons at a
 * fixed interval (NEST's multimeter; the run record's /report groups).
 *
 * A sample of neuron gid at time t = j·h (j a multiple of the interval in
 * steps, t > start_ms) is the value of the state variable right after the
 * update of the step ending at t — after spike handling (reset, w += b),
 * the same state the next step starts from. Each thread samples its own
 * neurons; nothing is communicated until ss_kernel_multimeter_data. One
 * multimeter per kernel, added before the first simulate. */
#ifndef SS_MULTIMETER_H
#define SS_MULTIMETER_H

#include <stddef.h>
#include <stdint.h>

#include "kernel.h"

typedef struct ss_multimeter_spec {
    const uint64_t *gids;          /* neurons (each at most once, any order) */
    size_t n_gids;
    const char *const *vars;       /* state variables every one of them has */
    size_t n_vars;
    double interval_ms;            /* a multiple of the resolution */
    double start_ms;               /* samples at t > start_ms */
} ss_multimeter_spec;

/* Collective. Fails (naming gid, model and variable) when a gid is not a
 * neuron, a variable is not a state of its model, or the interval is not a
 * positive multiple of the resolution. */
int ss_kernel_add_multimeter(ss_kernel *k, const ss_multimeter_spec *spec, ss_err *err);

/* All samples so far, on rank 0 (other ranks: n_frames = 0, data NULL). */
typedef struct ss_mm_data {
    size_t n_gids, n_vars, n_frames;
    uint64_t *gids;                /* [n_gids], the spec's order */
    double t_first, dt;            /* frame f at t_first + f·dt (ms) */
    double *data;                  /* [n_frames][n_gids·n_vars]: [f][i·V + v] */
} ss_mm_data;

int ss_kernel_multimeter_data(ss_kernel *k, ss_mm_data *out, ss_err *err);
void ss_mm_data_free(ss_mm_data *d);

#endif
