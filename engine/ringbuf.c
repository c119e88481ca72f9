#include "ringbuf.h"

#include <stdlib.h>
#include <string.h>

int ss_ringbuf_init(ss_ringbuf *rb, uint32_t n_receptors, uint32_t n_slots, size_t stride,
                    ss_err *err)
{
    memset(rb, 0, sizeof *rb);
    if (n_receptors == 0 || n_slots == 0)
        return ss_fail(err, "ring buffer: need at least one receptor and one slot (got %u, %u)",
                       n_receptors, n_slots);
    size_t n = (size_t)n_receptors * n_slots * (stride ? stride : 1);
    rb->data = calloc(n, sizeof *rb->data);
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

void ss_ringbuf_clear_step(ss_ringbuf *rb, int64_t step)
{
    for (uint32_t r = 0; r < rb->n_receptors; ++r)
        memset(ss_ringbuf_slice(rb, r, step), 0, rb->stride * sizeof(double));
}
