/* DESIGN §9 tolerance: |a − b| <= 1e-9·max(|a|, |b|) + 1e-9 (in the
 * variable's unit), shared by the model tests. */
#ifndef SS_TEST_TOLERANCE_H
#define SS_TEST_TOLERANCE_H

#include <math.h>
#include <stdbool.h>

static inline bool ss_close(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b)) + 1e-9;
}

#endif
