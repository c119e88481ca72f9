/* The engine's inlined RKF45 (engine/rkf45.h) against GSL's gsl_odeiv2 rkf45
 * with gsl_odeiv2_control_y_new and gsl_odeiv2_evolve_apply, the step size
 * carried from one simulation step to the next. Same ODE, same tolerances:
 * the trajectories, the number of accepted and of rejected steps and the
 * carried step size must agree. */
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <math.h>

#include "rkf45.h"
#include "tolerance.h"

/* ---- test ODEs: one function serves both solvers ---- */

typedef struct vdp_ctx { double mu; } vdp_ctx;

/* Van der Pol oscillator: fast relaxation phases force many rejections. */
static inline void vdp_rhs(const void *ctx, double t, const double *y, double *f)
{
    (void)t;
    const double mu = ((const vdp_ctx *)ctx)->mu;
    f[0] = y[1];
    f[1] = mu * (1.0 - y[0] * y[0]) * y[1] - y[0];
}

/* Lorenz system: chaotic, so any difference in the decisions would grow. */
static inline void lorenz_rhs(const void *ctx, double t, const double *y, double *f)
{
    (void)t;
    (void)ctx;
    f[0] = 10.0 * (y[1] - y[0]);
    f[1] = y[0] * (28.0 - y[2]) - y[1];
    f[2] = y[0] * y[1] - (8.0 / 3.0) * y[2];
}

/* Forced linear system with explicit time dependence (tests the stage times). */
static inline void forced_rhs(const void *ctx, double t, const double *y, double *f)
{
    (void)ctx;
    f[0] = -50.0 * y[0] + 30.0 * sin(3.0 * t) + y[1];
    f[1] = -0.5 * y[1] + cos(t);
}

typedef struct gsl_shim {
    ss_rkf45_rhs fn;
    const void *ctx;
} gsl_shim;

static int gsl_rhs(double t, const double y[], double f[], void *params)
{
    const gsl_shim *s = params;
    s->fn(s->ctx, t, y, f);
    return GSL_SUCCESS;
}

/* Both solvers over n_steps simulation steps of length H, each covered from
 * its own start time by repeated evolve calls, the step size carried. When
 * absolute_time is set, time runs on (the forced ODE), otherwise every step
 * restarts at t = 0 as the neuron models do. Returns the largest relative
 * deviation seen. */
static double compare_m(size_t dim, ss_rkf45_rhs fn, const void *ctx, const double *y_init,
                        double H, int n_steps, ss_rkf45_tol tol, int absolute_time, int fused)
{
    gsl_shim shim = {fn, ctx};
    gsl_odeiv2_system sys = {gsl_rhs, NULL, dim, &shim};
    gsl_odeiv2_step *s = gsl_odeiv2_step_alloc(gsl_odeiv2_step_rkf45, dim);
    gsl_odeiv2_control *c = gsl_odeiv2_control_y_new(tol.eps_abs, tol.eps_rel);
    gsl_odeiv2_evolve *e = gsl_odeiv2_evolve_alloc(dim);

    double yg[SS_RKF45_MAX_DIM], ys[SS_RKF45_MAX_DIM];
    memcpy(yg, y_init, dim * sizeof *yg);
    memcpy(ys, y_init, dim * sizeof *ys);
    double hg = H, hs = H, worst = 0.0;
    ss_rkf45_stats st = {0, 0};

    for (int k = 0; k < n_steps; k++) {
        const double t0 = absolute_time ? k * H : 0.0;
        const double t1 = absolute_time ? (k + 1) * H : H;
        double tg = t0, ts = t0;
        while (tg < t1)
            cr_assert_eq(gsl_odeiv2_evolve_apply(e, c, s, &sys, &tg, t1, &hg, yg), GSL_SUCCESS);
        if (absolute_time) {
            while (ts < t1)
                cr_assert_eq(ss_rkf45_evolve_apply_m(tol, dim, fn, ctx, &ts, t1, &hs, ys, &st, fused), 0);
        } else {
            cr_assert_eq(ss_rkf45_advance_m(tol, dim, fn, ctx, H, &hs, ys, &st, fused), 0);
        }
        for (size_t i = 0; i < dim; i++) {
            cr_assert(ss_close(ys[i], yg[i]), "step %d, y[%zu]: ours %.17g, GSL %.17g", k, i,
                      ys[i], yg[i]);
            const double rel = fabs(ys[i] - yg[i]) / fmax(fmax(fabs(ys[i]), fabs(yg[i])), 1e-300);
            worst = rel > worst ? rel : worst;
        }
        cr_assert(ss_close(hs, hg), "step %d: carried step ours %.17g, GSL %.17g", k, hs, hg);
    }
    /* GSL counts every attempted step, rejected ones included */
    cr_expect_eq(st.accepted + st.rejected, e->count, "attempted steps: ours %lu, GSL %lu",
                 st.accepted + st.rejected, (unsigned long)e->count);
    cr_expect_eq(st.rejected, e->failed_steps, "rejected steps: ours %lu, GSL %lu",
                 st.rejected, (unsigned long)e->failed_steps);
    /* the comparison must have exercised the controller */
    cr_assert_gt(e->count, (size_t)n_steps);
    cr_log_info("%zu-d ODE: %zu GSL steps, %zu rejected, max rel. deviation %.3g", dim,
                e->count, e->failed_steps, worst);

    gsl_odeiv2_evolve_free(e);
    gsl_odeiv2_control_free(c);
    gsl_odeiv2_step_free(s);
    return worst;
}

static double compare(size_t dim, ss_rkf45_rhs fn, const void *ctx, const double *y_init,
                      double H, int n_steps, ss_rkf45_tol tol, int absolute_time)
{
    return compare_m(dim, fn, ctx, y_init, H, n_steps, tol, absolute_time, 0);
}

Test(rkf45, van_der_pol_matches_gsl)
{
    const vdp_ctx ctx = {8.0};
    const double y0[2] = {2.0, 0.0};
    const ss_rkf45_tol tol = {1e-6, 1e-6};
    double worst = compare(2, vdp_rhs, &ctx, y0, 0.1, 400, tol, 0);
    cr_expect_leq(worst, 1e-12);
}

/* The fused stage sums (what the lockstep driver computes) round differently
 * from GSL's, so the trajectories agree to rounding, not bitwise; the step
 * decisions stay the same on this system. */
Test(rkf45, fused_van_der_pol_close_to_gsl)
{
    const vdp_ctx ctx = {8.0};
    const double y0[2] = {2.0, 0.0};
    const ss_rkf45_tol tol = {1e-6, 1e-6};
    double worst = compare_m(2, vdp_rhs, &ctx, y0, 0.1, 400, tol, 0, 1);
    cr_expect_gt(worst, 0.0, "fused arithmetic should not be GSL's bit for bit");
    cr_expect_leq(worst, 1e-10);
}

Test(rkf45, lorenz_matches_gsl)
{
    const double y0[3] = {1.0, 1.0, 20.0};
    const ss_rkf45_tol tol = {1e-6, 1e-6};
    double worst = compare(3, lorenz_rhs, NULL, y0, 0.01, 1000, tol, 0);
    cr_expect_leq(worst, 1e-12);
}

Test(rkf45, tolerances_are_settable)
{
    const double y0[3] = {1.0, 1.0, 20.0};
    const ss_rkf45_tol tol = {1e-9, 1e-8};
    compare(3, lorenz_rhs, NULL, y0, 0.01, 300, tol, 0);
}

Test(rkf45, time_dependent_rhs_matches_gsl)
{
    const double y0[2] = {1.0, -1.0};
    const ss_rkf45_tol tol = {1e-7, 1e-6};
    compare(2, forced_rhs, NULL, y0, 0.1, 300, tol, 1);
}

/* The controller's decisions, against hand-computed values. */
Test(rkf45, controller_decisions)
{
    const ss_rkf45_tol tol = {1e-6, 1e-6};
    const double y[1] = {1.0}; /* tolerance 2e-6 */
    double h;

    double big[1] = {2e-6 * 32.0}; /* ratio 32: shrink by 0.9/32^(1/5) = 0.45 */
    h = 1.0;
    cr_assert_eq(ss_rkf45_hadjust(tol, 1, y, big, &h, 0), SS_RKF45_DEC);
    cr_assert(fabs(h - 0.45) < 1e-15, "h = %.17g", h);

    double huge[1] = {2e-6 * 1e9}; /* never below 0.2 */
    h = 1.0;
    cr_assert_eq(ss_rkf45_hadjust(tol, 1, y, huge, &h, 0), SS_RKF45_DEC);
    cr_assert_eq(h, 0.2);

    double ok[1] = {2e-6 * 0.8}; /* between 0.5 and 1.1: unchanged */
    h = 1.0;
    cr_assert_eq(ss_rkf45_hadjust(tol, 1, y, ok, &h, 1), SS_RKF45_NIL);
    cr_assert_eq(h, 1.0);

    double small[1] = {2e-6 * 0.0625}; /* grow by 0.9/0.0625^(1/6) = 1.428... */
    h = 1.0;
    cr_assert_eq(ss_rkf45_hadjust(tol, 1, y, small, &h, 1), SS_RKF45_INC);
    cr_assert(fabs(h - 0.9 / pow(0.0625, 1.0 / 6.0)) < 1e-15, "h = %.17g", h);

    double tiny[1] = {0.0}; /* never more than 5 */
    h = 1.0;
    cr_assert_eq(ss_rkf45_hadjust(tol, 1, y, tiny, &h, 1), SS_RKF45_INC);
    cr_assert_eq(h, 5.0);

    /* a proposal that is not wanted is not computed */
    h = 1.0;
    cr_assert_eq(ss_rkf45_hadjust(tol, 1, y, tiny, &h, 0), SS_RKF45_INC);
    cr_assert_eq(h, 1.0);
}

/* A right-hand side that jumps by 1e290 at t = 0.05: every step straddling
 * the jump is rejected, so the step shrinks until it no longer moves t. GSL
 * then returns GSL_FAILURE; we must fail too (not loop forever, not accept). */
static inline void jump_rhs(const void *ctx, double t, const double *y, double *f)
{
    (void)ctx;
    (void)y;
    f[0] = t > 0.05 ? 1e290 : 0.0;
}

Test(rkf45, unrecoverable_step_fails_like_gsl)
{
    const ss_rkf45_tol tol = {1e-6, 1e-6};
    gsl_shim shim = {jump_rhs, NULL};
    gsl_odeiv2_system sys = {gsl_rhs, NULL, 1, &shim};
    gsl_odeiv2_step *s = gsl_odeiv2_step_alloc(gsl_odeiv2_step_rkf45, 1);
    gsl_odeiv2_control *c = gsl_odeiv2_control_y_new(tol.eps_abs, tol.eps_rel);
    gsl_odeiv2_evolve *e = gsl_odeiv2_evolve_alloc(1);
    gsl_set_error_handler_off();

    double yg[1] = {1.0}, ys[1] = {1.0}, tg = 0.0, ts = 0.0, hg = 0.1, hs = 0.1;
    int calls_g = 0, calls_s = 0, rg = GSL_SUCCESS, rs = 0;
    while (tg < 0.1 && rg == GSL_SUCCESS && calls_g < 100000) {
        rg = gsl_odeiv2_evolve_apply(e, c, s, &sys, &tg, 0.1, &hg, yg);
        calls_g++;
    }
    while (ts < 0.1 && rs == 0 && calls_s < 100000) {
        rs = ss_rkf45_evolve_apply(tol, 1, jump_rhs, NULL, &ts, 0.1, &hs, ys, NULL);
        calls_s++;
    }
    cr_assert_eq(rg, GSL_FAILURE);
    cr_assert_eq(rs, -1);
    cr_assert_eq(calls_s, calls_g, "failed after %d calls, GSL after %d", calls_s, calls_g);
    cr_assert_lt(ts, 0.0500001);
    gsl_odeiv2_evolve_free(e);
    gsl_odeiv2_control_free(c);
    gsl_odeiv2_step_free(s);
}

/* ---- the lockstep solver: lane l must follow the scalar solver (fused as
 * the vector code is) on lane l's system exactly, whatever its neighbours
 * do ---- */

typedef struct vdp_vctx { ss_vd mu; } vdp_vctx;

static inline __attribute__((always_inline)) void vdp_rhs_v(const void *ctx, const ss_vd *y,
                                                           ss_vd *f)
{
    const ss_vd mu = ((const vdp_vctx *)ctx)->mu;
    f[0] = y[1];
    f[1] = mu * (1.0 - y[0] * y[0]) * y[1] - y[0];
}

Test(rkf45, lockstep_lanes_equal_scalar_solver)
{
    const ss_rkf45_tol tol = {1e-6, 1e-6};
    vdp_vctx vc;
    vdp_ctx sc[SS_LANES];
    ss_vd y[2], h;
    double ys[SS_LANES][2], hs[SS_LANES];
    for (unsigned l = 0; l < SS_LANES; l++) {
        /* lanes differ in stiffness and phase, so they reject and sub-step
         * at different times */
        sc[l].mu = 0.5 + 1.5 * l;
        vc.mu[l] = sc[l].mu;
        y[0][l] = ys[l][0] = 2.0 - 0.3 * l;
        y[1][l] = ys[l][1] = 0.1 * l;
        h[l] = hs[l] = 0.05;
    }
    unsigned long substeps[SS_LANES] = {0};
    for (int k = 0; k < 300; k++) {
        const ss_vm failed = ss_rkf45_advance_v(tol, 2, vdp_rhs_v, &vc, 0.2, &h, y);
        cr_assert(!ss_vany(failed));
        for (unsigned l = 0; l < SS_LANES; l++) {
            ss_rkf45_stats st = {0, 0};
            cr_assert_eq(ss_rkf45_advance_m(tol, 2, vdp_rhs, &sc[l], 0.2, &hs[l], ys[l], &st,
                                            SS_SIMD_FUSED), 0);
            substeps[l] += st.accepted + st.rejected;
            cr_assert_eq(y[0][l], ys[l][0], "step %d lane %u", k, l);
            cr_assert_eq(y[1][l], ys[l][1], "step %d lane %u", k, l);
            cr_assert_eq(h[l], hs[l], "step %d lane %u", k, l);
        }
    }
    /* the lanes really sub-stepped, and differently */
    cr_assert_gt(substeps[0], 300);
    cr_assert_gt(substeps[SS_LANES - 1], substeps[0] + substeps[0] / 2, "%lu vs %lu", substeps[SS_LANES - 1],
                 substeps[0]);
}

/* ss_vexp against libm's exp over the range models use: 1 ulp measured, 2 allowed. */
Test(rkf45, vector_exp_accuracy)
{
    double worst = 0.0;
    uint64_t s = 42;
    for (int it = 0; it < 20000; it++) {
        ss_vd x;
        for (unsigned l = 0; l < SS_LANES; l++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            x[l] = -700.0 + 1400.0 * (double)(s >> 11) * 0x1p-53;
        }
        if (it == 0)
            for (unsigned l = 0; l < SS_LANES; l++)
                x[l] = -1.0 + 0.25 * l; /* around 0 */
        const ss_vd e = ss_vexp(x);
        for (unsigned l = 0; l < SS_LANES; l++) {
            const double ref = exp(x[l]);
            const double ulp = nextafter(ref, INFINITY) - ref;
            worst = fmax(worst, fabs(e[l] - ref) / ulp);
        }
    }
    cr_assert_leq(worst, 2.0, "max error %g ulp", worst);
    const ss_vd special = ss_vexp((ss_vd){NAN, 0.0, -1e9, 1.0, 0, 0, 0, 0});
    cr_assert(isnan(special[0]));
    cr_assert_eq(special[1], 1.0);
    cr_assert_eq(special[2], 0.0);
    const ss_vd big = ss_vexp((ss_vd){710.0, 700.0, -INFINITY, INFINITY, 0, 0, 0, 0});
    cr_assert(isinf(big[0]) && big[0] > 0);
    cr_assert(fabs(big[1] - exp(700.0)) <= 3 * (nextafter(exp(700.0), INFINITY) - exp(700.0)));
    cr_assert_eq(big[2], 0.0);
    cr_assert(isinf(big[3]));
}

/* ---- linear parts in closed form (ss_rkf45_lin_shape) ----
 * A neuron-like system: V (nonlinear, bounded; IEEE operations only, so the
 * scalar and the lane versions compute the same) driven by two alpha
 * kernels, one stored (dx, x), the other (x, dx), so both orders of a shape
 * are used. y = V, dx1, x1, x2, dx2. */

typedef struct syn_ctx { double drive; } syn_ctx;

static const ss_rkf45_lin_shape syn_shape = {
    .n = 4, .comp = {1, 2, 3, 4}, .n_dep = {1, 2, 2, 1}, .dep = {{0}, {1, 0}, {2, 3}, {3}},
};

enum { SYN_DIM = 5 };
#define SYN_TAU1 0.2
#define SYN_TAU2 2.0

static inline void syn_rhs(const void *ctx, double t, const double *y, double *f)
{
    (void)t;
    const double d = ((const syn_ctx *)ctx)->drive;
    const double u = (y[0] + 60.0) / 0.25;
    f[0] = (-(y[0] + 70.0) + 30.0 / (1.0 + u * u) + y[2] - y[3] + d) * 2.0;
    f[1] = -y[1] * (1.0 / SYN_TAU1);
    f[2] = y[1] - y[2] * (1.0 / SYN_TAU1);
    f[3] = y[4] + y[3] * (-1.0 / SYN_TAU2);
    f[4] = y[4] * (-1.0 / SYN_TAU2);
}

typedef struct syn_vctx { ss_vd drive; } syn_vctx;

static inline __attribute__((always_inline)) void syn_rhs_v(const void *ctx, const ss_vd *y,
                                                           ss_vd *f)
{
    const ss_vd d = ((const syn_vctx *)ctx)->drive;
    const ss_vd u = (y[0] + 60.0) / 0.25;
    f[0] = (-(y[0] + 70.0) + 30.0 / (1.0 + u * u) + y[2] - y[3] + d) * 2.0;
    f[1] = -y[1] * (1.0 / SYN_TAU1);
    f[2] = y[1] - y[2] * (1.0 / SYN_TAU1);
    f[3] = y[4] + y[3] * (-1.0 / SYN_TAU2);
    f[4] = y[4] * (-1.0 / SYN_TAU2);
}

static void syn_prepare(ss_rkf45_lin *lin, double h)
{
    const double a[16] = {
        -1.0 / SYN_TAU1, 0.0, 0.0, 0.0,
        1.0, -1.0 / SYN_TAU1, 0.0, 0.0,
        0.0, 0.0, -1.0 / SYN_TAU2, 1.0,
        0.0, 0.0, 0.0, -1.0 / SYN_TAU2,
    };
    const char *why = NULL;
    cr_assert_eq(ss_rkf45_lin_prepare(lin, &syn_shape, a, h, &why), 0, "%s", why);
}

/* Input of system l at step k: sparse kernel input, and now and then a jump
 * of V into the steep part of its nonlinearity, which forces rejected and
 * shortened sub-steps (at different steps in different lanes). */
static void syn_kick(double *y, unsigned l, int k)
{
    const unsigned m = (unsigned)k * 2654435761u + l * 40503u;
    if (m % 17 == 0)
        y[1] += (double)(m % 7) * 5.0;
    if (m % 29 == 0)
        y[4] += (double)(m % 5);
    if (m % 37 == 0)
        y[0] = -60.0 - 0.1 * (m % 5);
}

/* The maps compute what the stage sums compute, up to rounding: the same
 * decisions, states within 1e-12. */
Test(rkf45, linear_part_equals_stage_sums)
{
    const ss_rkf45_tol tol = {1e-6, 1e-6};
    const double H = 0.01;
    ss_rkf45_lin lin;
    syn_prepare(&lin, H);
    const syn_ctx c = {10.0};
    double ya[SYN_DIM] = {-65.0, 0, 0, 0, 0}, yb[SYN_DIM] = {-65.0, 0, 0, 0, 0};
    double ha = H, hb = H;
    ss_rkf45_stats sa = {0, 0}, sb = {0, 0};
    for (int k = 0; k < 3000; k++) {
        syn_kick(ya, 0, k);
        syn_kick(yb, 0, k);
        cr_assert_eq(ss_rkf45_advance_l(tol, SYN_DIM, syn_rhs, &c, H, &ha, ya, &sa, 0,
                                        &syn_shape, &lin), 0);
        cr_assert_eq(ss_rkf45_advance_m(tol, SYN_DIM, syn_rhs, &c, H, &hb, yb, &sb, 0), 0);
        cr_assert_eq(sa.accepted, sb.accepted, "step %d", k);
        cr_assert_eq(sa.rejected, sb.rejected, "step %d", k);
        for (int i = 0; i < SYN_DIM; i++) {
            cr_assert(fabs(ya[i] - yb[i]) <= 1e-12 * fmax(fabs(ya[i]), fabs(yb[i])) + 1e-12,
                      "step %d y[%d]: %.17g vs %.17g", k, i, ya[i], yb[i]);
            /* keep both on one trajectory: the test is about one step */
            yb[i] = ya[i];
        }
        hb = ha;
    }
    cr_assert_gt(sa.rejected, 20, "%lu rejected steps: the other path was hardly taken", sa.rejected);
    cr_assert_gt(sa.accepted, 3000 + sa.rejected, "no sub-stepping");
}

/* Lanes with the linear part follow the scalar solver with it, bit for bit,
 * whether their block took the maps in every lane or in some; lane order
 * does not matter. */
Test(rkf45, lockstep_linear_part_equals_scalar_solver)
{
    const ss_rkf45_tol tol = {1e-6, 1e-6};
    const double H = 0.01;
    ss_rkf45_lin lin;
    syn_prepare(&lin, H);
    for (int reversed = 0; reversed < 2; reversed++) {
        syn_vctx vc;
        syn_ctx sc[SS_LANES];
        ss_rkf45_vstate y[1];
        ss_vd h[1];
        double ys[SS_LANES][SYN_DIM], hs[SS_LANES];
        unsigned long substeps = 0;
        for (unsigned l = 0; l < SS_LANES; l++) {
            const unsigned sys = reversed ? SS_LANES - 1 - l : l;
            sc[l].drive = vc.drive[l] = 6.0 + sys;
            for (int i = 0; i < SYN_DIM; i++)
                y[0][i][l] = ys[l][i] = i == 0 ? -70.0 + sys : 0.0;
            h[0][l] = hs[l] = H;
        }
        const void *cp[1] = {&vc};
        for (int k = 0; k < 3000; k++) {
            for (unsigned l = 0; l < SS_LANES; l++) {
                const unsigned sys = reversed ? SS_LANES - 1 - l : l;
                double v[SYN_DIM];
                for (int i = 0; i < SYN_DIM; i++)
                    v[i] = y[0][i][l];
                syn_kick(v, sys, k);
                syn_kick(ys[l], sys, k);
                for (int i = 0; i < SYN_DIM; i++)
                    y[0][i][l] = v[i];
            }
            ss_vm failed[1];
            ss_rkf45_advance_vbl(tol, SYN_DIM, 1, syn_rhs_v, cp, H, h, y, failed, &syn_shape,
                                 &lin);
            cr_assert(!ss_vany(failed[0]));
            for (unsigned l = 0; l < SS_LANES; l++) {
                ss_rkf45_stats st = {0, 0};
                cr_assert_eq(ss_rkf45_advance_l(tol, SYN_DIM, syn_rhs, &sc[l], H, &hs[l], ys[l],
                                                &st, SS_SIMD_FUSED, &syn_shape, &lin), 0);
                substeps += st.accepted + st.rejected - 1;
                for (int i = 0; i < SYN_DIM; i++)
                    cr_assert_eq(y[0][i][l], ys[l][i], "step %d lane %u y[%d]", k, l, i);
                cr_assert_eq(h[0][l], hs[l], "step %d lane %u", k, l);
            }
        }
        /* some lanes left the common case at some steps, not all at once */
        cr_assert_gt(substeps, 50, "%lu", substeps);
        cr_assert_lt(substeps, 3000ul * SS_LANES / 4, "%lu", substeps);
    }
}

/* The usual-case step (ss_rkf45_one_step_vbl) either finishes every lane
 * exactly as the scalar solver does, or changes nothing: when a lane's
 * carried step is not longer than dt, or when a lane's error is not quiet. */
static void syn_lanes(syn_vctx *vc, syn_ctx *sc, ss_rkf45_vstate y, double (*ys)[SYN_DIM],
                      ss_vd *h, double *hs, double h0)
{
    for (unsigned l = 0; l < SS_LANES; l++) {
        sc[l].drive = vc->drive[l] = 6.0 + l;
        const double v[SYN_DIM] = {-70.0 + l, 1.0 + l, 2.0, 0.5 * l, 1.0};
        for (int i = 0; i < SYN_DIM; i++)
            y[i][l] = ys[l][i] = v[i];
        (*h)[l] = hs[l] = h0;
    }
}

Test(rkf45, one_step_finishes_all_lanes_or_none)
{
    const ss_rkf45_tol tol = {1e-6, 1e-6};
    const double H = 0.01;
    ss_rkf45_lin lin;
    syn_prepare(&lin, H);
    for (int with_lin = 0; with_lin < 2; with_lin++) {
        const ss_rkf45_lin_shape *sh = with_lin ? &syn_shape : NULL;
        const ss_rkf45_lin *ln = with_lin ? &lin : NULL;
        syn_vctx vc;
        syn_ctx sc[SS_LANES];
        ss_rkf45_vstate y[1], y_before;
        ss_vd h[1];
        double ys[SS_LANES][SYN_DIM], hs[SS_LANES];
        const void *cp[1] = {&vc};

        /* quiet, every step longer than dt: taken, the scalar solver's bits */
        syn_lanes(&vc, sc, y[0], ys, h, hs, 3 * H);
        cr_assert(ss_rkf45_one_step_vbl(tol, SYN_DIM, 1, syn_rhs_v, cp, H, h, y, sh, ln));
        for (unsigned l = 0; l < SS_LANES; l++) {
            ss_rkf45_stats st = {0, 0};
            cr_assert_eq(ss_rkf45_advance_l(tol, SYN_DIM, syn_rhs, &sc[l], H, &hs[l], ys[l], &st,
                                            SS_SIMD_FUSED, sh, ln), 0);
            cr_assert_eq(st.accepted, 1);
            cr_assert_eq(st.rejected, 0);
            for (int i = 0; i < SYN_DIM; i++)
                cr_assert_eq(y[0][i][l], ys[l][i], "lane %u y[%d]", l, i);
            cr_assert_eq(h[0][l], hs[l], "lane %u: the carried step must stay", l);
        }

        /* one lane's step is exactly dt (its next one would grow): refused */
        syn_lanes(&vc, sc, y[0], ys, h, hs, 3 * H);
        h[0][3] = H;
        memcpy(y_before, y[0], sizeof y_before);
        cr_assert(!ss_rkf45_one_step_vbl(tol, SYN_DIM, 1, syn_rhs_v, cp, H, h, y, sh, ln));
        cr_assert_eq(memcmp(y[0], y_before, sizeof y_before), 0, "state changed");
        cr_assert_eq(h[0][3], H);

        /* one lane in the steep part of its non-linearity: its error is not
         * quiet, refused; the full driver then takes that lane through
         * smaller sub-steps */
        syn_lanes(&vc, sc, y[0], ys, h, hs, 3 * H);
        y[0][0][5] = ys[5][0] = -60.2;
        y[0][1][5] = ys[5][1] = 200.0;
        memcpy(y_before, y[0], sizeof y_before);
        cr_assert(!ss_rkf45_one_step_vbl(tol, SYN_DIM, 1, syn_rhs_v, cp, H, h, y, sh, ln));
        cr_assert_eq(memcmp(y[0], y_before, sizeof y_before), 0, "state changed");
        ss_rkf45_stats st = {0, 0};
        cr_assert_eq(ss_rkf45_advance_l(tol, SYN_DIM, syn_rhs, &sc[5], H, &hs[5], ys[5], &st,
                                        SS_SIMD_FUSED, sh, ln), 0);
        cr_assert_gt(st.accepted + st.rejected, 1, "lane 5 should not be the usual case");
    }
}

/* A shape that leaves out a coupling, or does not start with the component
 * itself, is refused with a reason. */
Test(rkf45, linear_shape_checked)
{
    const double a[4] = {-5.0, 0.0, 1.0, -5.0}; /* dx' = -5 dx, x' = dx - 5 x */
    ss_rkf45_lin lin;
    const char *why = NULL;
    const ss_rkf45_lin_shape ok = {.n = 2, .comp = {0, 1}, .n_dep = {1, 2}, .dep = {{0}, {1, 0}}};
    cr_assert_eq(ss_rkf45_lin_prepare(&lin, &ok, a, 0.01, &why), 0);
    /* the solution map's own term is Fehlberg's stability polynomial at
     * z = -5 h: the Taylor terms of exp(z) to z^5, then b·A^5·1 = 1/2080 */
    const double z = -0.05;
    const double p5 = 1 + z + z * z / 2 + z * z * z / 6 + z * z * z * z / 24
                      + z * z * z * z * z / 120 + z * z * z * z * z * z / 2080;
    cr_assert(fabs(lin.c[SS_RKF45_LIN_Y][0][0] - p5) < 1e-15, "%.17g vs %.17g",
              lin.c[SS_RKF45_LIN_Y][0][0], p5);
    const ss_rkf45_lin_shape missing = {.n = 2, .comp = {0, 1}, .n_dep = {1, 1},
                                        .dep = {{0}, {1}}};
    cr_assert_eq(ss_rkf45_lin_prepare(&lin, &missing, a, 0.01, &why), -1);
    cr_assert(strstr(why, "couples"), "%s", why);
    const ss_rkf45_lin_shape not_first = {.n = 2, .comp = {0, 1}, .n_dep = {1, 2},
                                          .dep = {{0}, {0, 1}}};
    cr_assert_eq(ss_rkf45_lin_prepare(&lin, &not_first, a, 0.01, &why), -1);
    cr_assert(strstr(why, "itself"), "%s", why);
}
