/* adex_update_bench — ns per neuron step of aeif_psc_alpha's update, for a
 * population under the input a neuron of the brunel_aeif network receives
 * (DESIGN §6, reference/brunel_aeif-nest-3.9.md): Poisson drive of 17789 Hz
 * with weight J_ex = 20.68 pA, recurrent excitation 1000 × 14 Hz (J_ex) and
 * inhibition 250 × 14 Hz (J_in = −5 J_ex), resolution 0.01 ms, every neuron
 * starting at V_m = 0, w = 0. With -m aeif_cond_alpha: NEST's defaults with
 * t_ref 2 ms and tau_syn 0.5 ms, the same spike trains as conductances
 * (about 10 Hz). Only the update calls are timed; the input is drawn
 * beforehand, block by block. Not a test: it prints figures.
 *
 *   adex_update_bench [-n neurons] [-w warmup_steps] [-s timed_steps] [-m model]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aeif_common.h"
#include "bench_input.h"

enum { BLOCK = 50 };

int main(int argc, char **argv)
{
    size_t n = 10000;
    long warm = 2000, steps = 2000;
    const char *model = "aeif_psc_alpha";
    int c;
    while ((c = getopt(argc, argv, "n:w:s:m:")) != -1) {
        if (c == 'n') n = (size_t)atol(optarg);
        else if (c == 'w') warm = atol(optarg);
        else if (c == 's') steps = atol(optarg);
        else if (c == 'm') model = optarg;
        else {
            fprintf(stderr, "usage: %s [-n neurons] [-w warmup_steps] [-s timed_steps] "
                    "[-m aeif_psc_alpha|aeif_cond_alpha]\n", argv[0]);
            return 2;
        }
    }
    const bool cond = strcmp(model, "aeif_cond_alpha") == 0;
    const ss_neuron_model *m = cond ? &ss_model_aeif_cond_alpha : &ss_model_aeif_psc_alpha;
    if (n == 0 || steps <= 0 || warm < 0) {
        fprintf(stderr, "adex_update_bench: -n, -s must be > 0, -w >= 0\n");
        return 2;
    }
    const size_t n_pad = (n + SS_SIMD_PAD - 1) / SS_SIMD_PAD * SS_SIMD_PAD;
    ss_err err;
    void *pop = m->create(n, n_pad, &err);
    double *ex = malloc(BLOCK * n_pad * sizeof *ex), *in = malloc(BLOCK * n_pad * sizeof *in);
    uint32_t *spiked = malloc(n_pad * sizeof *spiked);
    if (!pop || !ex || !in || !spiked
        || configure_brunel_aeif_neuron(m, cond, false, pop, n_pad, &err)) {
        fprintf(stderr, "adex_update_bench: %s\n", pop ? err.msg : "out of memory");
        return 1;
    }
    rng r = {12345};
    /* wall and thread CPU time: on a shared machine the CPU time is the
     * steadier figure */
    double t_update = 0.0, c_update = 0.0;
    size_t spikes = 0;
    for (long k = 0; k < warm + steps; k++) {
        if (k % BLOCK == 0)
            fill_brunel_aeif_block(&r, BLOCK, n, n_pad, cond, ex, in);
        const double *sin_[2] = {ex + (k % BLOCK) * n_pad, in + (k % BLOCK) * n_pad};
        ss_neuron_step io = {.step = k, .spike_in = sin_, .current_in = NULL, .spiked = spiked};
        const double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
        if (m->update(pop, &io, &err)) {
            fprintf(stderr, "adex_update_bench: %s\n", err.msg);
            return 1;
        }
        if (k >= warm) {
            t_update += clock_s(CLOCK_MONOTONIC) - t0;
            c_update += clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
            spikes += io.n_spiked;
        }
    }
    const double sim_s = (double)steps * 0.01e-3;
    printf("model %s, %zu neurons (n_pad %zu), h = 0.01 ms, %ld warm-up + %ld timed steps\n",
           m->name, n, n_pad, warm, steps);
    printf("rate in timed window: %.2f Hz\n", (double)spikes / ((double)n * sim_s));
    printf("update: wall %.3f s = %.2f ns per neuron step; CPU %.3f s = %.2f ns per neuron step\n",
           t_update, 1e9 * t_update / ((double)n * (double)steps), c_update,
           1e9 * c_update / ((double)n * (double)steps));
    m->destroy(pop);
    free(ex);
    free(in);
    free(spiked);
    return 0;
}
