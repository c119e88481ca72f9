/* nestmlc/check_impl.h — state shared by the checker's two files (private).
 *
 * check.c walks models, blocks, declarations and statements; types.c types
 * expressions and decides unit compatibility. Both thread one nm_checker. */
#ifndef NM_CHECK_IMPL_H
#define NM_CHECK_IMPL_H

#include "symbols.h"

/* Where an expression appears; decides which predefined functions it may call. */
typedef enum nm_ctx {
    NM_CTX_STATE, NM_CTX_PARAMETERS, NM_CTX_INTERNALS, NM_CTX_EQUATIONS, NM_CTX_KERNEL,
    NM_CTX_INPUT, NM_CTX_UPDATE, NM_CTX_ONRECEIVE, NM_CTX_ONCONDITION, NM_CTX_FUNCTION
} nm_ctx;

typedef struct nm_checker {
    nm_arena *a;
    nm_diags *d;
    nm_model *m;
    nm_scope *scope;       /* innermost scope */
    nm_ctx ctx;
    nm_function *fn;       /* function being checked, or NULL */
    bool allow_kernel;     /* checking the first argument of convolve() */
    bool calls_integrate;  /* integrate_odes() was seen in this model */
    int returns;           /* return statements seen in the current function */
} nm_checker;

const char *nm_ctx_name(nm_ctx c);

/* Types `e` (and all its children), annotating type, symbols and canonical
 * values; reports errors and warnings. */
nm_type nm_check_expr(nm_checker *c, nm_expr *e);
/* Resolves a written data type (unknown units are errors). */
nm_type nm_resolve_dtype(nm_checker *c, nm_dtype *t);
/* Reports whether a value of type `from` may be stored in `to` (error for
 * different dimensions or kinds, warning for implicit conversions). */
void nm_check_assignable(nm_checker *c, nm_type to, nm_type from, nm_pos pos, const char *what);
/* Text of a type for messages ("mV", "real", "boolean"); arena memory. */
const char *nm_type_str(nm_checker *c, nm_type t);
bool nm_type_numeric(nm_type t);
nm_type nm_type_of_unit(nm_unit u);

#endif
