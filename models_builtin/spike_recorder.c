/* models_builtin/spike_recorder.c — records the spikes of the neurons
 * connected to it (NEST's spike_recorder): spikes with start < t <= stop (ms).
 * The kernel keeps the records per thread and gathers them on rank 0 sorted by
 * time, then gid (ss_kernel_spikes). */
#include <math.h>

#include "device.h"

static const ss_var_info params[] = {
    {"start", "ms", SS_VAR_PARAMETER, 0.0},
    {"stop", "ms", SS_VAR_PARAMETER, INFINITY},
};

const ss_recorder_model ss_model_spike_recorder = {
    .abi_version = SS_MODEL_ABI_VERSION,
    .name = "spike_recorder",
    .summary = "records spike times of connected neurons (NEST's spike_recorder)",
    .n_params = 2,
    .params = params,
};
