/* tests/engine/kernel_fixture.h — the one-rank set-up the kernel and
 * poisson_generator tests share: MPI, the built-in registry, a kernel,
 * iaf_psc_alpha neurons and one poisson_generator. Every step is a Criterion
 * assertion, so a test using it needs no error paths of its own. */
#ifndef SS_TEST_KERNEL_FIXTURE_H
#define SS_TEST_KERNEL_FIXTURE_H

#include <stdint.h>

#include "kernel.h"
#include "registry.h"

typedef struct kernel_fixture_spec {
    int threads;
    double h_ms;
    uint64_t seed;
    ss_wait_mode wait;
    uint64_t neurons;   /* iaf_psc_alpha, gids 1..neurons */
    double rate_hz;     /* of the poisson_generator, gid neurons + 1 */
} kernel_fixture_spec;

typedef struct kernel_fixture {
    ss_registry reg;    /* owns the models the kernel uses: freed after it */
    ss_kernel *k;
    ss_nodes neurons, gen;
} kernel_fixture;

/* The common part: MPI (funneled) unless it is initialised already, so that
 * a test may build several kernels (MPI_Finalize stays the test's, once, at
 * its end); *reg with the built-in models; *k on MPI_COMM_WORLD without
 * thread binding. */
void kernel_fixture_start(ss_registry *reg, ss_kernel **k, int threads, double h_ms,
                          uint64_t seed, ss_wait_mode wait);
/* kernel_fixture_start, then the neurons and the generator of spec. */
void kernel_fixture_open(kernel_fixture *f, kernel_fixture_spec spec);
/* Destroys the kernel, then frees the registry. */
void kernel_fixture_close(kernel_fixture *f);

#endif
