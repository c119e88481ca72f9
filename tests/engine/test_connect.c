/* Connection rules through the kernel (single rank, several threads). */
#include <criterion/criterion.h>
#include <math.h>
#include <mpi.h>
#include <stdlib.h>

#include "kernel.h"
#include "kernel_fixture.h"
#include "registry.h"

typedef struct net {
    ss_registry reg;
    ss_kernel *k;
    ss_nodes a, b;
    uint32_t type;
} net;

static void setup_net(net *n, int threads, uint64_t na, uint64_t nb, uint64_t seed)
{
    kernel_fixture_start(&n->reg, &n->k, threads, 0.1, seed, SS_WAIT_SPIN);
    ss_err err;
    const ss_neuron_model *m = ss_registry_neuron(&n->reg, "iaf_psc_alpha", &err);
    cr_assert_eq(ss_kernel_add_neurons(n->k, m, na, &n->a, &err), 0, "%s", err.msg);
    cr_assert_eq(ss_kernel_add_neurons(n->k, m, nb, &n->b, &err), 0, "%s", err.msg);
    const ss_synapse_model *s = ss_registry_synapse(&n->reg, "static_synapse", &err);
    cr_assert_eq(ss_kernel_add_synapse_type(n->k, s, 1.0, &n->type, &err), 0, "%s", err.msg);
}

static void teardown_net(net *n)
{
    ss_kernel_destroy(n->k);
    ss_registry_free(&n->reg);
    MPI_Finalize();
}

static void prepare(net *n)
{
    ss_err err;
    cr_assert_eq(ss_kernel_simulate(n->k, 0.0, &err), 0, "%s", err.msg);
}

Test(connect, fixed_indegree_exact_no_autapses_uniform_sources)
{
    net n;
    const uint64_t NA = 200, C = 50;
    setup_net(&n, 3, NA, 10, 99);
    ss_err err;
    cr_assert_eq(ss_kernel_connect_fixed_indegree(n.k, n.a, n.a, C, n.type, 1.0, &err), 0, "%s", err.msg);
    prepare(&n);
    double count[201] = {0};
    uint64_t buf[64];
    for (uint64_t g = n.a.first; g < n.a.first + NA; ++g) {
        cr_assert_eq(ss_kernel_indegree(n.k, g, n.type), (int64_t)C, "gid %llu", (unsigned long long)g);
        size_t got = ss_kernel_sources_of(n.k, g, n.type, buf, 64);
        cr_assert_eq(got, C);
        for (size_t j = 0; j < got; ++j) {
            cr_assert_neq(buf[j], g, "autapse at gid %llu", (unsigned long long)g);
            cr_assert(buf[j] >= n.a.first && buf[j] < n.a.first + NA);
            count[buf[j]] += 1;
        }
    }
    /* Each source is chosen by a target with probability 1/(NA-1) per draw:
     * expected out-degree C*NA/NA = C. Chi-square over 200 sources, 199 dof:
     * P(chi2 > 280) < 1e-4. Fixed seed, so this is deterministic. */
    double chi2 = 0, e = (double)C;
    for (uint64_t g = 1; g <= NA; ++g)
        chi2 += (count[g] - e) * (count[g] - e) / e;
    cr_assert_lt(chi2, 280.0, "chi2 = %g", chi2);
    cr_assert_gt(chi2, 130.0, "chi2 = %g is suspiciously small (not random?)", chi2);
    teardown_net(&n);
}

/* The sources of every target are the same for 1 and 4 threads. */
Test(connect, fixed_indegree_independent_of_threads)
{
    uint64_t s1[20][8], s4[20][8];
    for (int pass = 0; pass < 2; ++pass) {
        net n;
        ss_err err;
        setup_net(&n, pass == 0 ? 1 : 4, 20, 20, 5);
        cr_assert_eq(ss_kernel_connect_fixed_indegree(n.k, n.a, n.b, 8, n.type, 1.0, &err), 0);
        prepare(&n);
        for (uint64_t i = 0; i < 20; ++i)
            cr_assert_eq(ss_kernel_sources_of(n.k, n.b.first + i, n.type, pass ? s4[i] : s1[i], 8), 8u);
        ss_kernel_destroy(n.k);
        ss_registry_free(&n.reg);
    }
    for (int i = 0; i < 20; ++i)
        for (int j = 0; j < 8; ++j)
            cr_assert_eq(s1[i][j], s4[i][j]);
    MPI_Finalize();
}

Test(connect, all_to_all_counts_and_autapses)
{
    net n;
    ss_err err;
    setup_net(&n, 2, 7, 5, 1);
    cr_assert_eq(ss_kernel_connect_all_to_all(n.k, n.a, n.a, n.type, 1.0, false, &err), 0);
    cr_assert_eq(ss_kernel_connect_all_to_all(n.k, n.a, n.b, n.type, -2.0, true, &err), 0);
    prepare(&n);
    for (uint64_t g = n.a.first; g < n.a.first + 7; ++g)
        cr_assert_eq(ss_kernel_indegree(n.k, g, n.type), 6);
    for (uint64_t g = n.b.first; g < n.b.first + 5; ++g)
        cr_assert_eq(ss_kernel_indegree(n.k, g, n.type), 7);
    ss_run_results r;
    cr_assert_eq(ss_kernel_results(n.k, &r, &err), 0);
    cr_assert_eq(r.n_synapses, 7 * 6 + 7 * 5);
    /* 12 bytes per connection + source index: never less than 12 */
    cr_assert_geq(r.bytes_per_synapse, 12.0);
    ss_run_results_free(&r);
    teardown_net(&n);
}

Test(connect, errors_name_the_problem)
{
    net n;
    ss_err err;
    setup_net(&n, 1, 1, 3, 1);
    cr_assert_neq(ss_kernel_connect_fixed_indegree(n.k, n.a, n.a, 1, n.type, 1.0, &err), 0);
    cr_assert(strstr(err.msg, "autapses") != NULL, "%s", err.msg);
    cr_assert_neq(ss_kernel_connect_fixed_indegree(n.k, n.b, n.b, 0, n.type, 1.0, &err), 0);
    cr_assert(strstr(err.msg, "indegree") != NULL, "%s", err.msg);
    cr_assert_neq(ss_kernel_connect_fixed_indegree(n.k, n.b, n.b, 1, 7, 1.0, &err), 0);
    cr_assert(strstr(err.msg, "synapse type") != NULL, "%s", err.msg);
    teardown_net(&n);
}
