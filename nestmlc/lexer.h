/* nestmlc/lexer.h — NESTML tokens (NESTML.md §1).
 *
 * The lexer turns a whole source into a token array in one pass, Python
 * style: NEWLINE ends every line that holds tokens, INDENT/DEDENT mark
 * changes of the leading-whitespace width (tab = to the next multiple of 8;
 * blank and comment-only lines do not count), `\`+newline joins lines, and on
 * a line that starts with `kernel` a comma followed by a newline continues
 * the line. At EOF: NEWLINE (if needed), the pending DEDENTs, EOF.
 * Comments are kept in a side list for documentation. Lexical errors are
 * reported and lexing goes on; the token array always ends with EOF. */
#ifndef NM_LEXER_H
#define NM_LEXER_H

#include "arena.h"
#include "diag.h"

typedef enum nm_tok {
    NM_TK_EOF, NM_TK_NEWLINE, NM_TK_INDENT, NM_TK_DEDENT,
    NM_TK_NAME, NM_TK_INT, NM_TK_FLOAT, NM_TK_STRING, NM_TK_DECORATOR,
    /* keywords */
    NM_TK_INTEGER, NM_TK_REAL, NM_TK_STRING_KW, NM_TK_BOOLEAN, NM_TK_VOID,
    NM_TK_FUNCTION, NM_TK_INLINE, NM_TK_RETURN, NM_TK_IF, NM_TK_ELIF, NM_TK_ELSE,
    NM_TK_FOR, NM_TK_WHILE, NM_TK_IN, NM_TK_STEP, NM_TK_INF, NM_TK_AND, NM_TK_OR,
    NM_TK_NOT, NM_TK_RECORDABLE, NM_TK_KERNEL, NM_TK_MODEL, NM_TK_STATE,
    NM_TK_PARAMETERS, NM_TK_INTERNALS, NM_TK_UPDATE, NM_TK_EQUATIONS, NM_TK_INPUT,
    NM_TK_OUTPUT, NM_TK_CONTINUOUS, NM_TK_ONRECEIVE, NM_TK_ONCONDITION, NM_TK_SPIKE,
    NM_TK_INHIBITORY, NM_TK_EXCITATORY, NM_TK_TRUE, NM_TK_FALSE,
    /* punctuation and operators */
    NM_TK_LPAREN, NM_TK_RPAREN, NM_TK_LBRACK, NM_TK_RBRACK, NM_TK_LGUARD, NM_TK_RGUARD,
    NM_TK_COMMA, NM_TK_COLON, NM_TK_DCOLON, NM_TK_SEMI, NM_TK_DOT, NM_TK_ELLIPSIS,
    NM_TK_APOS, NM_TK_PLUS, NM_TK_MINUS, NM_TK_STAR, NM_TK_SLASH, NM_TK_PERCENT,
    NM_TK_POW, NM_TK_TILDE, NM_TK_PIPE, NM_TK_CARET, NM_TK_AMP, NM_TK_SHL, NM_TK_SHR,
    NM_TK_LT, NM_TK_LE, NM_TK_EQEQ, NM_TK_NE, NM_TK_GE, NM_TK_GT, NM_TK_ASSIGN,
    NM_TK_PLUSEQ, NM_TK_MINUSEQ, NM_TK_STAREQ, NM_TK_SLASHEQ, NM_TK_LARROW, NM_TK_QUESTION,
    NM_TK_COUNT
} nm_tok;

typedef struct nm_token {
    nm_tok kind;
    int line, col;
    const char *text; /* points into the source; not NUL-terminated */
    int len;
} nm_token;

/* A `#` comment: text after the `#`, trimmed; own_line = nothing but
 * whitespace before it on its line. */
typedef struct nm_comment {
    int line;
    bool own_line;
    const char *text; /* arena copy */
} nm_comment;

typedef struct nm_lexed {
    nm_token *tok;   /* malloc'd; ends with NM_TK_EOF */
    size_t ntok;
    nm_comment *comments; /* malloc'd, in source order */
    size_t ncomments;
} nm_lexed;

/* Deepest indentation nesting the lexer accepts (deeper is an error). */
enum { NM_MAX_INDENT_LEVELS = 100 };

void nm_lex(const nm_source *src, nm_arena *arena, nm_diags *d, nm_lexed *out);
void nm_lexed_free(nm_lexed *lx);
/* Human-readable spelling of a token kind, e.g. "'model'", "name", "newline". */
const char *nm_tok_name(nm_tok kind);

#endif
