/* engine/error.h — the one error carrier of the engine and its models.
 *
 * Functions that can fail take an `ss_err *` last, return 0 on success and
 * non-zero on failure, and on failure fill the message with what is wrong and
 * which value/name/neuron caused it (SQLite's discipline: the caller decides
 * how to report, the callee says precisely what happened). */
#ifndef SS_ERROR_H
#define SS_ERROR_H

#include <stdarg.h>

typedef struct ss_err {
    char msg[512];
} ss_err;

/* Formats `msg` into err (if err is non-NULL) and returns -1, so callers can
 * write `return ss_fail(err, "...", ...);`. */
int ss_fail(ss_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
