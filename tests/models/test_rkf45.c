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

/* ss_vexp against libm's exp over the range models use: 2 ulp measured, 3 allowed. */
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
    cr_assert_leq(worst, 3.0, "max error %g ulp", worst);
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
