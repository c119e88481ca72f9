/* engine/ringbuf.h — spike input ring buffers of one thread.
 *
 * Layout [receptor][slot][local index]: the input of one step for all neurons
 * of the thread on one receptor is one contiguous slice of `stride` doubles,
 * so a population's update reads spike_in[r] + its offset without gathering.
 * A slot holds the input of step t at t mod n_slots; it is zeroed right after
 * the step has read it. With n_slots = max_delay + min_delay (in steps) no
 * slot still pending is ever overwritten (NEST's choice).
 */
#ifndef SS_RINGBUF_H
#define SS_RINGBUF_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct ss_ringbuf {
    double *data;          /* n_receptors * n_slots * stride doubles */
    uint32_t n_receptors;
    uint32_t n_slots;
    size_t stride;         /* local indices per slice (padded) */
} ss_ringbuf;

int ss_ringbuf_init(ss_ringbuf *rb, uint32_t n_receptors, uint32_t n_slots, size_t stride,
                    ss_err *err);
void ss_ringbuf_free(ss_ringbuf *rb);
size_t ss_ringbuf_bytes(const ss_ringbuf *rb);

/* Slot of absolute step `step` (>= 0). */
static inline uint32_t ss_ringbuf_slot(const ss_ringbuf *rb, int64_t step)
{
    return (uint32_t)(step % (int64_t)rb->n_slots);
}

/* Start of the slice (receptor r, step). */
static inline double *ss_ringbuf_slice(const ss_ringbuf *rb, uint32_t r, int64_t step)
{
    return rb->data + ((size_t)r * rb->n_slots + ss_ringbuf_slot(rb, step)) * rb->stride;
}

static inline void ss_ringbuf_add(ss_ringbuf *rb, uint32_t r, int64_t step, size_t idx, double w)
{
    ss_ringbuf_slice(rb, r, step)[idx] += w;
}

/* Zeroes every receptor's slice of `step` (after it has been read). */
void ss_ringbuf_clear_step(ss_ringbuf *rb, int64_t step);
/* Clears locals [begin, end) of every receptor's slot of `step`. */
void ss_ringbuf_clear_range(ss_ringbuf *rb, int64_t step, size_t begin, size_t end);

#endif
