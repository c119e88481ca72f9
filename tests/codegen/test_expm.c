/* engine/expm vs GSL's gsl_linalg_exponential_ss on propagator-like
 * matrices (alpha kernels, membrane coupling, augmented constant columns,
 * degenerate equal time constants) and random ones. */
#include <criterion/criterion.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <math.h>

#include "expm.h"

static void compare(size_t n, const double *a, double tol)
{
    double out[64];
    cr_assert_eq(ss_expm(n, a, out), 0);
    gsl_matrix *A = gsl_matrix_alloc(n, n), *E = gsl_matrix_alloc(n, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(A, i, j, a[i * n + j]);
    cr_assert_eq(gsl_linalg_exponential_ss(A, E, GSL_PREC_DOUBLE), 0);
    double scale = 0;
    for (size_t k = 0; k < n * n; k++)
        scale = fmax(scale, fabs(E->data[k]));
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double g = gsl_matrix_get(E, i, j), s = out[i * n + j];
            cr_expect(fabs(g - s) <= tol * scale, "[%zu][%zu]: %.17g vs GSL %.17g", i, j, s, g);
        }
    gsl_matrix_free(A);
    gsl_matrix_free(E);
}

Test(expm, iaf_alpha_system)
{
    /* V, y_ex, z_ex, const, I_stim (h = 0.1, tau_m 10, tau_syn 2, C 250) */
    const double h = 0.1, tm = 10, ts = 2, C = 250;
    double a[25] = {0};
    a[0] = -h / tm; a[1] = h / C; a[3] = h * (-70 / tm); a[4] = h / C;
    a[6] = -h / ts; a[7] = h;
    a[12] = -h / ts;
    compare(5, a, 1e-14);
}

Test(expm, degenerate_equal_time_constants)
{
    const double h = 0.1, t = 10;
    double a[9] = {-h / t, h / 250, 0, 0, -h / t, h, 0, 0, -h / t};
    compare(3, a, 1e-14);
    /* closed form of the upper entries for equal rates: h e^{-h/t} */
    double out[9];
    cr_assert_eq(ss_expm(3, a, out), 0);
    cr_expect(fabs(out[5] - h * exp(-h / t)) <= 1e-16, "%.17g", out[5]);
}

Test(expm, large_norm_and_constant_rows)
{
    double a[16] = {-50, 3, 0, 1, 0, -2, 1, 0, 0, 0, -0.5, 2, 0, 0, 0, 0};
    compare(4, a, 1e-13);
    /* x' = -1 (a pure constant row): exactly x - h */
    double b[4] = {0, -0.1, 0, 0}, out[4];
    cr_assert_eq(ss_expm(2, b, out), 0);
    cr_expect_eq(out[1], -0.1);
    cr_expect_eq(out[0], 1.0);
}

Test(expm, random_matrices)
{
    unsigned long s = 12345;
    for (int rep = 0; rep < 50; rep++) {
        size_t n = 1 + rep % 7;
        double a[64];
        for (size_t k = 0; k < n * n; k++) {
            s = s * 6364136223846793005ul + 1442695040888963407ul;
            a[k] = ((double)(s >> 11) * 0x1p-53 - 0.5) * (1 + rep % 5);
        }
        compare(n, a, 1e-12);
    }
}

Test(expm, rejects_non_finite)
{
    double a[4] = {0, NAN, 0, 0}, out[4];
    cr_expect_eq(ss_expm(2, a, out), -1);
}
