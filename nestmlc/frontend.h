/* nestmlc/frontend.h — the whole front end behind one handle.
 *
 * Usage: nm_frontend_init, nm_frontend_add_file/_add_buffer for every input
 * (each is lexed and parsed at once), nm_frontend_check (semantic checks
 * over all files, skipped when any file had syntax errors), read
 * `files`/`diags`, nm_frontend_free. All memory is owned by the handle. */
#ifndef NM_FRONTEND_H
#define NM_FRONTEND_H

#include "ast.h"

typedef struct nm_frontend {
    nm_arena arena;
    nm_diags diags;
    nm_file **files;
    int nfiles, cap;
    bool checked;
} nm_frontend;

/* out: where diagnostics are printed (NULL = silent). */
void nm_frontend_init(nm_frontend *fe, FILE *out);
void nm_frontend_free(nm_frontend *fe);
/* Lexes and parses `len` bytes (copied) under the name `name`. */
nm_file *nm_frontend_add_buffer(nm_frontend *fe, const char *name, const char *text, size_t len);
/* Reads and parses a file; false (with a message on `err`) if unreadable. */
bool nm_frontend_add_file(nm_frontend *fe, const char *path, FILE *err);
/* Runs the checker if no syntax errors were reported. Returns the number
 * of errors of the whole run. */
int nm_frontend_check(nm_frontend *fe);

#endif
