/* nestmlc/parser.h — recursive-descent NESTML parser (NESTML.md §2–§4).
 *
 * Builds the AST of one file from its tokens. Syntax errors are reported and
 * the parser recovers at the next statement/declaration line, so one run
 * reports several errors; the returned tree is then incomplete and must not
 * be checked. Nesting deeper than NM_MAX_NESTING (parentheses, unary chains,
 * `**` chains, statement blocks) or expression trees higher than
 * NM_MAX_EXPR_HEIGHT are errors, so later recursive passes are bounded. */
#ifndef NM_PARSER_H
#define NM_PARSER_H

#include "ast.h"
#include "lexer.h"

enum { NM_MAX_NESTING = 200, NM_MAX_EXPR_HEIGHT = 1000 };

/* The tokens may be modified (a `]]` closing two indices is split). */
nm_file *nm_parse(const nm_source *src, nm_lexed *lx, nm_arena *arena, nm_diags *d);

#endif
