/* engine/weights.h — reading connection weights back (tests, STDP checks).
 * Not collective; after the first simulate (connections are final then). */
#ifndef SS_WEIGHTS_H
#define SS_WEIGHTS_H

#include <stddef.h>
#include <stdint.h>

#include "kernel.h"

/* Calls visit(ctx, target gid, source gid, weight) for every local
 * connection of `type`. For one target, connections come ordered by source
 * gid, multapses in creation order: an order that does not depend on the
 * decomposition (the targets themselves come thread by thread). */
void ss_kernel_visit_weights(const ss_kernel *k, uint32_t type,
                             void (*visit)(void *ctx, uint64_t tgt, uint64_t src, double w),
                             void *ctx);

/* Entries held by all postsynaptic archives of this rank, and the longest
 * single history seen so far (tests: pruning keeps them bounded). */
void ss_kernel_archive_size(const ss_kernel *k, size_t *entries, size_t *max_len);

#endif
