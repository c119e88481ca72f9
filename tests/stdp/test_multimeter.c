/* The multimeter (engine/multimeter.h) on a small AdEx network: frames at
 * the right times, samples equal to the state the kernel holds at that time,
 * the same samples for 1 and 2 threads, and errors that name what is wrong. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "kernel.h"
#include "kernel_fixture.h"
#include "multimeter.h"
#include "registry.h"

typedef struct net {
    ss_registry reg;
    ss_kernel *k;
    ss_nodes a, gen;
} net;

static void setup(net *n, int threads)
{
    kernel_fixture_start(&n->reg, &n->k, threads, 0.1, 7, SS_WAIT_SPIN);
    ss_err err;
    const ss_neuron_model *m = ss_registry_neuron(&n->reg, "aeif_psc_alpha", &err);
    const ss_generator_model *pg = ss_registry_generator(&n->reg, "poisson_generator", &err);
    cr_assert_eq(ss_kernel_add_neurons(n->k, m, 5, &n->a, &err), 0, "%s", err.msg);
    cr_assert_eq(ss_kernel_set_param(n->k, n->a, "I_e", 700.0, &err), 0, "%s", err.msg);
    cr_assert_eq(ss_kernel_add_generator(n->k, pg, &n->gen, &err), 0, "%s", err.msg);
    cr_assert_eq(ss_kernel_set_param(n->k, n->gen, "rate", 5000.0, &err), 0, "%s", err.msg);
    cr_assert_eq(ss_kernel_connect_generator(n->k, n->gen, n->a, 40.0, 1.0, &err), 0, "%s", err.msg);
}

static void teardown(net *n)
{
    ss_kernel_destroy(n->k);
    ss_registry_free(&n->reg);
}

static const char *const vars[] = {"V_m", "w"};
static const uint64_t gids[] = {4, 1, 2}; /* any order; 3 and 5 not recorded */

static void record(net *n, int threads, ss_mm_data *d)
{
    ss_err err;
    setup(n, threads);
    ss_multimeter_spec s = {gids, 3, vars, 2, 0.5, 2.0};
    cr_assert_eq(ss_kernel_add_multimeter(n->k, &s, &err), 0, "%s", err.msg);
    /* several simulate calls, each ending on a frame: the last frame is then
     * the state the kernel holds now */
    for (int c = 0; c < 4; ++c) {
        cr_assert_eq(ss_kernel_simulate(n->k, 5.0, &err), 0, "%s", err.msg);
        cr_assert_eq(ss_kernel_multimeter_data(n->k, d, &err), 0, "%s", err.msg);
        cr_assert_eq(d->n_frames, (size_t)(10 * (c + 1) - 4), "call %d: %zu frames", c, d->n_frames);
        for (size_t i = 0; i < 3; ++i)
            for (size_t v = 0; v < 2; ++v) {
                double now;
                cr_assert_eq(ss_kernel_get_state(n->k, gids[i], vars[v], &now, &err), 0, "%s", err.msg);
                cr_assert_eq(d->data[(d->n_frames - 1) * 6 + i * 2 + v], now, "gid %llu %s",
                             (unsigned long long)gids[i], vars[v]);
            }
        if (c < 3)
            ss_mm_data_free(d);
    }
}

Test(multimeter, frames_times_and_values)
{
    net n;
    ss_mm_data d;
    record(&n, 1, &d);
    cr_assert_eq(d.n_gids, 3u);
    cr_assert_eq(d.n_vars, 2u);
    cr_assert_eq(d.gids[0], 4u);
    cr_assert_eq(d.gids[1], 1u);
    cr_assert(fabs(d.t_first - 2.5) < 1e-12, "first frame at %g", d.t_first);
    cr_assert(fabs(d.dt - 0.5) < 1e-12);
    /* the neurons are driven: V_m moves, spikes happen (w jumps by b) */
    double vmin = 1e9, vmax = -1e9, wmax = 0;
    for (size_t f = 0; f < d.n_frames; ++f) {
        double vm = d.data[f * 6 + 2], w = d.data[f * 6 + 3];
        vmin = fmin(vmin, vm), vmax = fmax(vmax, vm), wmax = fmax(wmax, w);
    }
    cr_assert_gt(vmax - vmin, 1.0, "V_m range %g .. %g", vmin, vmax);
    cr_assert_gt(wmax, 0.0);
    ss_mm_data_free(&d);
    teardown(&n);
}

Test(multimeter, same_samples_for_one_and_two_threads)
{
    net n1, n2;
    ss_mm_data d1, d2;
    record(&n1, 1, &d1);
    record(&n2, 2, &d2);
    cr_assert_eq(d1.n_frames, d2.n_frames);
    cr_assert_eq(memcmp(d1.data, d2.data, d1.n_frames * 6 * sizeof(double)), 0);
    ss_mm_data_free(&d1);
    ss_mm_data_free(&d2);
    teardown(&n1);
    teardown(&n2);
}

Test(multimeter, errors_name_the_problem)
{
    net n;
    ss_err err;
    setup(&n, 1);
    static const char *const bad_var[] = {"V_m", "g_ex"};
    uint64_t g1[] = {1}, g_gen[] = {6}, g_twice[] = {2, 2};
    struct { ss_multimeter_spec s; const char *expect; } cases[] = {
        {{g1, 1, bad_var, 2, 1.0, 0.0}, "no state variable 'g_ex'"},
        {{g_gen, 1, vars, 1, 1.0, 0.0}, "gid 6 is not a neuron"},
        {{g_twice, 2, vars, 1, 1.0, 0.0}, "gid 2 is listed twice"},
        {{g1, 1, vars, 1, 0.25, 0.0}, "interval 0.25 ms"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        cr_assert_neq(ss_kernel_add_multimeter(n.k, &cases[i].s, &err), 0, "case %zu accepted", i);
        cr_assert(strstr(err.msg, cases[i].expect), "case %zu: '%s'", i, err.msg);
    }
    teardown(&n);
}
