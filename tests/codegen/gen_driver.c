/* Runs every model of a generated table for a few steps with input:
 * create, calibrate, one step without and one with spikes and current on
 * every receptor. Exit 0 if all calls succeed and the state stays finite
 * (tests/codegen/corpus_gen.py compiles it with each generated set). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "registry.h"

const ss_registry_entry *ss_nestml_models(size_t *n);

int main(void)
{
    size_t n = 0;
    const ss_registry_entry *e = ss_nestml_models(&n);
    double in[4][8] = {{0}}, cur[8] = {0};
    const double *spike_in[4] = {in[0], in[1], in[2], in[3]};
    uint32_t spiked[8];
    for (size_t k = 0; k < n; k++) {
        if (e[k].kind != SS_KIND_NEURON) {
            const ss_synapse_model *s = e[k].model;
            printf("%s: synapse (%zu bytes per source)\n", s->name, s->presyn_size);
            continue;
        }
        const ss_neuron_model *m = e[k].model;
        ss_err err = {{0}};
        void *pop = m->create(3, 8, &err);
        if (!pop || m->calibrate(pop, 0.1, &err) != 0) {
            fprintf(stderr, "%s: %s\n", m->name, err.msg);
            return 1;
        }
        for (int step = 0; step < 3; step++) {
            for (int r = 0; r < 4; r++)
                for (int i = 0; i < 8; i++)
                    in[r][i] = step == 1 ? (r % 2 ? -1.0 : 1.0) : 0.0;
            for (int i = 0; i < 8; i++)
                cur[i] = step == 1 ? 10.0 : 0.0;
            ss_neuron_step io = {.step = step, .spike_in = spike_in, .current_in = cur,
                                 .spiked = spiked};
            if (m->update(pop, &io, &err) != 0) {
                fprintf(stderr, "%s: step %d: %s\n", m->name, step, err.msg);
                return 1;
            }
        }
        for (uint32_t v = 0; v < m->n_vars; v++)
            if (m->vars[v].kind == SS_VAR_STATE) {
                const double *x = m->state(pop, m->vars[v].name);
                for (int i = 0; x && i < 3; i++)
                    if (isnan(x[i])) {
                        fprintf(stderr, "%s: state %s is NaN\n", m->name, m->vars[v].name);
                        return 1;
                    }
            }
        printf("%s: ok (%u receptors, %u vars, %zu bytes)\n", m->name, m->n_receptors, m->n_vars,
               m->bytes(pop));
        m->destroy(pop);
    }
    return 0;
}
