/* engine/device.h — stimulation and recording devices.
 *
 * Generators (poisson_generator, ...) send events to each target directly on
 * the target's thread, one min-delay slice at a time: for the slice of `len`
 * steps starting at step S, the engine asks the model for the events of each
 * (generator, target) link with slice(). All draws of a link in a slice come
 * from the keyed stream (seed, SS_RNG_POISSON, target gid) at counters
 * (S, generator gid, j), j = 0, 1, ... (ss_rng_draw3), consumed in a fixed
 * order by the model. Slices are the same for every decomposition (min_delay
 * steps from the start of each simulate call, the last one possibly
 * shorter), so each target's train is independent of the others and the same
 * for any ranks × threads (NEST's poisson_generator: an independent train
 * per target). It depends on how the simulated time is split into simulate
 * calls, since S does.
 *
 * Recorders (spike_recorder) are handled by the kernel: it records the spikes
 * of the neurons connected to the recorder within [start, stop) ms and gathers
 * them to rank 0, sorted by time then gid.
 */
#ifndef SS_DEVICE_H
#define SS_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"
#include "rng.h"

/* n events at step offset `step` of a slice. */
typedef struct ss_gen_event {
    uint32_t step;
    uint32_t n;
} ss_gen_event;

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
    /* Told the engine's slice length (steps) once, before the first
     * calibrate; sets *max_events to a bound on the events slice() writes for
     * any slice of at most that length, whatever the parameters set later
     * (the engine sizes its per-thread buffers from it). */
    int (*prepare)(void *gen, uint32_t slice_len, size_t *max_events, ss_err *err);
    /* Builds everything slice() reads; called before every simulate call,
     * outside the parallel region. */
    int (*calibrate)(void *gen, double h, ss_err *err);
    /* Events of one link over a slice of `len` steps (1 <= len <= the
     * prepared slice length): written to ev in the order they are to be
     * added, returns their number. Draws come from stream rs at counters
     * (c0, c1, j), j = 0, 1, ...; a pure function of its arguments after
     * calibrate (called concurrently from all threads). */
    size_t (*slice)(const void *gen, ss_rng_stream rs, uint64_t c0, uint64_t c1, uint32_t len,
                    ss_gen_event *ev);
} ss_generator_model;

typedef struct ss_recorder_model {
    uint32_t abi_version;
    const char *name;
    const char *summary;
    uint32_t n_params;
    const ss_var_info *params;  /* "start", "stop" (ms) */
} ss_recorder_model;

#endif
