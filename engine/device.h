/* engine/device.h — stimulation and recording devices.
 *
 * Generators (poisson_generator, ...) send events to each target directly on
 * the target's thread: the number of events a target receives in step s is
 * count(gen, u) for a uniform u drawn from the keyed stream
 * (seed, SS_RNG_POISSON, target gid) at counter (s / 4, generator gid), word
 * s % 4. The train of each target is thus independent and the same for every
 * decomposition (NEST's poisson_generator: an independent train per target).
 *
 * Recorders (spike_recorder) are handled by the kernel: it records the spikes
 * of the neurons connected to the recorder within [start, stop) ms and gathers
 * them to rank 0, sorted by time then gid.
 */
#ifndef SS_DEVICE_H
#define SS_DEVICE_H

#include <stdint.h>

#include "error.h"
#include "model.h"

typedef struct ss_generator_model {
    uint32_t abi_version;
    const char *name;
    const char *summary;
    uint32_t n_params;
    const ss_var_info *params;

    void *(*create)(ss_err *err);
    void (*destroy)(void *gen);
    int (*set_param)(void *gen, const char *name, double value, ss_err *err);
    int (*get_param)(const void *gen, const char *name, double *value, ss_err *err);
    int (*calibrate)(void *gen, double h, ss_err *err);
    /* Events sent to one target in one step, given uniform u in [0, 1).
     * A pure function of (gen, u) after calibrate. */
    uint32_t (*count)(const void *gen, double u);
} ss_generator_model;

typedef struct ss_recorder_model {
    uint32_t abi_version;
    const char *name;
    const char *summary;
    uint32_t n_params;
    const ss_var_info *params;  /* "start", "stop" (ms) */
} ss_recorder_model;

#endif
