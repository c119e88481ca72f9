/* nestmlc/frontend.c — drives lexer, parser and checker (see frontend.h). */
#include "frontend.h"

#include "check.h"
#include "lexer.h"
#include "parser.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void nm_frontend_init(nm_frontend *fe, FILE *out)
{
    memset(fe, 0, sizeof *fe);
    nm_diags_init(&fe->diags, out);
}

void nm_frontend_free(nm_frontend *fe)
{
    nm_arena_free(&fe->arena);
    nm_diags_free(&fe->diags);
    free(fe->files);
    memset(fe, 0, sizeof *fe);
}

nm_file *nm_frontend_add_buffer(nm_frontend *fe, const char *name, const char *text, size_t len)
{
    nm_source *src = nm_alloc(&fe->arena, sizeof *src);
    src->name = nm_strdup(&fe->arena, name);
    char *copy = nm_alloc(&fe->arena, len + 1);
    memcpy(copy, text, len);
    src->text = copy;
    src->len = len;
    nm_lexed lx;
    nm_lex(src, &fe->arena, &fe->diags, &lx);
    nm_file *f = nm_parse(src, &lx, &fe->arena, &fe->diags);
    nm_lexed_free(&lx);
    if (fe->nfiles == fe->cap) {
        int cap = fe->cap ? fe->cap * 2 : 8;
        nm_file **v = realloc(fe->files, sizeof *v * (size_t)cap);
        if (!v) abort();
        fe->files = v;
        fe->cap = cap;
    }
    fe->files[fe->nfiles++] = f;
    return f;
}

bool nm_frontend_add_file(nm_frontend *fe, const char *path, FILE *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(err, "nestmlc: cannot open '%s': %s\n", path, strerror(errno));
        return false;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b) { free(buf); buf = NULL; }
            else buf = b;
        }
    }
    bool ok = buf && !ferror(f);
    fclose(f);
    if (!ok) {
        fprintf(err, "nestmlc: cannot read '%s'\n", path);
        free(buf);
        return false;
    }
    nm_frontend_add_buffer(fe, path, buf, len);
    free(buf);
    return true;
}

int nm_frontend_check(nm_frontend *fe)
{
    if (fe->diags.errors == 0) {
        nm_check_files(fe->files, fe->nfiles, &fe->arena, &fe->diags);
        fe->checked = true;
    }
    return fe->diags.errors;
}
