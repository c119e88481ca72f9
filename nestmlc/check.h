/* nestmlc/check.h — semantic checks (NESTML.md §7 and those implied by §2–§8).
 *
 * Declares every model's symbols, resolves every name, types every
 * expression (with units) and enforces the context conditions. Only run on
 * files that parsed without errors. Errors and warnings go to `d`. */
#ifndef NM_CHECK_H
#define NM_CHECK_H

#include "ast.h"

/* Checks all models of the given files (model names must be unique across
 * them). */
void nm_check_files(nm_file **files, int nfiles, nm_arena *a, nm_diags *d);

#endif
