/* bench/bench_input.h — random input for the micro-benchmarks (not for
 * simulations: those draw from the engine's keyed Philox streams, rng.h).
 * splitmix64 is fast and good enough to drive a benchmark; its sequence
 * is fixed by the seed, so repeated runs see the same input. */
#ifndef SS_BENCH_INPUT_H
#define SS_BENCH_INPUT_H

#include <stdint.h>

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

#endif
