/* Matrix exponential by scaling and squaring with a Padé(8,8) approximant:
 * A is scaled by 2^-s until ||A||_inf <= 1/2, where the approximant's
 * relative error is far below double precision; exp(A) = (R(A/2^s))^(2^s).
 * Scaling by a power of two is exact, so a nilpotent A (x' = const) gives the
 * exact I + A. */
#include "expm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { PADE_Q = 8 };

static void matmul(size_t n, const double *a, const double *b, double *c)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0.0;
            for (size_t k = 0; k < n; k++)
                s += a[i * n + k] * b[k * n + j];
            c[i * n + j] = s;
        }
}

/* Solves d·x = b in place (b becomes x; n right-hand sides as columns) by
 * Gaussian elimination with partial pivoting. d is destroyed. */
static int solve(size_t n, double *d, double *b)
{
    for (size_t k = 0; k < n; k++) {
        size_t piv = k;
        for (size_t i = k + 1; i < n; i++)
            if (fabs(d[i * n + k]) > fabs(d[piv * n + k]))
                piv = i;
        if (d[piv * n + k] == 0.0)
            return -1;
        if (piv != k)
            for (size_t j = 0; j < n; j++) {
                double t = d[k * n + j]; d[k * n + j] = d[piv * n + j]; d[piv * n + j] = t;
                t = b[k * n + j]; b[k * n + j] = b[piv * n + j]; b[piv * n + j] = t;
            }
        for (size_t i = k + 1; i < n; i++) {
            const double f = d[i * n + k] / d[k * n + k];
            if (f == 0.0)
                continue;
            for (size_t j = k; j < n; j++)
                d[i * n + j] -= f * d[k * n + j];
            for (size_t j = 0; j < n; j++)
                b[i * n + j] -= f * b[k * n + j];
        }
    }
    for (size_t k = n; k-- > 0;)
        for (size_t j = 0; j < n; j++) {
            double s = b[k * n + j];
            for (size_t i = k + 1; i < n; i++)
                s -= d[k * n + i] * b[i * n + j];
            b[k * n + j] = s / d[k * n + k];
        }
    return 0;
}

int ss_expm(size_t n, const double *a, double *out)
{
    if (n == 0)
        return 0;
    double norm = 0.0;
    for (size_t i = 0; i < n; i++) {
        double row = 0.0;
        for (size_t j = 0; j < n; j++) {
            if (!isfinite(a[i * n + j]))
                return -1;
            row += fabs(a[i * n + j]);
        }
        norm = row > norm ? row : norm;
    }
    int s = 0;
    if (norm > 0.5)
        s = (int)ceil(log2(norm / 0.5));
    const size_t nn = n * n;
    double *w = malloc(4 * nn * sizeof *w);
    if (!w)
        return -1;
    double *x = w, *pw = w + nn, *num = w + 2 * nn, *den = w + 3 * nn;
    for (size_t k = 0; k < nn; k++)
        x[k] = ldexp(a[k], -s);
    /* num = sum c_k X^k, den = sum (-1)^k c_k X^k */
    memset(num, 0, nn * sizeof *num);
    memset(den, 0, nn * sizeof *den);
    for (size_t i = 0; i < n; i++)
        num[i * n + i] = den[i * n + i] = 1.0;
    memcpy(pw, x, nn * sizeof *pw);
    double c = 1.0;
    double *tmp = out; /* scratch until the end */
    for (int k = 1; k <= PADE_Q; k++) {
        c *= (double)(PADE_Q - k + 1) / (double)(k * (2 * PADE_Q - k + 1));
        const double sign = (k % 2) ? -1.0 : 1.0;
        for (size_t q = 0; q < nn; q++) {
            num[q] += c * pw[q];
            den[q] += sign * c * pw[q];
        }
        if (k < PADE_Q) {
            matmul(n, pw, x, tmp);
            memcpy(pw, tmp, nn * sizeof *pw);
        }
    }
    int rc = solve(n, den, num);
    for (int k = 0; rc == 0 && k < s; k++) {
        matmul(n, num, num, tmp);
        memcpy(num, tmp, nn * sizeof *num);
    }
    if (rc == 0)
        memcpy(out, num, nn * sizeof *out);
    free(w);
    return rc;
}
