/* nestmlc/ast.h — the NESTML abstract syntax tree (the front end's product).
 *
 * The parser builds it; the checker (check.c) resolves names and annotates
 * types, units and conversion factors; the back end (issue 5) reads it.
 * Every node has a source position. All memory lives in the frontend's arena.
 *
 * Units for the back end: generated code stores every quantity as a double in
 * the canonical unit of its dimension (units.h: ms, mV, pA, nS, pF, GOhm and
 * coherent composites). The checker therefore annotates
 *   - every number literal with `canon`, its value in the canonical unit of
 *     its literal unit (`1 V` -> 1000, `2 s` -> 2000, `3` -> 3),
 *   - every name that resolves to a physical unit (`x * pA * s`) with
 *     `canon`, the canonical value of one such unit (s -> 1000, pA -> 1),
 *   - every expression with its type (kind + unit).
 * Since all variables are stored canonically, nothing else needs converting:
 * `V_m + 1 V` is `V_m + 1000.0` in canonical mV. */
#ifndef NM_AST_H
#define NM_AST_H

#include "arena.h"
#include "diag.h"
#include "units.h"

/* ---- types ------------------------------------------------------------------ */

typedef enum nm_tkind {
    NM_TY_ERROR,   /* already diagnosed; suppresses follow-up errors */
    NM_TY_REAL, NM_TY_INTEGER, NM_TY_BOOLEAN, NM_TY_STRING, NM_TY_VOID,
    NM_TY_UNIT     /* a physical unit type (`mV`, `nS/ms`, `ms/s`) */
} nm_tkind;

typedef struct nm_type {
    nm_tkind kind;
    nm_unit unit; /* meaningful for UNIT; nm_unit_one() for REAL/INTEGER */
} nm_type;

/* Written data type (`real`, `mV`, `nS/ms`, `1/(ms*mV)`, `ns**0.5`). */
typedef enum nm_dtkind {
    NM_DT_REAL, NM_DT_INTEGER, NM_DT_BOOLEAN, NM_DT_STRING, NM_DT_VOID,
    NM_DT_UNIT,  /* a unit name: `name` */
    NM_DT_MUL, NM_DT_DIV, /* a, b */
    NM_DT_POW,   /* a ** (exp_num/exp_den) */
    NM_DT_ONE_OVER /* 1 / b */
} nm_dtkind;

typedef struct nm_dtype {
    nm_dtkind kind;
    nm_pos pos;
    const char *name;
    struct nm_dtype *a, *b;
    int32_t exp_num, exp_den;
    const char *text;  /* the type as written, normalised spacing */
    nm_type resolved;  /* set by the checker */
} nm_dtype;

/* ---- expressions ------------------------------------------------------------ */

typedef enum nm_ekind {
    NM_E_NUM, NM_E_BOOL, NM_E_STR, NM_E_INF, NM_E_VAR, NM_E_CALL,
    NM_E_UNARY, NM_E_BINARY, NM_E_TERNARY
} nm_ekind;

typedef enum nm_op {
    NM_OP_NONE,
    NM_OP_ADD, NM_OP_SUB, NM_OP_MUL, NM_OP_DIV, NM_OP_MOD, NM_OP_POW,
    NM_OP_BAND, NM_OP_BOR, NM_OP_BXOR, NM_OP_SHL, NM_OP_SHR,
    NM_OP_LT, NM_OP_LE, NM_OP_EQ, NM_OP_NE, NM_OP_GE, NM_OP_GT,
    NM_OP_AND, NM_OP_OR,
    NM_OP_NEG, NM_OP_PLUS, NM_OP_BNOT, NM_OP_NOT,
    NM_OP_ASSIGN /* statements only: `=`; compound ones use ADD/SUB/MUL/DIV */
} nm_op;

/* Spelling of an operator as in NESTML source ("**", "and", "-"). */
const char *nm_op_text(nm_op op);

struct nm_symbol;
struct nm_function;

/* What a call resolves to (set by the checker). */
typedef enum nm_callkind {
    NM_CALL_UNRESOLVED, NM_CALL_PREDEFINED, NM_CALL_USER, NM_CALL_DELAYED
} nm_callkind;

typedef struct nm_expr {
    nm_ekind kind;
    nm_pos pos;
    nm_type type;          /* set by the checker */
    int height;            /* tree height, bounded by the parser */
    /* NUM */
    const char *text;      /* literal as written ("1e3"); STR: unescaped contents */
    double value;          /* NUM value; BOOL: 0/1 */
    bool is_int;           /* NUM written as an integer literal */
    struct nm_expr *unit;  /* NUM: the name after the number (`10 mV`), a VAR; or NULL */
    double canon;          /* NUM: value in canonical unit; VAR naming a unit: canonical value of 1 unit */
    /* VAR and CALL */
    const char *name;
    int order;             /* VAR: number of apostrophes (g'' -> 2) */
    struct nm_expr *index; /* VAR: `x[i]` index, or NULL */
    struct nm_symbol *sym; /* VAR: resolved symbol (NULL for a physical unit) */
    bool is_unit;          /* VAR: resolved to a physical unit */
    struct nm_expr **args; /* CALL arguments */
    int nargs;
    nm_callkind call;
    int predef;            /* CALL_PREDEFINED: an nm_predef value (symbols.h) */
    struct nm_function *fn;/* CALL_USER */
    /* UNARY / BINARY / TERNARY */
    nm_op op;
    struct nm_expr *a, *b, *c; /* operands; ternary: a ? b : c */
} nm_expr;

/* ---- declarations ------------------------------------------------------------ */

typedef struct nm_declvar {
    nm_pos pos;
    const char *name;
    int order;              /* apostrophes: `g' nS/ms = ...` declares (g, 1) */
    nm_expr *size;          /* vector size, or NULL */
    struct nm_symbol *sym;
} nm_declvar;

typedef struct nm_decl {
    nm_pos pos;
    nm_declvar *vars;       /* `a, b, c real = 0` declares three */
    int nvars;
    nm_dtype *type;
    nm_expr *init;          /* or NULL */
    nm_expr *guard;         /* `[[expr]]`, or NULL */
    bool recordable, is_inline;
    const char **decorators; /* "homogeneous", "heterogeneous", "nest::weight" */
    int ndecorators;
    const char *comment;    /* documentation comment, or NULL */
} nm_decl;

/* ---- statements --------------------------------------------------------------- */

typedef enum nm_skind {
    NM_S_ASSIGN, NM_S_CALL, NM_S_DECL, NM_S_RETURN, NM_S_IF, NM_S_FOR, NM_S_WHILE
} nm_skind;

typedef struct nm_block {
    nm_pos pos;
    struct nm_stmt **stmts;
    int n;
} nm_block;

typedef struct nm_stmt {
    nm_skind kind;
    nm_pos pos;
    nm_expr *target;    /* ASSIGN: a VAR */
    nm_op aop;          /* ASSIGN: NM_OP_ASSIGN or ADD/SUB/MUL/DIV for `+=` ... */
    nm_expr *value;     /* ASSIGN rhs, CALL call, RETURN value (may be NULL), WHILE cond */
    nm_decl *decl;      /* DECL */
    /* IF: conds[k]/bodies[k] for if and elifs, else_body or NULL */
    nm_expr **conds;
    nm_block **bodies;
    int nbranches;
    nm_block *else_body;
    /* FOR: `for var in from ... to step [-]step:` */
    const char *var;
    nm_pos var_pos;
    struct nm_symbol *var_sym;
    nm_expr *from, *to;
    double step;        /* signed */
    const char *step_text;
    nm_block *body;     /* FOR and WHILE */
} nm_stmt;

/* ---- equations, ports, handlers, functions ------------------------------------ */

typedef struct nm_ode {
    nm_pos pos;
    nm_expr *lhs;       /* VAR with order >= 1 */
    nm_expr *rhs;
    const char *comment;
} nm_ode;

/* `kernel g = f(t)` (one pair, lhs order 0) or an ODE system
 * `kernel g' = ..., g$' = ...` (lhs order >= 1). */
typedef struct nm_kernel {
    nm_pos pos;
    nm_expr **lhs, **rhs;
    int n;
    const char *comment;
} nm_kernel;

typedef struct nm_port {
    nm_pos pos;
    const char *name;
    nm_expr *size;          /* vector port, or NULL */
    bool continuous;
    nm_dtype *type;         /* continuous ports only */
    bool excitatory, inhibitory;
    const char *comment;
    struct nm_symbol *sym;
} nm_port;

typedef struct nm_param { nm_pos pos; const char *name; nm_expr *value; } nm_param;

typedef struct nm_onreceive {
    nm_pos pos;
    const char *port;
    nm_pos port_pos;
    nm_expr *port_index;    /* `onReceive(spikes[1])`, or NULL */
    nm_param *params;
    int nparams;
    bool has_priority;
    long priority;
    nm_pos priority_pos;
    nm_block *body;
    struct nm_symbol *port_sym;
} nm_onreceive;

typedef struct nm_oncondition {
    nm_pos pos;
    nm_expr *cond;
    nm_param *params;
    int nparams;
    nm_block *body;
} nm_oncondition;

typedef struct nm_fparam { nm_pos pos; const char *name; nm_dtype *type; } nm_fparam;

typedef struct nm_function {
    nm_pos pos;             /* the 'function' keyword */
    nm_pos name_pos;
    const char *name;
    nm_fparam *params;
    int nparams;
    nm_dtype *ret;          /* NULL = void */
    nm_block *body;
    const char *comment;
} nm_function;

/* ---- model -------------------------------------------------------------------- */

typedef enum nm_blockkind {
    NM_B_STATE, NM_B_PARAMETERS, NM_B_INTERNALS, NM_B_EQUATIONS, NM_B_INPUT, NM_B_OUTPUT,
    NM_B_UPDATE, NM_B_ONRECEIVE, NM_B_ONCONDITION, NM_B_FUNCTION, NM_B_COUNT
} nm_blockkind;

const char *nm_blockkind_name(nm_blockkind k);

typedef struct nm_decls { nm_decl **v; int n; } nm_decls;

typedef struct nm_model {
    nm_pos pos;                   /* the 'model' keyword */
    nm_pos name_pos;
    const char *name;
    const char *comment;          /* the `#` block before `model` */
    bool has_block[NM_B_COUNT];   /* which blocks were written */
    nm_pos block_pos[NM_B_COUNT]; /* first occurrence of each */
    nm_decls state, parameters, internals;
    nm_decls inlines;             /* equations: inline declarations */
    nm_ode **odes;
    int nodes;
    nm_kernel **kernels;
    int nkernels;
    nm_port **inputs;
    int ninputs;
    bool output_spike, output_continuous;
    nm_block *update;             /* NULL if absent */
    nm_onreceive **onreceive;
    int nonreceive;
    nm_oncondition **oncondition;
    int noncondition;
    nm_function **functions;
    int nfunctions;
    struct nm_scope *scope;       /* model scope (checker) */
} nm_model;

typedef struct nm_file {
    const nm_source *src;
    nm_model **models;
    int nmodels;
} nm_file;

/* Position of the leftmost token of `e` (binary and ternary nodes carry the
 * position of their operator; warnings about an operand point at its start). */
nm_pos nm_expr_start(const nm_expr *e);
/* Writes `e` fully parenthesised (docs/nestmlc.md "expressions") into f. */
void nm_expr_render(FILE *f, const nm_expr *e);
/* Writes a readable dump of a (checked) file: blocks, declarations with
 * types, units and canonical factors, statements, expressions with types. */
void nm_dump_file(FILE *f, const nm_file *file);

#endif
