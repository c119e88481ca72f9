/* engine/rkf45.h — the engine's one adaptive ODE solver (DESIGN §3, §9).
 *
 * An embedded Runge–Kutta–Fehlberg 4(5) step with the standard step-size
 * controller on the solution, driven exactly like GSL's gsl_odeiv2 evolve
 * loop, so that a model integrated here follows the trajectory GSL's
 * `gsl_odeiv2_step_rkf45` + `gsl_odeiv2_control_y_new(eps_abs, eps_rel)` +
 * `gsl_odeiv2_evolve_apply` would produce for the same right-hand side
 * (same tableau, same error estimate, same accept/reject and step-size
 * decisions, same arithmetic order). tests/models/test_rkf45.c checks this
 * against GSL itself. docs/numerics.md describes the scheme.
 *
 * Everything is `static inline` and the right-hand side is passed as a
 * function pointer to an always-inlined driver: when the caller passes a
 * constant `static inline` function, the compiler inlines it into the stage
 * loops, so a model's inner loop contains no indirect call. The state is a
 * small fixed-size array on the stack (dim <= SS_RKF45_MAX_DIM, a
 * compile-time constant at the call site, so the loops unroll).
 *
 * Two drivers share the algorithm:
 * - ss_rkf45_advance: one system, scalar; the right-hand side gets t (as in
 *   GSL) so the solver can be tested on any ODE; GSL's arithmetic, so its
 *   trajectories are GSL's bit for bit;
 * - ss_rkf45_advance_vb / ss_rkf45_advance_v: SS_LANES independent
 *   autonomous systems per block, up to SS_RKF45_MAX_BLOCKS blocks, in
 *   lockstep; what the neuron models use. Its stage sums are fused
 *   multiply-adds where the instruction set has them (a third fewer
 *   operations and roundings; each
 *   lane's bits equal the scalar driver's in the same form, and stay within
 *   rounding of GSL's: docs/numerics.md).
 * One difference to GSL 2.7 is deliberate and explained in docs/numerics.md:
 * the first stage is evaluated at every evolve call (GSL reuses the previous
 * step's derivative unless gsl_odeiv2_evolve_reset is called).
 */
#ifndef SS_RKF45_H
#define SS_RKF45_H

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "ss_simd.h"

#define SS_RKF45_MAX_DIM 16

#if defined(__GNUC__)
#define SS_RKF45_INLINE static inline __attribute__((always_inline))
#else
#define SS_RKF45_INLINE static inline
#endif

/* Unroll the loops over the state vector completely (dim is a small
 * constant at every call site), so the stage vectors stay in registers. */
#if defined(__GNUC__) && !defined(__clang__)
#define SS_RKF45_UNROLL _Pragma("GCC unroll 16")
#else
#define SS_RKF45_UNROLL
#endif

/* Error control on the solution: a component is acceptable when
 * |err_i| <= eps_abs + eps_rel·|y_i| (GSL's a_y = 1, a_dydt = 0). */
typedef struct ss_rkf45_tol {
    double eps_abs;
    double eps_rel;
} ss_rkf45_tol;

#define SS_RKF45_EPS_ABS_DEFAULT 1e-6
#define SS_RKF45_EPS_REL_DEFAULT 1e-6

/* f = dy/dt at (t, y). ctx carries parameters and inputs. */
typedef void (*ss_rkf45_rhs)(const void *ctx, double t, const double *y, double *f);

/* Optional counters, comparable with gsl_odeiv2_evolve's count and
 * failed_steps. */
typedef struct ss_rkf45_stats {
    unsigned long accepted;
    unsigned long rejected;
} ss_rkf45_stats;

/* Fehlberg's tableau. The values are the exact rationals, so they round to
 * the same doubles whatever form the fractions are written in. */
#define SS_RKF45_A2 (1.0 / 4.0)
#define SS_RKF45_A3 (3.0 / 8.0)
#define SS_RKF45_A4 (12.0 / 13.0)
#define SS_RKF45_A5 1.0
#define SS_RKF45_A6 (1.0 / 2.0)

/* a·b + c: rounded twice (as GSL computes it), or once (fused, as the
 * lockstep driver computes it). `fused` is a constant at every call site. */
SS_RKF45_INLINE double ss_rkf45_madd(int fused, double a, double b, double c)
{
    return fused ? fma(a, b, c) : a * b + c;
}

/* ---- Linear parts in closed form ----
 *
 * The synaptic variables of the neuron models obey y_L' = A·y_L with a
 * constant A that does not depend on the other components. Over one step of
 * a fixed size h, every stage input, the fifth-order solution and the error
 * estimate of such components are then fixed linear maps of their values at
 * the start of the step — polynomials in h·A that the stage sums evaluate
 * again at every step. A model may declare these components (their shape,
 * below) and let the drivers apply the maps, computed once per h by
 * ss_rkf45_lin_prepare: a few multiply-adds per component instead of the
 * stage sums. The algorithm is unchanged (same tableau, same error control,
 * same decisions); only the rounding of these components differs from the
 * stage sums, by a few ulp (docs/numerics.md). A sub-step of any other size
 * (after a rejection, or while the carried step is below h) takes the stage
 * sums; the choice is made lane by lane, so a lane's result never depends on
 * its neighbours. */

#define SS_RKF45_MAX_LIN 8
#define SS_RKF45_MAX_LIN_DEPS 4

/* Which components are linear, and which of them each one's maps can
 * involve (its own value first). A constant object at every call site, so
 * the driver's loops over it unroll into straight-line code. Example: the
 * alpha kernel x' = dx - x/tau, dx' = -dx/tau at state indices 3, 2 is
 * {.n = 2, .comp = {2, 3}, .n_dep = {1, 2}, .dep = {{0}, {1, 0}}}. */
typedef struct ss_rkf45_lin_shape {
    unsigned n;                                            /* <= SS_RKF45_MAX_LIN */
    unsigned comp[SS_RKF45_MAX_LIN];                       /* state indices */
    unsigned n_dep[SS_RKF45_MAX_LIN];                      /* <= SS_RKF45_MAX_LIN_DEPS */
    unsigned dep[SS_RKF45_MAX_LIN][SS_RKF45_MAX_LIN_DEPS]; /* indices into comp[] */
} ss_rkf45_lin_shape;

/* The maps: inputs of stages 2..6, then the solution, then the error. */
enum { SS_RKF45_LIN_Y = 5, SS_RKF45_LIN_ERR = 6, SS_RKF45_LIN_MAPS = 7 };

/* The maps for steps of size h: component comp[k] of map m is
 * sum over d of c[m][k][d] · y[comp[dep[k][d]]] at the start of the step. */
typedef struct ss_rkf45_lin {
    double h;
    double c[SS_RKF45_LIN_MAPS][SS_RKF45_MAX_LIN][SS_RKF45_MAX_LIN_DEPS];
} ss_rkf45_lin;

/* Computes the maps of shape for y_L' = A·y_L (a: n × n, row-major, rows
 * and columns in comp[] order) and steps of size h, by running the stages
 * on each unit vector. Returns 0, or -1 with *why set when the shape is
 * malformed or leaves out an entry the maps need (then the declared shape
 * does not match A). */
static inline int ss_rkf45_lin_prepare(ss_rkf45_lin *lin, const ss_rkf45_lin_shape *shape,
                                       const double *a, double h, const char **why)
{
    /* Fehlberg's stage coefficients, rows: stages 2..6, solution, error */
    static const double w[SS_RKF45_LIN_MAPS][6] = {
        {1.0 / 4.0},
        {3.0 / 32.0, 9.0 / 32.0},
        {1932.0 / 2197.0, -7200.0 / 2197.0, 7296.0 / 2197.0},
        {439.0 / 216.0, -8.0, 3680.0 / 513.0, -845.0 / 4104.0},
        {-8.0 / 27.0, 2.0, -3544.0 / 2565.0, 1859.0 / 4104.0, -11.0 / 40.0},
        {16.0 / 135.0, 0.0, 6656.0 / 12825.0, 28561.0 / 56430.0, -9.0 / 50.0, 2.0 / 55.0},
        {1.0 / 360.0, 0.0, -128.0 / 4275.0, -2197.0 / 75240.0, 1.0 / 50.0, 2.0 / 55.0},
    };
    const unsigned n = shape->n;
    double m[SS_RKF45_LIN_MAPS][SS_RKF45_MAX_LIN][SS_RKF45_MAX_LIN];
    if (n == 0 || n > SS_RKF45_MAX_LIN) {
        *why = "the number of linear components is 0 or above SS_RKF45_MAX_LIN";
        return -1;
    }
    for (unsigned col = 0; col < n; col++) {
        double k[6][SS_RKF45_MAX_LIN], y[SS_RKF45_MAX_LIN];
        for (unsigned i = 0; i < n; i++)
            y[i] = i == col;
        for (unsigned s = 0; s < SS_RKF45_LIN_MAPS; s++) {
            /* k[s] = A·(stage s input); map s from k[0..s] */
            if (s < 6)
                for (unsigned i = 0; i < n; i++) {
                    double f = 0.0;
                    for (unsigned j = 0; j < n; j++)
                        f += a[i * n + j] * y[j];
                    k[s][i] = f;
                }
            for (unsigned i = 0; i < n; i++) {
                double sum = 0.0;
                for (unsigned j = 0; j < 6 && j <= s; j++)
                    sum += w[s][j] * k[j][i];
                m[s][i][col] = s == SS_RKF45_LIN_ERR ? h * sum : (i == col) + h * sum;
            }
            if (s < 5)
                for (unsigned i = 0; i < n; i++)
                    y[i] = m[s][i][col];
        }
    }
    memset(lin, 0, sizeof *lin);
    lin->h = h;
    for (unsigned i = 0; i < n; i++) {
        const unsigned nd = shape->n_dep[i];
        if (nd == 0 || nd > SS_RKF45_MAX_LIN_DEPS || shape->dep[i][0] != i) {
            *why = "a linear component's dependencies must start with itself "
                   "(at most SS_RKF45_MAX_LIN_DEPS)";
            return -1;
        }
        for (unsigned j = 0; j < n; j++) {
            unsigned d = 0;
            while (d < nd && shape->dep[i][d] != j)
                d++;
            for (unsigned s = 0; s < SS_RKF45_LIN_MAPS; s++) {
                if (d < nd)
                    lin->c[s][i][d] = m[s][i][j];
                else if (m[s][i][j] != 0.0) {
                    *why = "the linear system couples components the shape keeps apart";
                    return -1;
                }
            }
        }
    }
    return 0;
}

/* The maps at work: out[comp[k]] = map m of the start-of-step state y, for
 * every linear component; the own term first, then the others folded in as
 * the stage sums are (fused or not). */
SS_RKF45_INLINE void ss_rkf45_lin_apply(const ss_rkf45_lin_shape *sh, const ss_rkf45_lin *lin,
                                        int m, const double *y, double *out, int fused)
{
    SS_RKF45_UNROLL
    for (unsigned k = 0; k < sh->n; k++) {
        double v = lin->c[m][k][0] * y[sh->comp[k]];
        SS_RKF45_UNROLL
        for (unsigned d = 1; d < sh->n_dep[k]; d++)
            v = ss_rkf45_madd(fused, lin->c[m][k][d], y[sh->comp[sh->dep[k][d]]], v);
        out[sh->comp[k]] = v;
    }
}

/* One RKF45 step of size h from (t, y) with k1 = f(t, y) given: y becomes the
 * fifth-order solution, yerr the difference between the fifth- and the
 * fourth-order solutions. The grouping of every sum below is part of the
 * contract (it fixes the rounding): unfused, it is GSL's, term by term
 * (c3·k3 + (c2·k2 + c1·k1) equals GSL's (c1·k1 + c2·k2) + c3·k3 exactly,
 * IEEE addition being commutative); fused, every product after the first is
 * folded into the running sum, and so is the final y + h·sum. With a
 * linear part (sh not NULL) and h its step, the linear components take the
 * maps instead of the sums. */
SS_RKF45_INLINE void ss_rkf45_step(size_t dim, ss_rkf45_rhs rhs, const void *ctx,
                                   double t, double h, double *y, double *yerr,
                                   const double *k1, int fused,
                                   const ss_rkf45_lin_shape *sh, const ss_rkf45_lin *lin)
{
    double k2[SS_RKF45_MAX_DIM], k3[SS_RKF45_MAX_DIM], k4[SS_RKF45_MAX_DIM];
    double k5[SS_RKF45_MAX_DIM], k6[SS_RKF45_MAX_DIM], yt[SS_RKF45_MAX_DIM];
    double ly[SS_RKF45_MAX_DIM] = {0}, le[SS_RKF45_MAX_DIM] = {0}; /* GCC cannot see use_lin */
    const int use_lin = sh && h == lin->h;
#define SS_MADD(a, b, c) ss_rkf45_madd(fused, (a), (b), (c))
#define SS_LIN(m, out) \
    do { if (use_lin) ss_rkf45_lin_apply(sh, lin, (m), y, (out), fused); } while (0)

    SS_RKF45_UNROLL
    for (size_t i = 0; i < dim; i++)
        yt[i] = SS_MADD(SS_RKF45_A2 * h, k1[i], y[i]);
    SS_LIN(0, yt);
    rhs(ctx, t + SS_RKF45_A2 * h, yt, k2);

    SS_RKF45_UNROLL
    for (size_t i = 0; i < dim; i++)
        yt[i] = SS_MADD(h, SS_MADD(9.0 / 32.0, k2[i], (3.0 / 32.0) * k1[i]), y[i]);
    SS_LIN(1, yt);
    rhs(ctx, t + SS_RKF45_A3 * h, yt, k3);

    SS_RKF45_UNROLL
    for (size_t i = 0; i < dim; i++) {
        double s = (1932.0 / 2197.0) * k1[i];
        s = SS_MADD(-7200.0 / 2197.0, k2[i], s);
        s = SS_MADD(7296.0 / 2197.0, k3[i], s);
        yt[i] = SS_MADD(h, s, y[i]);
    }
    SS_LIN(2, yt);
    rhs(ctx, t + SS_RKF45_A4 * h, yt, k4);

    SS_RKF45_UNROLL
    for (size_t i = 0; i < dim; i++) {
        double s = (439.0 / 216.0) * k1[i];
        s = SS_MADD(-8.0, k2[i], s);
        s = SS_MADD(3680.0 / 513.0, k3[i], s);
        s = SS_MADD(-845.0 / 4104.0, k4[i], s);
        yt[i] = SS_MADD(h, s, y[i]);
    }
    SS_LIN(3, yt);
    rhs(ctx, t + SS_RKF45_A5 * h, yt, k5);

    SS_RKF45_UNROLL
    for (size_t i = 0; i < dim; i++) {
        double s = (-8.0 / 27.0) * k1[i];
        s = SS_MADD(2.0, k2[i], s);
        s = SS_MADD(-3544.0 / 2565.0, k3[i], s);
        s = SS_MADD(1859.0 / 4104.0, k4[i], s);
        s = SS_MADD(-11.0 / 40.0, k5[i], s);
        yt[i] = SS_MADD(h, s, y[i]);
    }
    SS_LIN(4, yt);
    rhs(ctx, t + SS_RKF45_A6 * h, yt, k6);

    SS_LIN(SS_RKF45_LIN_Y, ly); /* before y is overwritten */
    SS_LIN(SS_RKF45_LIN_ERR, le);
    SS_RKF45_UNROLL
    for (size_t i = 0; i < dim; i++) {
        /* fifth-order weights 16/135, 6656/12825, 28561/56430, -9/50, 2/55 */
        double d = (16.0 / 135.0) * k1[i];
        d = SS_MADD(6656.0 / 12825.0, k3[i], d);
        d = SS_MADD(28561.0 / 56430.0, k4[i], d);
        d = SS_MADD(-9.0 / 50.0, k5[i], d);
        d = SS_MADD(2.0 / 55.0, k6[i], d);
        y[i] = SS_MADD(h, d, y[i]);
    }
    SS_RKF45_UNROLL
    for (size_t i = 0; i < dim; i++) {
        double e = (1.0 / 360.0) * k1[i];
        e = SS_MADD(-128.0 / 4275.0, k3[i], e);
        e = SS_MADD(-2197.0 / 75240.0, k4[i], e);
        e = SS_MADD(1.0 / 50.0, k5[i], e);
        e = SS_MADD(2.0 / 55.0, k6[i], e);
        yerr[i] = h * e;
    }
    if (use_lin)
        for (unsigned k = 0; k < sh->n; k++) {
            y[sh->comp[k]] = ly[sh->comp[k]];
            yerr[sh->comp[k]] = le[sh->comp[k]];
        }
#undef SS_LIN
#undef SS_MADD
}

/* Result of the controller. */
enum { SS_RKF45_DEC = -1, SS_RKF45_NIL = 0, SS_RKF45_INC = 1 };

/* The standard controller (order 5, safety 0.9, at most ×5 up, ×0.2 down;
 * reject above 1.1 of the tolerance, grow below 0.5). Returns the decision;
 * the new step is written to *h only when want_h is true or the step must be
 * rejected, because pow() is the costliest operation of a quiet neuron step
 * and an accepted final sub-step never uses the proposal. */
SS_RKF45_INLINE int ss_rkf45_hadjust(ss_rkf45_tol tol, size_t dim, const double *y,
                                     const double *yerr, double *h, int want_h)
{
    double rmax = 0x1p-1022; /* DBL_MIN, as GSL starts; NaN ratios never win */
    SS_RKF45_UNROLL
    for (size_t i = 0; i < dim; i++) {
        const double d0 = tol.eps_rel * fabs(y[i]) + tol.eps_abs;
        const double r = fabs(yerr[i]) / fabs(d0);
        rmax = r > rmax ? r : rmax;
    }
    if (rmax > 1.1) {
        double r = 0.9 / pow(rmax, 1.0 / 5.0);
        if (r < 0.2)
            r = 0.2;
        *h = r * *h;
        return SS_RKF45_DEC;
    }
    if (rmax < 0.5) {
        if (want_h) {
            /* below (0.9/5)^6 ≈ 3.4e-5 the growth is capped at 5 anyway */
            double r = rmax < 3.0e-5 ? 5.0 : 0.9 / pow(rmax, 1.0 / 6.0);
            if (r > 5.0)
                r = 5.0;
            if (r < 1.0)
                r = 1.0;
            *h = r * *h;
        }
        return SS_RKF45_INC;
    }
    return SS_RKF45_NIL;
}

/* One accepted step towards t1, as gsl_odeiv2_evolve_apply: the step is
 * shortened to end exactly at t1 (and then *t = t1 and the carried *h is
 * left alone), rejected and retried with the controller's smaller step while
 * the error is too large. Returns 0, or -1 when the step cannot shrink any
 * further (the state is then undefined). */
SS_RKF45_INLINE int ss_rkf45_evolve_apply_l(ss_rkf45_tol tol, size_t dim, ss_rkf45_rhs rhs,
                                            const void *ctx, double *t, double t1, double *h,
                                            double *y, ss_rkf45_stats *stats, int fused,
                                            const ss_rkf45_lin_shape *sh,
                                            const ss_rkf45_lin *lin)
{
    const double t0 = *t;
    const double dt = t1 - t0;
    double h0 = *h;
    double y0[SS_RKF45_MAX_DIM], k1[SS_RKF45_MAX_DIM], yerr[SS_RKF45_MAX_DIM];

    memcpy(y0, y, dim * sizeof *y);
    rhs(ctx, t0, y, k1);
    for (;;) {
        const int final_step = h0 > dt;
        if (final_step)
            h0 = dt;
        ss_rkf45_step(dim, rhs, ctx, t0, h0, y, yerr, k1, fused, sh, lin);
        *t = final_step ? t1 : t0 + h0;

        const double h_old = h0;
        const int adj = ss_rkf45_hadjust(tol, dim, y, yerr, &h0, !final_step);
        if (adj == SS_RKF45_DEC) {
            /* retry only if the step really shrinks and still moves t */
            if (fabs(h0) < fabs(h_old) && *t + h0 != *t) {
                memcpy(y, y0, dim * sizeof *y);
                if (stats)
                    stats->rejected++;
                continue;
            }
            *h = h0;
            return -1;
        }
        if (stats)
            stats->accepted++;
        if (!final_step)
            *h = h0;
        return 0;
    }
}

/* Fused as the flag says, no linear part. */
SS_RKF45_INLINE int ss_rkf45_evolve_apply_m(ss_rkf45_tol tol, size_t dim, ss_rkf45_rhs rhs,
                                            const void *ctx, double *t, double t1, double *h,
                                            double *y, ss_rkf45_stats *stats, int fused)
{
    return ss_rkf45_evolve_apply_l(tol, dim, rhs, ctx, t, t1, h, y, stats, fused, NULL, NULL);
}

/* GSL's arithmetic (no fused multiply-add). */
SS_RKF45_INLINE int ss_rkf45_evolve_apply(ss_rkf45_tol tol, size_t dim, ss_rkf45_rhs rhs,
                                          const void *ctx, double *t, double t1, double *h,
                                          double *y, ss_rkf45_stats *stats)
{
    return ss_rkf45_evolve_apply_m(tol, dim, rhs, ctx, t, t1, h, y, stats, 0);
}

/* Integrates y over (0, dt] with the carried step *h (see ss_rkf45_advance),
 * fused as the flag says, with the linear part sh/lin (or NULL, NULL). */
SS_RKF45_INLINE int ss_rkf45_advance_l(ss_rkf45_tol tol, size_t dim, ss_rkf45_rhs rhs,
                                       const void *ctx, double dt, double *h, double *y,
                                       ss_rkf45_stats *stats, int fused,
                                       const ss_rkf45_lin_shape *sh, const ss_rkf45_lin *lin)
{
    double t = 0.0;
    while (t < dt)
        if (ss_rkf45_evolve_apply_l(tol, dim, rhs, ctx, &t, dt, h, y, stats, fused, sh, lin)
            != 0)
            return -1;
    return 0;
}

SS_RKF45_INLINE int ss_rkf45_advance_m(ss_rkf45_tol tol, size_t dim, ss_rkf45_rhs rhs,
                                       const void *ctx, double dt, double *h, double *y,
                                       ss_rkf45_stats *stats, int fused)
{
    return ss_rkf45_advance_l(tol, dim, rhs, ctx, dt, h, y, stats, fused, NULL, NULL);
}

/* Integrates y over (0, dt] with the carried step *h, as the models' loop
 * `t = 0; while (t < dt) gsl_odeiv2_evolve_apply(..., &t, dt, h, y)` does,
 * with GSL's arithmetic: the trajectory is GSL's, bit for bit. */
SS_RKF45_INLINE int ss_rkf45_advance(ss_rkf45_tol tol, size_t dim, ss_rkf45_rhs rhs,
                                     const void *ctx, double dt, double *h, double *y,
                                     ss_rkf45_stats *stats)
{
    return ss_rkf45_advance_m(tol, dim, rhs, ctx, dt, h, y, stats, 0);
}

/* The same with fused stage sums, as the lockstep driver computes them where
 * the instruction set has FMA (SS_SIMD_FUSED): a lane of ss_rkf45_advance_v
 * equals ss_rkf45_advance_m(..., SS_SIMD_FUSED), bit for bit. */
SS_RKF45_INLINE int ss_rkf45_advance_fused(ss_rkf45_tol tol, size_t dim, ss_rkf45_rhs rhs,
                                           const void *ctx, double dt, double *h, double *y,
                                           ss_rkf45_stats *stats)
{
    return ss_rkf45_advance_m(tol, dim, rhs, ctx, dt, h, y, stats, 1);
}

/* ---- The same solver on SS_LANES independent systems in lockstep ----
 *
 * Every lane runs exactly the scalar algorithm above, fused as SS_SIMD_FUSED
 * says (same stage arithmetic, same controller decisions, its own carried
 * step, its own sub-step count); lanes that have finished their step, or
 * wait for a neighbour's retry, are masked. So lane l's trajectory equals
 * ss_rkf45_advance_m(..., SS_SIMD_FUSED) on lane l's system, bit for bit
 * (tests/models/test_rkf45.c checks it), while the common case —
 * every lane covers h in one accepted sub-step — runs at full vector width.
 * The right-hand side is autonomous (no t), as in every neuron model. */

typedef void (*ss_rkf45_rhs_v)(const void *ctx, const ss_vd *y, ss_vd *f);

/* Up to this many blocks of SS_LANES lanes are stepped together: the stages
 * of independent blocks interleave, which hides the latency of a stage's
 * dependency chain (exp() in the neuron models) without changing any lane's
 * arithmetic. The models step this many blocks per call (docs/numerics.md:
 * 3 measured faster than 2 and 4 on AVX-512). The baseline variant (no
 * FMA: x86-64 CPUs from before 2013) steps one block: there each 8-lane
 * vector is four SSE2 registers, and three blocks made its translation
 * units the slowest part of the build (GCC 12, release: 92 s for the AdEx
 * one, 36 s with one block), for speed nobody measures. A lane's
 * arithmetic does not depend on the number of blocks. */
#if SS_SIMD_FUSED
#define SS_RKF45_MAX_BLOCKS 3
#else
#define SS_RKF45_MAX_BLOCKS 1
#endif

/* One block's state vector. */
typedef ss_vd ss_rkf45_vstate[SS_RKF45_MAX_DIM];

#define SS_RKF45_FOR_BLOCKS(b, nb) SS_RKF45_UNROLL for (size_t b = 0; b < (nb); b++)

/* dst = src, component by component: unlike memcpy, this lets the compiler
 * keep the components in registers (GCC scalarizes element accesses, not
 * block copies of these arrays). */
SS_RKF45_INLINE void ss_rkf45_vcopy(size_t dim, ss_vd *dst, const ss_vd *src)
{
    SS_RKF45_UNROLL
    for (size_t i = 0; i < dim; i++)
        dst[i] = src[i];
}

/* Where the lockstep step uses the linear maps: nowhere, in every lane, or
 * in the lanes of a mask. A constant at each call site: with ALL, the stage
 * sums of the linear components (and the right-hand side's linear rows) are
 * dead code. */
enum { SS_RKF45_LIN_OFF, SS_RKF45_LIN_ALL, SS_RKF45_LIN_SOME };

/* ss_rkf45_lin_apply on lanes: out[comp[k]] becomes the map's value (ALL) or
 * takes it in the lanes of `use` (SOME). */
SS_RKF45_INLINE void ss_rkf45_lin_apply_v(const ss_rkf45_lin_shape *sh, const ss_rkf45_lin *lin,
                                          int m, const ss_vd *y, ss_vd *out, int mode,
                                          ss_vm use)
{
    SS_RKF45_UNROLL
    for (unsigned k = 0; k < sh->n; k++) {
        ss_vd v = lin->c[m][k][0] * y[sh->comp[k]];
        SS_RKF45_UNROLL
        for (unsigned d = 1; d < sh->n_dep[k]; d++)
            v = ss_vfma(ss_vsplat(lin->c[m][k][d]), y[sh->comp[sh->dep[k][d]]], v);
        out[sh->comp[k]] = mode == SS_RKF45_LIN_ALL ? v : ss_vsel(use, v, out[sh->comp[k]]);
    }
}

/* One RKF45 step of nb blocks, block b with its own per-lane step h[b] and
 * right-hand-side context ctx[b]; the scalar step's arithmetic, lane by lane,
 * with the linear maps where `mode` and use[b] say (the lanes whose step is
 * lin->h). */
SS_RKF45_INLINE void ss_rkf45_step_v(size_t dim, size_t nb, ss_rkf45_rhs_v rhs,
                                     const void *const *ctx, const ss_vd *h,
                                     ss_rkf45_vstate *y, ss_rkf45_vstate *yerr,
                                     const ss_rkf45_vstate *k1, const ss_rkf45_lin_shape *sh,
                                     const ss_rkf45_lin *lin, int mode, const ss_vm *use)
{
    ss_rkf45_vstate k2[SS_RKF45_MAX_BLOCKS], k3[SS_RKF45_MAX_BLOCKS], k4[SS_RKF45_MAX_BLOCKS];
    ss_rkf45_vstate k5[SS_RKF45_MAX_BLOCKS], k6[SS_RKF45_MAX_BLOCKS], yt[SS_RKF45_MAX_BLOCKS];
#define SS_VLIN(m, b, out) \
    do { if (mode != SS_RKF45_LIN_OFF) \
            ss_rkf45_lin_apply_v(sh, lin, (m), y[b], (out), mode, use[b]); } while (0)

#define SS_VF(a, b, c) ss_vfma(ss_vsplat(a), (b), (c))
    SS_RKF45_FOR_BLOCKS(b, nb) {
        const ss_vd a2h = SS_RKF45_A2 * h[b];
        SS_RKF45_UNROLL
        for (size_t i = 0; i < dim; i++)
            yt[b][i] = ss_vfma(a2h, k1[b][i], y[b][i]);
    }
    SS_RKF45_FOR_BLOCKS(b, nb) SS_VLIN(0, b, yt[b]);
    SS_RKF45_FOR_BLOCKS(b, nb) rhs(ctx[b], yt[b], k2[b]);
    SS_RKF45_FOR_BLOCKS(b, nb) {
        SS_RKF45_UNROLL
        for (size_t i = 0; i < dim; i++)
            yt[b][i] = ss_vfma(h[b], SS_VF(9.0 / 32.0, k2[b][i], (3.0 / 32.0) * k1[b][i]),
                               y[b][i]);
    }
    SS_RKF45_FOR_BLOCKS(b, nb) SS_VLIN(1, b, yt[b]);
    SS_RKF45_FOR_BLOCKS(b, nb) rhs(ctx[b], yt[b], k3[b]);
    SS_RKF45_FOR_BLOCKS(b, nb) {
        SS_RKF45_UNROLL
        for (size_t i = 0; i < dim; i++) {
            ss_vd s = (1932.0 / 2197.0) * k1[b][i];
            s = SS_VF(-7200.0 / 2197.0, k2[b][i], s);
            s = SS_VF(7296.0 / 2197.0, k3[b][i], s);
            yt[b][i] = ss_vfma(h[b], s, y[b][i]);
        }
    }
    SS_RKF45_FOR_BLOCKS(b, nb) SS_VLIN(2, b, yt[b]);
    SS_RKF45_FOR_BLOCKS(b, nb) rhs(ctx[b], yt[b], k4[b]);
    SS_RKF45_FOR_BLOCKS(b, nb) {
        SS_RKF45_UNROLL
        for (size_t i = 0; i < dim; i++) {
            ss_vd s = (439.0 / 216.0) * k1[b][i];
            s = SS_VF(-8.0, k2[b][i], s);
            s = SS_VF(3680.0 / 513.0, k3[b][i], s);
            s = SS_VF(-845.0 / 4104.0, k4[b][i], s);
            yt[b][i] = ss_vfma(h[b], s, y[b][i]);
        }
    }
    SS_RKF45_FOR_BLOCKS(b, nb) SS_VLIN(3, b, yt[b]);
    SS_RKF45_FOR_BLOCKS(b, nb) rhs(ctx[b], yt[b], k5[b]);
    SS_RKF45_FOR_BLOCKS(b, nb) {
        SS_RKF45_UNROLL
        for (size_t i = 0; i < dim; i++) {
            ss_vd s = (-8.0 / 27.0) * k1[b][i];
            s = SS_VF(2.0, k2[b][i], s);
            s = SS_VF(-3544.0 / 2565.0, k3[b][i], s);
            s = SS_VF(1859.0 / 4104.0, k4[b][i], s);
            s = SS_VF(-11.0 / 40.0, k5[b][i], s);
            yt[b][i] = ss_vfma(h[b], s, y[b][i]);
        }
    }
    SS_RKF45_FOR_BLOCKS(b, nb) SS_VLIN(4, b, yt[b]);
    SS_RKF45_FOR_BLOCKS(b, nb) rhs(ctx[b], yt[b], k6[b]);
    SS_RKF45_FOR_BLOCKS(b, nb) {
        ss_vd yn[SS_RKF45_MAX_DIM];
        SS_RKF45_UNROLL
        for (size_t i = 0; i < dim; i++) {
            ss_vd d = (16.0 / 135.0) * k1[b][i];
            d = SS_VF(6656.0 / 12825.0, k3[b][i], d);
            d = SS_VF(28561.0 / 56430.0, k4[b][i], d);
            d = SS_VF(-9.0 / 50.0, k5[b][i], d);
            d = SS_VF(2.0 / 55.0, k6[b][i], d);
            yn[i] = ss_vfma(h[b], d, y[b][i]);
        }
        SS_RKF45_UNROLL
        for (size_t i = 0; i < dim; i++) {
            ss_vd e = (1.0 / 360.0) * k1[b][i];
            e = SS_VF(-128.0 / 4275.0, k3[b][i], e);
            e = SS_VF(-2197.0 / 75240.0, k4[b][i], e);
            e = SS_VF(1.0 / 50.0, k5[b][i], e);
            e = SS_VF(2.0 / 55.0, k6[b][i], e);
            yerr[b][i] = h[b] * e;
        }
        SS_VLIN(SS_RKF45_LIN_Y, b, yn);
        SS_VLIN(SS_RKF45_LIN_ERR, b, yerr[b]);
        ss_rkf45_vcopy(dim, y[b], yn);
    }
#undef SS_VLIN
#undef SS_VF
}

/* The lanes whose error is quiet: |err| < 0.49·d0 in every component
 * (d0 = eps_rel·|y| + eps_abs; the test's own rounding is far inside the 2 %
 * margin), so every ratio rounds below 0.5 and the controller accepts and
 * grows the step without needing d0 or the divisions. */
SS_RKF45_INLINE ss_vm ss_rkf45_quiet_v(ss_rkf45_tol tol, size_t dim, const ss_vd *y,
                                       const ss_vd *yerr)
{
    const ss_vd q_rel = ss_vsplat(0.49 * tol.eps_rel), q_abs = ss_vsplat(0.49 * tol.eps_abs);
    ss_vm quiet = (ss_vm){0} - 1;
    SS_RKF45_UNROLL
    for (size_t i = 0; i < dim; i++)
        quiet &= ss_vlt(ss_vabs(yerr[i]), ss_vfma(q_rel, ss_vabs(y[i]), q_abs));
    return quiet;
}

/* The controller per lane: returns the rejection mask; *h gets the new step
 * in rejected lanes and, where want_h is set, in growing lanes (pow() only
 * where its value is used, lane by lane: it is rare). */
SS_RKF45_INLINE ss_vm ss_rkf45_hadjust_v(ss_rkf45_tol tol, size_t dim, const ss_vd *y,
                                         const ss_vd *yerr, ss_vd *h, ss_vm want_h)
{
    /* quiet everywhere and nobody needs the new size (the usual final
     * sub-step): d0 and the divisions are not needed at all */
    const ss_vm quiet = ss_rkf45_quiet_v(tol, dim, y, yerr);
    if (!ss_vany(~quiet | want_h))
        return (ss_vm){0};
    ss_vd rmax = ss_vsplat(0x1p-1022);
    SS_RKF45_UNROLL
    for (size_t i = 0; i < dim; i++) {
        const ss_vd d0 = tol.eps_rel * ss_vabs(y[i]) + tol.eps_abs;
        const ss_vd r = ss_vabs(yerr[i]) / ss_vabs(d0);
        rmax = ss_vsel(ss_vgt(r, rmax), r, rmax);
    }
    const ss_vm dec = ss_vgt(rmax, ss_vsplat(1.1));
    const ss_vm grow = ss_vlt(rmax, ss_vsplat(0.5)) & want_h;
    if (ss_vany(dec | grow)) {
        for (unsigned l = 0; l < SS_LANES; l++) {
            double f = 1.0;
            if (dec[l]) {
                f = 0.9 / pow(rmax[l], 1.0 / 5.0);
                if (f < 0.2)
                    f = 0.2;
            } else if (grow[l]) {
                f = rmax[l] < 3.0e-5 ? 5.0 : 0.9 / pow(rmax[l], 1.0 / 6.0);
                if (f > 5.0)
                    f = 5.0;
                if (f < 1.0)
                    f = 1.0;
            } else {
                continue;
            }
            (*h)[l] = f * (*h)[l];
        }
    }
    return dec;
}

/* The usual case of ss_rkf45_advance_vbl on its own: every lane carries a
 * step longer than dt, so one sub-step of exactly dt finishes it, and every
 * lane's error is quiet (ss_rkf45_hadjust_v), so that sub-step is accepted
 * and the carried step stays. Then y takes the result and the return is
 * true. Otherwise nothing is changed and the return is false: the general
 * loop then runs from the start, with the same arithmetic, so a lane's bits
 * never depend on which way was taken. The point of the split is that here
 * the step is the constant dt in every lane and nothing is selected or
 * copied per lane, which leaves registers to the stages. */
SS_RKF45_INLINE bool ss_rkf45_one_step_vbl(ss_rkf45_tol tol, size_t dim, size_t nb,
                                           ss_rkf45_rhs_v rhs, const void *const *ctx,
                                           double dt, const ss_vd *h, ss_rkf45_vstate *y,
                                           const ss_rkf45_lin_shape *sh,
                                           const ss_rkf45_lin *lin)
{
    const ss_vd dtv = ss_vsplat(dt);
    bool longer = true;
    SS_RKF45_FOR_BLOCKS(b, nb) longer &= !ss_vany(~ss_vgt(h[b], dtv));
    if (!longer)
        return false;
    ss_rkf45_vstate k1[SS_RKF45_MAX_BLOCKS], ys[SS_RKF45_MAX_BLOCKS], yerr[SS_RKF45_MAX_BLOCKS];
    ss_vd hs[SS_RKF45_MAX_BLOCKS];
    ss_vm use[SS_RKF45_MAX_BLOCKS];
    SS_RKF45_FOR_BLOCKS(b, nb) {
        ss_rkf45_vcopy(dim, ys[b], y[b]);
        hs[b] = dtv;
        use[b] = (ss_vm){0} - 1;
    }
    SS_RKF45_FOR_BLOCKS(b, nb) rhs(ctx[b], y[b], k1[b]);
    const ss_rkf45_vstate *k1c = (const ss_rkf45_vstate *)k1;
    if (sh && lin->h == dt)
        ss_rkf45_step_v(dim, nb, rhs, ctx, hs, ys, yerr, k1c, sh, lin, SS_RKF45_LIN_ALL, use);
    else
        ss_rkf45_step_v(dim, nb, rhs, ctx, hs, ys, yerr, k1c, sh, lin, SS_RKF45_LIN_OFF, use);
    ss_vm quiet = (ss_vm){0} - 1;
    SS_RKF45_FOR_BLOCKS(b, nb) quiet &= ss_rkf45_quiet_v(tol, dim, ys[b], yerr[b]);
    if (ss_vany(~quiet))
        return false;
    SS_RKF45_FOR_BLOCKS(b, nb) ss_rkf45_vcopy(dim, y[b], ys[b]);
    return true;
}

/* Covers (0, dt] in every lane of nb blocks: lane l of block b starts
 * sub-steps with h[b][l] and keeps the carried step there, like
 * ss_rkf45_advance. failed[b] gets the mask of lanes whose step could not
 * shrink far enough (their state is undefined). With a linear part (sh, lin:
 * a constant shape, or NULL), lane l is ss_rkf45_advance_l(..., SS_SIMD_FUSED,
 * sh, lin) on its system, bit for bit. */
SS_RKF45_INLINE void ss_rkf45_advance_vbl(ss_rkf45_tol tol, size_t dim, size_t nb,
                                          ss_rkf45_rhs_v rhs, const void *const *ctx, double dt,
                                          ss_vd *h, ss_rkf45_vstate *y, ss_vm *failed,
                                          const ss_rkf45_lin_shape *sh, const ss_rkf45_lin *lin)
{
    if (ss_rkf45_one_step_vbl(tol, dim, nb, rhs, ctx, dt, h, y, sh, lin)) {
        SS_RKF45_FOR_BLOCKS(b, nb) failed[b] = (ss_vm){0};
        return;
    }
    const ss_vd dtv = ss_vsplat(dt);
    ss_vd t[SS_RKF45_MAX_BLOCKS];
    ss_vm active[SS_RKF45_MAX_BLOCKS];
    bool any_active = false;
    SS_RKF45_FOR_BLOCKS(b, nb) {
        t[b] = ss_vsplat(0.0);
        failed[b] = (ss_vm){0};
        active[b] = ss_vlt(t[b], dtv);
        any_active |= ss_vany(active[b]);
    }
    while (any_active) {
        /* one gsl_odeiv2_evolve_apply in every active lane */
        ss_rkf45_vstate y0[SS_RKF45_MAX_BLOCKS], k1[SS_RKF45_MAX_BLOCKS];
        ss_rkf45_vstate ys[SS_RKF45_MAX_BLOCKS], yerr[SS_RKF45_MAX_BLOCKS];
        ss_vd t0[SS_RKF45_MAX_BLOCKS], rest[SS_RKF45_MAX_BLOCKS], h0[SS_RKF45_MAX_BLOCKS];
        ss_vm pending[SS_RKF45_MAX_BLOCKS];
        bool any_pending = false;
        SS_RKF45_FOR_BLOCKS(b, nb) {
            ss_rkf45_vcopy(dim, y0[b], y[b]);
            t0[b] = t[b];
            rest[b] = dtv - t0[b];
            h0[b] = h[b];
            pending[b] = active[b];
            any_pending |= ss_vany(pending[b]);
        }
        SS_RKF45_FOR_BLOCKS(b, nb) rhs(ctx[b], y0[b], k1[b]);
        while (any_pending) {
            ss_vm fin[SS_RKF45_MAX_BLOCKS];
            SS_RKF45_FOR_BLOCKS(b, nb) {
                fin[b] = ss_vgt(h0[b], rest[b]);
                h0[b] = ss_vsel(fin[b], rest[b], h0[b]);
                ss_rkf45_vcopy(dim, ys[b], y0[b]);
            }
            /* the linear maps in the lanes whose step is theirs: in every
             * pending lane (the usual case) or in some */
            ss_vm use[SS_RKF45_MAX_BLOCKS];
            bool all_use = true;
            SS_RKF45_FOR_BLOCKS(b, nb) {
                use[b] = sh ? ~ss_vne(h0[b], ss_vsplat(lin->h)) : (ss_vm){0};
                all_use &= !ss_vany(pending[b] & ~use[b]);
            }
            const ss_rkf45_vstate *k1c = (const ss_rkf45_vstate *)k1;
            if (!sh)
                ss_rkf45_step_v(dim, nb, rhs, ctx, h0, ys, yerr, k1c, sh, lin,
                                SS_RKF45_LIN_OFF, use);
            else if (all_use)
                ss_rkf45_step_v(dim, nb, rhs, ctx, h0, ys, yerr, k1c, sh, lin,
                                SS_RKF45_LIN_ALL, use);
            else
                ss_rkf45_step_v(dim, nb, rhs, ctx, h0, ys, yerr, k1c, sh, lin,
                                SS_RKF45_LIN_SOME, use);
            any_pending = false;
            SS_RKF45_FOR_BLOCKS(b, nb) {
                const ss_vd tn = ss_vsel(fin[b], dtv, t0[b] + h0[b]);
                ss_vd hn = h0[b];
                const ss_vm dec = ss_rkf45_hadjust_v(tol, dim, ys[b], yerr[b], &hn,
                                                     ~fin[b] & pending[b]) & pending[b];
                const ss_vm retry = dec & ss_vlt(ss_vabs(hn), ss_vabs(h0[b]))
                                    & ss_vne(tn + hn, tn);
                const ss_vm give_up = dec & ~retry;
                const ss_vm accept = pending[b] & ~dec;
                SS_RKF45_UNROLL
                for (size_t i = 0; i < dim; i++)
                    y[b][i] = ss_vsel(accept, ys[b][i], y[b][i]);
                t[b] = ss_vsel(accept, tn, t[b]);
                h[b] = ss_vsel((accept & ~fin[b]) | give_up, hn, h[b]);
                failed[b] |= give_up;
                h0[b] = ss_vsel(retry, hn, h0[b]);
                pending[b] = retry;
                any_pending |= ss_vany(retry);
            }
        }
        any_active = false;
        SS_RKF45_FOR_BLOCKS(b, nb) {
            active[b] = ss_vlt(t[b], dtv) & ~failed[b];
            any_active |= ss_vany(active[b]);
        }
    }
}

/* The same without a linear part. */
SS_RKF45_INLINE void ss_rkf45_advance_vb(ss_rkf45_tol tol, size_t dim, size_t nb,
                                         ss_rkf45_rhs_v rhs, const void *const *ctx, double dt,
                                         ss_vd *h, ss_rkf45_vstate *y, ss_vm *failed)
{
    ss_rkf45_advance_vbl(tol, dim, nb, rhs, ctx, dt, h, y, failed, NULL, NULL);
}

/* One block: covers (0, dt] in every lane (see ss_rkf45_advance_vb) and
 * returns the mask of failed lanes. */
SS_RKF45_INLINE ss_vm ss_rkf45_advance_v(ss_rkf45_tol tol, size_t dim, ss_rkf45_rhs_v rhs,
                                         const void *ctx, double dt, ss_vd *h, ss_vd *y)
{
    ss_rkf45_vstate ys[1];
    ss_vm failed[1];
    const void *const ctxs[1] = {ctx};
    memcpy(ys[0], y, dim * sizeof(ss_vd));
    ss_rkf45_advance_vb(tol, dim, 1, rhs, ctxs, dt, h, ys, failed);
    memcpy(y, ys[0], dim * sizeof(ss_vd));
    return failed[0];
}


#endif
