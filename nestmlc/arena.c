/* nestmlc/arena.c — bump allocator (see arena.h). */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NM_ARENA_CHUNK = 64 * 1024 };

struct nm_arena_block {
    nm_arena_block *next;
    size_t used, size;
    max_align_t data[];
};

void *nm_alloc(nm_arena *a, size_t n)
{
    const size_t align = _Alignof(max_align_t);
    n = (n + align - 1) / align * align;
    if (n == 0) n = align;
    nm_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > NM_ARENA_CHUNK ? n : NM_ARENA_CHUNK;
        b = malloc(sizeof *b + size);
        if (!b) { fputs("nestmlc: out of memory\n", stderr); abort(); }
        b->size = size;
        b->used = 0;
        /* A large request gets its own block behind the current one, so the
         * remaining space of the current block stays usable. */
        if (a->head && size > NM_ARENA_CHUNK) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *nm_strndup(nm_arena *a, const char *s, size_t n)
{
    char *p = nm_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *nm_strdup(nm_arena *a, const char *s) { return nm_strndup(a, s, strlen(s)); }

char *nm_sprintf(nm_arena *a, const char *fmt, ...)
{
    /* Callers pass literals (arena.h's format attribute checks them), so this
     * never fires; it closes the NULL-fmt path that UBSan's nonnull-argument
     * check leaves after its report, on which GCC 12 at -O2 would otherwise
     * see vsnprintf with a null format and fail -Werror=format-truncation. */
    if (!fmt) abort();
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    char *p = nm_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void nm_arena_free(nm_arena *a)
{
    nm_arena_block *b = a->head;
    while (b) {
        nm_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

void nm_ptrvec_push(nm_arena *a, nm_ptrvec *pv, void *item)
{
    if (pv->n == pv->cap) {
        int cap = pv->cap ? pv->cap * 2 : 4;
        void **v = nm_alloc(a, sizeof *v * (size_t)cap);
        if (pv->n) memcpy(v, pv->v, sizeof *v * (size_t)pv->n);
        pv->v = v;
        pv->cap = cap;
    }
    pv->v[pv->n++] = item;
}

void nm_array_push(nm_arena *a, void ***arr, int *n, void *item)
{
    int k = *n;
    if (k == 0 || (k & (k - 1)) == 0) { /* full at 0, 1, 2, 4, 8, ... */
        int cap = k ? 2 * k : 1;
        void **v = nm_alloc(a, sizeof *v * (size_t)cap);
        if (k) memcpy(v, *arr, sizeof *v * (size_t)k);
        *arr = v;
    }
    (*arr)[k] = item;
    *n = k + 1;
}
