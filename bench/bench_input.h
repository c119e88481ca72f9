/* bench/bench_input.h — what the micro-benchmarks share: random input, the
 * AdEx neuron both AdEx benchmarks drive, and clocks. The random numbers are
 * not for simulations (those draw from the engine's keyed Philox streams,
 * rng.h): splitmix64 is fast and good enough to drive a benchmark; its
 * sequence is fixed by the seed, so repeated runs see the same input.
 * clock_gettime needs _POSIX_C_SOURCE >= 199309L before the first include. */
#ifndef SS_BENCH_INPUT_H
#define SS_BENCH_INPUT_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "model.h"

typedef struct rng { uint64_t s; } rng;

/* Uniform double in [0, 1). */
static inline double rng_u01(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (double)((z ^ (z >> 31)) >> 11) * 0x1p-53;
}

/* Poisson count with mean lambda, given exp(-lambda): Knuth's product of
 * uniforms, fine for the small means per step the benchmarks use. */
static inline int rng_poisson(rng *r, double exp_neg_lambda)
{
    int k = 0;
    for (double p = rng_u01(r); p > exp_neg_lambda; p *= rng_u01(r))
        k++;
    return k;
}

/* brunel_aeif's input to one neuron for `steps` steps of 0.01 ms into
 * ex/in[step * n_pad + i] (DESIGN §6): Poisson drive of 17789 Hz plus
 * recurrent excitation 1000 × 14 Hz, both of weight J_ex = 20.68 pA, and
 * inhibition 250 × 14 Hz of J_in = −5 J_ex; padding lanes i >= n get 0.
 * cond: the same spike trains as conductances (nS) for aeif_cond_alpha at
 * NEST's defaults, scaled so that the neuron fires (about 10 Hz). */
static inline void fill_brunel_aeif_block(rng *r, size_t steps, size_t n, size_t n_pad, bool cond,
                                          double *ex, double *in)
{
    const double J_ex = 20.68015524367846 * (cond ? 1.0 / 56.0 : 1.0);
    const double J_in = -103.4007762183923 * (cond ? 1.0 / 200.0 : 1.0), h_s = 1e-5;
    const double l_ex = exp(-(17789.007714721884 + 1000 * 14.0) * h_s);
    const double l_in = exp(-(250 * 14.0) * h_s);
    for (size_t b = 0; b < steps; b++)
        for (size_t i = 0; i < n_pad; i++) {
            ex[b * n_pad + i] = i < n ? J_ex * rng_poisson(r, l_ex) : 0.0;
            in[b * n_pad + i] = i < n ? J_in * rng_poisson(r, l_in) : 0.0;
        }
}

/* The neuron fill_brunel_aeif_block's input is for, on a population of
 * aeif_psc_alpha (or its generated twin): brunel_aeif's, starting at
 * V_m = 0. cond (aeif_cond_alpha or twin): NEST's defaults with t_ref = 2 ms
 * and tau_syn = 0.5 ms, starting at V_m = E_L. nestml: the model takes
 * NESTML's names for NEST's t_ref, tau_syn_ex, tau_syn_in (DESIGN §9).
 * Calibrates for h = 0.01 ms. */
static inline int configure_brunel_aeif_neuron(const ss_neuron_model *m, bool cond, bool nestml,
                                               void *pop, size_t n_pad, ss_err *err)
{
    const struct { const char *k; double v; } p[] = {
        {nestml ? "refr_T" : "t_ref", 2.0}, {nestml ? "tau_syn_exc" : "tau_syn_ex", 0.5},
        {nestml ? "tau_syn_inh" : "tau_syn_in", 0.5},
        {"C_m", 250.0}, {"g_L", 12.5}, {"E_L", 0.0}, {"V_reset", 0.0}, {"V_th", 20.0},
        {"V_peak", 20.0}};
    const size_t n_set = cond ? 3 : sizeof p / sizeof p[0];
    for (size_t k = 0; k < n_set; k++)
        if (m->set_param(pop, p[k].k, p[k].v, err))
            return -1;
    double *V = m->state(pop, "V_m");
    for (size_t i = 0; i < n_pad; i++)
        V[i] = cond ? -70.6 : 0.0;
    return m->calibrate(pop, 0.01, err);
}

/* Seconds on clock `id`: CLOCK_MONOTONIC for wall time,
 * CLOCK_THREAD_CPUTIME_ID for this thread's CPU time (the steadier figure
 * on a shared machine). */
static inline double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#endif
