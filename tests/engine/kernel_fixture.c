/* tests/engine/kernel_fixture.c — see kernel_fixture.h. */
#include "kernel_fixture.h"

#include <criterion/criterion.h>
#include <mpi.h>

void kernel_fixture_start(ss_registry *reg, ss_kernel **k, int threads, double h_ms,
                          uint64_t seed, ss_wait_mode wait)
{
    int inited;
    MPI_Initialized(&inited);
    if (!inited) {
        int provided;
        MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    }
    ss_err err;
    ss_registry_init(reg);
    cr_assert_eq(ss_builtin_register(reg, &err), 0, "%s", err.msg);
    ss_kernel_config cfg = {.comm = MPI_COMM_WORLD, .n_threads = threads, .h_ms = h_ms,
                            .seed = seed, .wait = wait, .bind = SS_BIND_NO};
    cr_assert_eq(ss_kernel_create(&cfg, k, &err), 0, "%s", err.msg);
}

void kernel_fixture_open(kernel_fixture *f, kernel_fixture_spec spec)
{
    kernel_fixture_start(&f->reg, &f->k, spec.threads, spec.h_ms, spec.seed, spec.wait);
    ss_err err;
    const ss_neuron_model *iaf = ss_registry_neuron(&f->reg, "iaf_psc_alpha", &err);
    cr_assert_eq(ss_kernel_add_neurons(f->k, iaf, spec.neurons, &f->neurons, &err), 0, "%s", err.msg);
    const ss_generator_model *pg = ss_registry_generator(&f->reg, "poisson_generator", &err);
    cr_assert_eq(ss_kernel_add_generator(f->k, pg, &f->gen, &err), 0, "%s", err.msg);
    cr_assert_eq(ss_kernel_set_param(f->k, f->gen, "rate", spec.rate_hz, &err), 0, "%s", err.msg);
}

void kernel_fixture_close(kernel_fixture *f)
{
    ss_kernel_destroy(f->k);
    ss_registry_free(&f->reg);
}
