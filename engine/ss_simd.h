/* engine/ss_simd.h — lanes of SS_SIMD_PAD doubles for models that update
 * neurons in lockstep (GCC/Clang vector extensions, so the same source gives
 * SSE2, AVX2 or AVX-512 code), and the few operations they need: lane masks,
 * select, fabs, a bound like NEST's min, and exp.
 *
 * Every operation is lane-wise IEEE arithmetic. The compiler never
 * contracts a*b + c on its own (the project builds in ISO C mode,
 * -ffp-contract=off); fused multiply-adds are written out as ss_vfma (see
 * there for the baseline). So a lane's result does not depend on its
 * neighbours: decomposition independence (DESIGN §9) survives vectorisation.
 */
#ifndef SS_SIMD_H
#define SS_SIMD_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "model.h"

/* Lanes per vector: SS_SIMD_PAD (8, one AVX-512 register), except in a
 * translation unit compiled for AVX2 without AVX-512 (the models' x86-64-v3
 * variants), where a vector is one 4-lane AVX register: an 8-lane vector
 * there lives in two registers, and GCC 12 copies such vectors in 16-byte
 * pieces (the AVX2 AdEx update had 4 times the instructions of AVX-512 and
 * ran 10 times slower). Populations stay padded to SS_SIMD_PAD, a multiple
 * of every width. A lane's arithmetic does not depend on the width. */
#if defined(__AVX2__) && defined(__FMA__) && !defined(__AVX512F__)
#define SS_LANES 4
#else
#define SS_LANES SS_SIMD_PAD
#endif

/* Passing 64-byte vectors between (always inlined) functions draws GCC's
 * "ABI changes with AVX-512" note on builds without AVX-512, at every call
 * site; none of these functions is ever called out of line, so the ABI is
 * irrelevant. The note is silenced for every file that includes this one. */
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

/* GCC in ISO C mode never contracts a*b + c into an FMA; Clang does by
 * default. Contraction would make results depend on the instruction set, so
 * it is switched off for every file using these lanes. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

typedef double ss_vd __attribute__((vector_size(SS_LANES * sizeof(double))));
typedef int64_t ss_vm __attribute__((vector_size(SS_LANES * sizeof(int64_t))));
typedef uint64_t ss_vu __attribute__((vector_size(SS_LANES * sizeof(uint64_t))));

#if defined(__GNUC__)
#define SS_SIMD_INLINE static inline __attribute__((always_inline))
#else
#define SS_SIMD_INLINE static inline
#endif

/* x in every lane. An initializer, because for (ss_vd){0} + x GCC must
 * compute 0 + x (which is not x when x is -0) and broadcast the sum: three
 * instructions where a broadcast folded into the instruction using it costs
 * none (measured: adex_update_bench median -3.5 %). */
SS_SIMD_INLINE ss_vd ss_vsplat(double x)
{
#if SS_LANES == 8
    return (ss_vd){x, x, x, x, x, x, x, x};
#elif SS_LANES == 4
    return (ss_vd){x, x, x, x};
#else
    ss_vd v;
    for (unsigned l = 0; l < SS_LANES; l++)
        v[l] = x;
    return v;
#endif
}

/* Loads/stores SS_LANES doubles (any alignment; memcpy compiles to one
 * vector move). */
SS_SIMD_INLINE ss_vd ss_vload(const double *p)
{
    ss_vd v;
    memcpy(&v, p, sizeof v);
    return v;
}

SS_SIMD_INLINE void ss_vstore(double *p, ss_vd v)
{
    memcpy(p, &v, sizeof v);
}

/* m ? a : b lane-wise (m from a vector comparison: all ones or zero). */
SS_SIMD_INLINE ss_vd ss_vsel(ss_vm m, ss_vd a, ss_vd b)
{
    return (ss_vd)(((ss_vm)a & m) | ((ss_vm)b & ~m));
}

/* Lane-wise comparisons giving masks. With AVX-512 a comparison of the
 * full vector is one instruction; without it GCC 12 compares a 64-byte
 * generic vector lane by lane in scalar code, so the comparison is done on
 * pieces the machine compares natively (4 lanes with AVX, 2 with SSE2). */
#if defined(__AVX512F__)
#define SS_VCMP_PIECE SS_LANES
#elif defined(__AVX__)
#define SS_VCMP_PIECE 4
#else
#define SS_VCMP_PIECE 2
#endif
#if SS_VCMP_PIECE >= SS_LANES || SS_LANES % SS_VCMP_PIECE != 0
#define SS_VCMP(name, op) \
    SS_SIMD_INLINE ss_vm name(ss_vd a, ss_vd b) { return a op b; }
#else
typedef double ss_vdp __attribute__((vector_size(SS_VCMP_PIECE * sizeof(double))));
typedef int64_t ss_vmp __attribute__((vector_size(SS_VCMP_PIECE * sizeof(int64_t))));
#define SS_VCMP(name, op)                                                       \
    SS_SIMD_INLINE ss_vm name(ss_vd a, ss_vd b)                                 \
    {                                                                           \
        ss_vdp ap[SS_LANES / SS_VCMP_PIECE], bp[SS_LANES / SS_VCMP_PIECE];      \
        ss_vmp rp[SS_LANES / SS_VCMP_PIECE];                                    \
        ss_vm r;                                                                \
        memcpy(ap, &a, sizeof a);                                               \
        memcpy(bp, &b, sizeof b);                                               \
        for (unsigned k = 0; k < SS_LANES / SS_VCMP_PIECE; k++)                 \
            rp[k] = ap[k] op bp[k];                                             \
        memcpy(&r, rp, sizeof r);                                               \
        return r;                                                               \
    }
#endif
SS_VCMP(ss_vlt, <)
SS_VCMP(ss_vgt, >)
SS_VCMP(ss_vle, <=)
SS_VCMP(ss_vge, >=)
SS_VCMP(ss_vne, !=)

/* Whether any lane of m is set. With AVX-512 a mask test (GCC reduces the
 * generic loop below with a 10-instruction shuffle cascade, and the solver
 * asks several times per step). */
SS_SIMD_INLINE bool ss_vany(ss_vm m)
{
#if defined(__AVX512F__) && SS_LANES == 8
    return _mm512_test_epi64_mask((__m512i)m, (__m512i)m) != 0;
#elif defined(__AVX__) && SS_LANES == 4
    return !_mm256_testz_si256((__m256i)m, (__m256i)m);
#else
    int64_t acc = 0;
    for (unsigned l = 0; l < SS_LANES; l++)
        acc |= m[l];
    return acc != 0;
#endif
}

SS_SIMD_INLINE ss_vd ss_vabs(ss_vd x)
{
    const ss_vm mag = (ss_vm){0} + INT64_MAX;
    return (ss_vd)((ss_vm)x & mag);
}

/* a·b + c lane-wise: rounded once (IEEE fusedMultiplyAdd, one instruction)
 * where the instruction set has FMA, i.e. in the x86-64-v3 and v4 variants
 * (SS_SIMD_FUSED = 1); rounded twice on the baseline (SS_SIMD_FUSED = 0),
 * where fma() per lane would triple the compile time of the models (measured)
 * and cost a libm call per lane and operation. So machines with FMA (every x86-64 server
 * since 2013) compute the same bits; a baseline build differs from them in
 * rounding, but is as decomposition independent. */
#if (defined(__AVX512F__) && SS_LANES == 8) \
    || (defined(__FMA__) && defined(__AVX__) && (SS_LANES == 8 || SS_LANES == 4))
#define SS_SIMD_FUSED 1
#else
#define SS_SIMD_FUSED 0
#endif

SS_SIMD_INLINE ss_vd ss_vfma(ss_vd a, ss_vd b, ss_vd c)
{
#if defined(__AVX512F__) && SS_LANES == 8
    return (ss_vd)_mm512_fmadd_pd((__m512d)a, (__m512d)b, (__m512d)c);
#elif defined(__FMA__) && defined(__AVX__) && SS_LANES == 4
    return (ss_vd)_mm256_fmadd_pd((__m256d)a, (__m256d)b, (__m256d)c);
#elif defined(__FMA__) && defined(__AVX__) && SS_LANES == 8
    /* halves in registers (a round trip through memory would cost more than
     * the fused operation saves) */
    const __m256d lo = _mm256_fmadd_pd(__builtin_shufflevector(a, a, 0, 1, 2, 3),
                                       __builtin_shufflevector(b, b, 0, 1, 2, 3),
                                       __builtin_shufflevector(c, c, 0, 1, 2, 3));
    const __m256d hi = _mm256_fmadd_pd(__builtin_shufflevector(a, a, 4, 5, 6, 7),
                                       __builtin_shufflevector(b, b, 4, 5, 6, 7),
                                       __builtin_shufflevector(c, c, 4, 5, 6, 7));
    return __builtin_shufflevector(lo, hi, 0, 1, 2, 3, 4, 5, 6, 7);
#else
    return a * b + c;
#endif
}

/* c - a·b lane-wise, rounded as ss_vfma(-a, b, c) (negation is exact), in
 * one instruction where there is FMA. */
SS_SIMD_INLINE ss_vd ss_vfnma(ss_vd a, ss_vd b, ss_vd c)
{
#if defined(__AVX512F__) && SS_LANES == 8
    return (ss_vd)_mm512_fnmadd_pd((__m512d)a, (__m512d)b, (__m512d)c);
#else
    return ss_vfma(-a, b, c);
#endif
}

/* exp(x) to within 2 ulp: x = (16·k + j)·ln2/16 + r with |r| <= ln2/32
 * (Cody–Waite with a two-part ln2/16, exact for |16k + j| < 2^15),
 * exp(x) = 2^k · 2^(j/16) · exp(r); 2^(j/16) from a table of the 16
 * correctly rounded values (one two-register permutation with AVX-512),
 * exp(r) - 1 by its Taylor series to degree 7 (truncation < 1.3e-18
 * relative) in Estrin's order with fused multiply-adds, 2^k added to the
 * table value's exponent field. x < -708 gives 0 (true value below
 * 3.4e-308) and x > 709 gives +inf (true overflow starts at 709.78); NaN
 * propagates. Not bitwise equal to libm's exp; the same bits on every
 * instruction set with FMA. */
SS_SIMD_INLINE ss_vd ss_vexp(ss_vd x)
{
    static const double two_j16[16] = {
        0x1.0000000000000p+0, 0x1.0b5586cf9890fp+0, 0x1.172b83c7d517bp+0, 0x1.2387a6e756238p+0,
        0x1.306fe0a31b715p+0, 0x1.3dea64c123422p+0, 0x1.4bfdad5362a27p+0, 0x1.5ab07dd485429p+0,
        0x1.6a09e667f3bcdp+0, 0x1.7a11473eb0187p+0, 0x1.8ace5422aa0dbp+0, 0x1.9c49182a3f090p+0,
        0x1.ae89f995ad3adp+0, 0x1.c199bdd85529cp+0, 0x1.d5818dcfba487p+0, 0x1.ea4afa2a490dap+0,
    };
    /* round(16·x/ln2) by the 1.5·2^52 trick: the low mantissa bits of kd_s
     * then hold 2^51 + 16k + j */
    const ss_vd shifter = ss_vsplat(0x1.8p52);
    const ss_vd kd_s = ss_vfma(x, ss_vsplat(0x1.71547652b82fep4), shifter);
    const ss_vd kd = kd_s - shifter;
    const ss_vd r = ss_vfnma(kd, ss_vsplat(0x1.a39ef35793c76p-37),
                             ss_vfnma(kd, ss_vsplat(0x1.62e42fee00000p-5), x));
    /* q = exp(r) - 1 = r + r²·(1/2 + r/6 + ... + r^5/5040), depth 4 */
    const ss_vd r2 = r * r;
    const ss_vd p23 = ss_vfma(ss_vsplat(1.0 / 6.0), r, ss_vsplat(1.0 / 2.0));
    const ss_vd p45 = ss_vfma(ss_vsplat(1.0 / 120.0), r, ss_vsplat(1.0 / 24.0));
    const ss_vd p67 = ss_vfma(ss_vsplat(1.0 / 5040.0), r, ss_vsplat(1.0 / 720.0));
    const ss_vd p4567 = ss_vfma(p67, r2, p45);
    const ss_vd p2_7 = ss_vfma(p4567, r2, p23);
    const ss_vd q = ss_vfma(p2_7, r2, r);
    /* 2^(j/16): j is kd_s's low 4 bits */
    ss_vd t;
#if defined(__AVX512F__) && SS_LANES == 8
    t = (ss_vd)_mm512_permutex2var_pd(_mm512_loadu_pd(two_j16), (__m512i)kd_s,
                                      _mm512_loadu_pd(two_j16 + 8));
#else
    for (unsigned l = 0; l < SS_LANES; l++) {
        uint64_t bits;
        memcpy(&bits, &kd_s[l], sizeof bits);
        t[l] = two_j16[bits & 15];
    }
#endif
    /* 2^k·t: (2^51 + 16k + j) << 48 leaves 16k + j in the top 16 bits (mod
     * 2^64); without j that is k in the exponent field. In range the sum is
     * a normal number; out of range the value is replaced below. */
    const ss_vu j_bits = (ss_vu){0} + ((uint64_t)15 << 48);
    const ss_vu k52 = ((ss_vu)kd_s << 48) & ~j_bits;
    const ss_vd s = (ss_vd)((ss_vu)t + k52);
    const ss_vd e = ss_vfma(s, q, s);
    /* the range tests run beside the main computation, off its critical
     * path (a branch on them costs more: ss_vany reduces the lanes) */
    return ss_vsel(ss_vlt(x, ss_vsplat(-708.0)), ss_vsplat(0.0),
                   ss_vsel(ss_vgt(x, ss_vsplat(709.0)), ss_vsplat(__builtin_inf()), e));
}

#endif
