/* nestmlc/arena.h — one bump allocator per compilation.
 *
 * Every AST node, name and symbol of a run lives in the arena of its
 * frontend and is freed by one nm_arena_free: the front end never frees
 * single nodes, so error paths (which abandon half-built trees) cannot leak. */
#ifndef NM_ARENA_H
#define NM_ARENA_H

#include <stddef.h>

typedef struct nm_arena_block nm_arena_block;
typedef struct nm_arena { nm_arena_block *head; } nm_arena;

/* Zeroed memory of n bytes, aligned for any type; aborts on out-of-memory
 * (a compiler that cannot allocate a few KB has nothing sensible to report). */
void *nm_alloc(nm_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n). */
char *nm_strndup(nm_arena *a, const char *s, size_t n);
char *nm_strdup(nm_arena *a, const char *s);
/* printf into arena memory. */
char *nm_sprintf(nm_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nm_arena_free(nm_arena *a);

/* A growable array of pointers in an arena (old storage is abandoned on
 * growth; amortised cost stays linear). */
typedef struct nm_ptrvec { void **v; int n, cap; } nm_ptrvec;
void nm_ptrvec_push(nm_arena *a, nm_ptrvec *pv, void *item);

/* Appends to a plain (array, count) pair without a stored capacity: the
 * array is regrown whenever the count reaches a power of two, so appends
 * stay amortised O(1) for lists kept in AST structs. */
void nm_array_push(nm_arena *a, void ***arr, int *n, void *item);

#endif
