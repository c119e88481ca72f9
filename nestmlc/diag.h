/* nestmlc/diag.h — source files and diagnostics.
 *
 * Every phase reports through nm_diag_error/nm_diag_warning with a position;
 * the collector prints `file:line:col: error: message`, the source line and a
 * caret under the column (if an output stream is set) and keeps the messages
 * so tests can inspect them. Columns are 1-based byte columns. */
#ifndef NM_DIAG_H
#define NM_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* One input file held in memory; text may contain NUL bytes (len counts). */
typedef struct nm_source {
    const char *name;
    const char *text;
    size_t len;
} nm_source;

/* A position in a source; line and col are 1-based (0 = unknown). */
typedef struct nm_pos {
    const nm_source *src;
    int line, col;
} nm_pos;

typedef enum nm_severity { NM_SEV_ERROR, NM_SEV_WARNING } nm_severity;

typedef struct nm_diagnostic {
    nm_severity sev;
    nm_pos pos;
    char *msg; /* owned by the collector */
} nm_diagnostic;

typedef struct nm_diags {
    FILE *out;          /* where to print as they come; NULL = silent */
    nm_diagnostic *v;   /* every diagnostic of the run, in order */
    size_t n, cap;
    int errors, warnings;
    /* line-start index of the last printed source, so printing many
     * diagnostics of a large file stays linear */
    const nm_source *index_src;
    size_t *line_start, nlines;
} nm_diags;

/* Printing stops (counting does not) after this many errors, so a file of
 * garbage yields a readable report. */
enum { NM_DIAG_MAX_PRINTED_ERRORS = 100 };

void nm_diags_init(nm_diags *d, FILE *out);
void nm_diags_free(nm_diags *d);
void nm_diag_error(nm_diags *d, nm_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void nm_diag_warning(nm_diags *d, nm_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
