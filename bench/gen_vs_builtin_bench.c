/* gen_vs_builtin_bench — ns per neuron step of the built-in and the
 * nestmlc-generated AdEx update on the same input, timed interleaved (one
 * step of each in turn, so machine load hits both alike), and their ratio
 * (issue 5: generated no slower than handwritten). Input as in
 * adex_update_bench.c: brunel_aeif's Poisson drive and recurrent input,
 * h = 0.01 ms. The two populations must also stay equal: the largest V_m
 * difference and the spike counts are printed. Not a test: it prints figures.
 *
 *   gen_vs_builtin_bench [-n neurons] [-w warmup_steps] [-s timed_steps] [-m psc|cond]
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_input.h"
#include "model.h"

extern const ss_neuron_model ss_model_aeif_psc_alpha, ss_model_aeif_cond_alpha;
extern const ss_neuron_model ss_nestml_model_aeif_psc_alpha_nestml;
extern const ss_neuron_model ss_nestml_model_aeif_cond_alpha_nestml;

enum { BLOCK = 50 };

int main(int argc, char **argv)
{
    size_t n = 10000;
    long warm = 500, steps = 2000;
    bool cond = false;
    int c;
    while ((c = getopt(argc, argv, "n:w:s:m:")) != -1) {
        if (c == 'n') n = (size_t)atol(optarg);
        else if (c == 'w') warm = atol(optarg);
        else if (c == 's') steps = atol(optarg);
        else if (c == 'm' && (!strcmp(optarg, "psc") || !strcmp(optarg, "cond"))) cond = optarg[0] == 'c';
        else {
            fprintf(stderr, "usage: %s [-n neurons] [-w warmup] [-s steps] [-m psc|cond]\n", argv[0]);
            return 2;
        }
    }
    if (n == 0 || steps <= 0 || warm < 0) {
        fprintf(stderr, "gen_vs_builtin_bench: -n, -s must be > 0, -w >= 0\n");
        return 2;
    }
    const ss_neuron_model *m[2] = {cond ? &ss_model_aeif_cond_alpha : &ss_model_aeif_psc_alpha,
                                   cond ? &ss_nestml_model_aeif_cond_alpha_nestml
                                        : &ss_nestml_model_aeif_psc_alpha_nestml};
    const size_t n_pad = (n + SS_SIMD_PAD - 1) / SS_SIMD_PAD * SS_SIMD_PAD;
    ss_err err;
    void *pop[2] = {m[0]->create(n, n_pad, &err), NULL};
    pop[1] = pop[0] ? m[1]->create(n, n_pad, &err) : NULL;
    double *ex = malloc(BLOCK * n_pad * sizeof *ex), *in = malloc(BLOCK * n_pad * sizeof *in);
    uint32_t *spiked = malloc(n_pad * sizeof *spiked);
    if (!pop[0] || !pop[1] || !ex || !in || !spiked
        || configure_brunel_aeif_neuron(m[0], cond, false, pop[0], n_pad, &err)
        || configure_brunel_aeif_neuron(m[1], cond, true, pop[1], n_pad, &err)) {
        fprintf(stderr, "gen_vs_builtin_bench: %s\n", pop[1] ? err.msg : "out of memory");
        return 1;
    }
    rng r = {12345};
    double cpu[2] = {0, 0};
    size_t spikes[2] = {0, 0};
    for (long k = 0; k < warm + steps; k++) {
        if (k % BLOCK == 0)
            fill_brunel_aeif_block(&r, BLOCK, n, n_pad, cond, ex, in);
        const double *sin_[2] = {ex + (k % BLOCK) * n_pad, in + (k % BLOCK) * n_pad};
        /* alternate which model goes first, so neither always runs on a
         * cache warmed by the other */
        for (int j = 0; j < 2; j++) {
            const int w = (int)((k + j) % 2);
            ss_neuron_step io = {.step = k, .spike_in = sin_, .current_in = NULL, .spiked = spiked};
            const double c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
            if (m[w]->update(pop[w], &io, &err)) {
                fprintf(stderr, "gen_vs_builtin_bench: %s\n", err.msg);
                return 1;
            }
            if (k >= warm) {
                cpu[w] += clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
                spikes[w] += io.n_spiked;
            }
        }
    }
    const double *V0 = m[0]->state(pop[0], "V_m"), *V1 = m[1]->state(pop[1], "V_m");
    double dmax = 0;
    for (size_t i = 0; i < n; i++)
        dmax = fmax(dmax, fabs(V0[i] - V1[i]));
    const double per = 1e9 / ((double)n * (double)steps);
    printf("%s vs %s, %zu neurons, %ld warm-up + %ld timed steps, h = 0.01 ms\n", m[0]->name,
           m[1]->name, n, warm, steps);
    printf("built-in : CPU %.2f ns per neuron step, %zu spikes\n", cpu[0] * per, spikes[0]);
    printf("generated: CPU %.2f ns per neuron step, %zu spikes\n", cpu[1] * per, spikes[1]);
    printf("ratio generated/built-in: %.3f; max |V_m difference| at the end: %.3g mV\n",
           cpu[1] / cpu[0], dmax);
    for (int j = 0; j < 2; j++)
        m[j]->destroy(pop[j]);
    free(ex);
    free(in);
    free(spiked);
    return 0;
}
