/* nestmlc/diag.c — diagnostic collection and printing (see diag.h). */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void nm_diags_init(nm_diags *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out;
}

void nm_diags_free(nm_diags *d)
{
    for (size_t i = 0; i < d->n; i++) free(d->v[i].msg);
    free(d->v);
    free(d->line_start);
    memset(d, 0, sizeof *d);
}

/* Offset of the first byte of `line` (1-based) in s, via a cached index. */
static size_t line_offset(nm_diags *d, const nm_source *s, int line)
{
    if (d->index_src != s) {
        free(d->line_start);
        d->nlines = 1;
        for (size_t i = 0; i < s->len; i++) d->nlines += s->text[i] == '\n';
        d->line_start = malloc(d->nlines * sizeof *d->line_start);
        if (!d->line_start) abort();
        size_t k = 0;
        d->line_start[k++] = 0;
        for (size_t i = 0; i < s->len; i++)
            if (s->text[i] == '\n') d->line_start[k++] = i + 1;
        d->index_src = s;
    }
    return (size_t)line <= d->nlines ? d->line_start[line - 1] : s->len;
}

/* Prints the source line of pos (unprintable bytes as '?', so a NUL or a
 * stray control byte cannot corrupt the terminal) and a caret under col. */
static void print_excerpt(nm_diags *d, nm_pos pos)
{
    FILE *out = d->out;
    const nm_source *s = pos.src;
    if (!s || pos.line <= 0) return;
    size_t i = line_offset(d, s, pos.line);
    size_t start = i;
    while (i < s->len && s->text[i] != '\n' && i - start < 400) i++;
    fputs("    ", out);
    for (size_t k = start; k < i; k++) {
        unsigned char c = (unsigned char)s->text[k];
        if (c == '\r') continue;
        fputc(c == '\t' || (c >= 0x20 && c != 0x7f) ? c : '?', out);
    }
    fputs("\n    ", out);
    for (int k = 1; k < pos.col && (size_t)k <= i - start; k++)
        fputc(s->text[start + (size_t)k - 1] == '\t' ? '\t' : ' ', out);
    fputs("^\n", out);
}

static void add(nm_diags *d, nm_severity sev, nm_pos pos, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *msg = malloc(n > 0 ? (size_t)n + 1 : 1);
    if (!msg) { va_end(ap2); abort(); }
    vsnprintf(msg, n > 0 ? (size_t)n + 1 : 1, fmt, ap2);
    va_end(ap2);
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        nm_diagnostic *v = realloc(d->v, cap * sizeof *v);
        if (!v) abort();
        d->v = v;
        d->cap = cap;
    }
    d->v[d->n++] = (nm_diagnostic){ sev, pos, msg };
    if (sev == NM_SEV_ERROR) d->errors++; else d->warnings++;
    if (!d->out || (sev == NM_SEV_ERROR && d->errors > NM_DIAG_MAX_PRINTED_ERRORS)) return;
    fprintf(d->out, "%s:%d:%d: %s: %s\n", pos.src ? pos.src->name : "<input>", pos.line,
            pos.col, sev == NM_SEV_ERROR ? "error" : "warning", msg);
    print_excerpt(d, pos);
    if (sev == NM_SEV_ERROR && d->errors == NM_DIAG_MAX_PRINTED_ERRORS)
        fprintf(d->out, "nestmlc: too many errors, further errors are counted but not printed\n");
}

void nm_diag_error(nm_diags *d, nm_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, NM_SEV_ERROR, pos, fmt, ap);
    va_end(ap);
}

void nm_diag_warning(nm_diags *d, nm_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, NM_SEV_WARNING, pos, fmt, ap);
    va_end(ap);
}
