/* engine/rng.h — counter-based random numbers (Random123 Philox-4x64-10).
 *
 * Every random draw of a simulation is a pure function of
 *   key     = (seed, purpose, id)      id: usually the gid the draw belongs to
 *   counter = (c0, c1, c2)             c0: step or draw index, c1: sub-index,
 *                                      c2: block of a variable-length sequence
 * so a value does not depend on which rank or thread computes it, or on the
 * order in which draws are made. This is what makes connectivity, Poisson input
 * and initial conditions identical for every decomposition (DESIGN §3).
 *
 * One Philox call yields four independent 64-bit words. */
#ifndef SS_RNG_H
#define SS_RNG_H

#include <stdint.h>

#include <Random123/philox.h>

/* Purposes: distinct streams for distinct uses of the same (seed, id). The
 * purpose occupies the top 16 bits of the second key word, the id the low 48. */
enum {
    SS_RNG_CONNECT = 0x0100,  /* + projection index (< 256): fixed-indegree sources */
    SS_RNG_POISSON = 0x0200,  /* Poisson generator counts */
    SS_RNG_INIT = 0x0300,     /* + variable index: random initial conditions */
    SS_RNG_NOISE = 0x0400,    /* model noise */
    SS_RNG_TEST = 0x7f00      /* reserved for tests */
};

#define SS_RNG_ID_MAX ((UINT64_C(1) << 48) - 1)

typedef struct ss_rng_stream {
    philox4x64_key_t key;
} ss_rng_stream;

typedef struct ss_rng_block {
    uint64_t v[4];
} ss_rng_block;

static inline ss_rng_stream ss_rng_stream_make(uint64_t seed, uint32_t purpose, uint64_t id)
{
    ss_rng_stream s;
    s.key.v[0] = seed;
    s.key.v[1] = ((uint64_t)(purpose & 0xffffu) << 48) | (id & SS_RNG_ID_MAX);
    return s;
}

/* Four 64-bit words for counter (c0, c1, c2): the third index numbers the
 * blocks of a draw sequence whose length is not known in advance (Poisson
 * placements, device.h). */
static inline ss_rng_block ss_rng_draw3(ss_rng_stream s, uint64_t c0, uint64_t c1, uint64_t c2)
{
    philox4x64_ctr_t c = {{c0, c1, c2, 0}};
    philox4x64_ctr_t r = philox4x64(c, s.key);
    ss_rng_block b = {{r.v[0], r.v[1], r.v[2], r.v[3]}};
    return b;
}

/* Four 64-bit words for counter (c0, c1) (= (c0, c1, 0)). */
static inline ss_rng_block ss_rng_draw(ss_rng_stream s, uint64_t c0, uint64_t c1)
{
    return ss_rng_draw3(s, c0, c1, 0);
}

/* Uniform double in [0, 1) from the top 53 bits of x. */
static inline double ss_rng_u01(uint64_t x)
{
    return (double)(x >> 11) * 0x1.0p-53;
}

/* Integer in [0, n) from x by 64x64->128 multiply-high. The bias is at most
 * n / 2^64 (< 1e-10 for any network size we can hold): negligible, and it
 * keeps one word per draw, which keeps draws position-independent. */
static inline uint64_t ss_rng_below(uint64_t x, uint64_t n)
{
    return (uint64_t)(((unsigned __int128)x * n) >> 64);
}

#endif
