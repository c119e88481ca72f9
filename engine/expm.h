/* engine/expm.h — matrix exponential for exact propagators.
 *
 * Generated models integrate their linear constant-coefficient ODEs exactly:
 * at calibrate time they build the system matrix A (augmented by columns for
 * constant and input terms) and need P = exp(A·h). This is computed here by
 * scaling and squaring with a diagonal Padé approximant, which handles every
 * case uniformly, including degenerate ones such as tau_m == tau_syn where
 * closed-form propagators divide by zero. GSL's gsl_linalg_exponential_ss is
 * the reference (tests/codegen/test_expm.c). Never called per step. */
#ifndef SS_EXPM_H
#define SS_EXPM_H

#include <stddef.h>

/* out = exp(a) for an n×n row-major matrix (out may not alias a).
 * Returns 0, or -1 if a has a non-finite entry or memory runs out. */
int ss_expm(size_t n, const double *a, double *out);

#endif
