/* engine/ringbuf.c — spike input ring buffers (see ringbuf.h). */
#include "ringbuf.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Large buffers are aligned to (and padded to a multiple of) 2 MiB and
 * advised as huge pages: delivery writes each generator event and each
 * target of a spike to scattered slices several MiB apart, and with 4 KiB
 * pages nearly every such write also missed the TLB (an expensive page walk
 * on a virtual machine). Small buffers keep cache-line alignment. */
#define HUGE_BYTES ((size_t)2 << 20)

static double *alloc_zeroed(size_t n)
{
    size_t b = n * sizeof(double), align = b >= HUGE_BYTES ? HUGE_BYTES : 64;
    b = (b + align - 1) / align * align;
    double *p = aligned_alloc(align, b);
    if (!p)
        return NULL;
#ifdef MADV_HUGEPAGE
    if (align == HUGE_BYTES)
        (void)madvise(p, b, MADV_HUGEPAGE);  /* advice only: fine if refused */
#endif
    memset(p, 0, b);
    return p;
}

int ss_ringbuf_init(ss_ringbuf *rb, uint32_t n_receptors, uint32_t n_slots, size_t stride,
                    ss_err *err)
{
    memset(rb, 0, sizeof *rb);
    if (n_receptors == 0 || n_slots == 0)
        return ss_fail(err, "ring buffer: need at least one receptor and one slot (got %u, %u)",
                       n_receptors, n_slots);
    size_t n = (size_t)n_receptors * n_slots * (stride ? stride : 1);
    rb->data = alloc_zeroed(n);
    if (!rb->data)
        return ss_fail(err, "ring buffer: out of memory (%zu doubles)", n);
    rb->n_receptors = n_receptors;
    rb->n_slots = n_slots;
    rb->stride = stride;
    return 0;
}

void ss_ringbuf_free(ss_ringbuf *rb)
{
    free(rb->data);
    memset(rb, 0, sizeof *rb);
}

size_t ss_ringbuf_bytes(const ss_ringbuf *rb)
{
    return (size_t)rb->n_receptors * rb->n_slots * rb->stride * sizeof(double);
}

void ss_ringbuf_clear_range(ss_ringbuf *rb, int64_t step, size_t begin, size_t end)
{
    for (uint32_t r = 0; r < rb->n_receptors; ++r)
        memset(ss_ringbuf_slice(rb, r, step) + begin, 0, (end - begin) * sizeof(double));
}

void ss_ringbuf_clear_step(ss_ringbuf *rb, int64_t step)
{
    for (uint32_t r = 0; r < rb->n_receptors; ++r)
        memset(ss_ringbuf_slice(rb, r, step), 0, rb->stride * sizeof(double));
}
