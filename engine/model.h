/* engine/model.h — the neuron model interface (DESIGN §3).
 *
 * Built-in (models_builtin/) and generated (nestmlc) neuron models implement
 * exactly this interface; the engine never knows which kind it runs.
 *
 * A model manages *populations*: all nodes of that model living on one thread,
 * stored structure-of-arrays (one array per state variable, length n_pad, a
 * multiple of SS_SIMD_PAD so that every neuron goes through the same vector
 * code path; DESIGN §9 "same arithmetic for every neuron"). Parameters are
 * stored once per population (homogeneous); state is per neuron. Local index
 * i < n corresponds to the population's i-th gid in ascending order.
 *
 * Units are the canonical ones: ms, mV, pA, nS, pF, GOhm; dimensionless "1".
 */
#ifndef SS_MODEL_H
#define SS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Bump whenever this header or the synapse interface changes layout or
 * meaning; `bench-run --module` refuses modules built for another version. */
#define SS_MODEL_ABI_VERSION 4u  /* 2: ss_syn_context gained delay_steps, h_ms (STDP archive); 3: generators prepare/slice; 4: ss_neuron_step.begin/end */

/* State arrays are padded to a multiple of this many doubles (one AVX-512
 * vector), so models can run masked-free vector loops over n_pad entries. */
#define SS_SIMD_PAD 8u

typedef enum ss_var_kind { SS_VAR_PARAMETER, SS_VAR_STATE } ss_var_kind;

typedef struct ss_var_info {
    const char *name;      /* NEST's name (built-in) or NESTML's (generated) */
    const char *unit;      /* canonical unit, e.g. "mV"; "1" if dimensionless */
    ss_var_kind kind;
    double default_value;
} ss_var_info;

/* Input and output of one simulation step of one population. */
typedef struct ss_neuron_step {
    int64_t step;            /* absolute step index; the step covers (step·h, (step+1)·h] */
    /* spike_in[r][i]: summed weights of all spikes arriving on receptor r in
     * this step (the ring-buffer slot), signed as connected. Length n_pad. */
    const double *const *spike_in;
    /* Continuous current input of this step (pA), or NULL when none. */
    const double *current_in;
    /* Out: local indices (< n, ascending) of neurons that spike at the end of
     * this step. Capacity: the number of neurons updated. */
    uint32_t *spiked;
    size_t n_spiked;
    /* The neurons to update: local indices [begin, end), begin a multiple of
     * SS_SIMD_PAD, end a multiple of it or n_pad; end == 0 means all
     * (0, n_pad). Neurons are independent within a step, so the engine may
     * update a population in pieces, on any thread. */
    size_t begin, end;
} ss_neuron_step;

typedef struct ss_neuron_model {
    uint32_t abi_version;    /* SS_MODEL_ABI_VERSION at build time */
    const char *name;        /* registry name, e.g. "aeif_psc_alpha", "aeif_psc_alpha_nestml" */
    const char *summary;     /* one line for --list-models */
    /* NULL for hand-written models; for generated ones
     * "nestmlc <version>; <source>; source sha256 <hex>; generated sha256 <hex>". */
    const char *provenance;

    uint32_t n_receptors;
    const char *const *receptor_names;
    /* true: a connection with weight >= 0 targets receptor 0, a negative one
     * receptor 1 (NEST's excitatory/inhibitory routing by sign). */
    bool route_by_sign;

    uint32_t n_vars;
    const ss_var_info *vars;  /* parameters and state, in documentation order */

    /* Name of the parameter holding the time constant of the spike-triggered
     * postsynaptic trace archived for STDP (NEST's tau_minus), or NULL. */
    const char *post_trace_tau;

    /* A population of n neurons (arrays of n_pad >= n entries, n_pad a multiple
     * of SS_SIMD_PAD), parameters and state at their defaults. NULL + err on failure. */
    void *(*create)(size_t n, size_t n_pad, ss_err *err);
    void (*destroy)(void *pop);
    /* Bytes owned by the population (memory ledger, category "neurons"). */
    size_t (*bytes)(const void *pop);

    /* Parameters, for every neuron of the population. Unknown names and values
     * violating the model's constraints fail with a message naming both. */
    int (*set_param)(void *pop, const char *name, double value, ss_err *err);
    int (*get_param)(const void *pop, const char *name, double *value, ss_err *err);
    /* The SoA array (length n_pad) of state variable `name`, or NULL if the
     * model has no such state variable. Used for initial conditions and recording. */
    double *(*state)(void *pop, const char *name);

    /* Validates parameters (NEST's checks) and computes everything derived
     * from them and the resolution h (ms): propagators, step counts. Called
     * before the first update and after any set_param. */
    int (*calibrate)(void *pop, double h, ss_err *err);

    /* Advances every neuron of the population by one step. Fails (non-zero,
     * err naming the local index and the offending value) on numerical
     * instability instead of producing NaN. */
    int (*update)(void *pop, ss_neuron_step *io, ss_err *err);
} ss_neuron_model;

#endif
