/* nestmlc/pairs.h — models_nestml/models.yaml (DESIGN §9 "Co-generation
 * wiring"): per synapse its weight variable, optional delay variable, the
 * spike ports that carry postsynaptic spikes and the neurons it is paired
 * with. models_nestml/README.md documents the format. */
#ifndef NM_PAIRS_H
#define NM_PAIRS_H

#include <stdbool.h>
#include <stdio.h>

#include "arena.h"

typedef struct nm_pair_syn {
    const char *name;             /* NESTML synapse name, e.g. stdp_synapse */
    const char *weight_variable;  /* default "w" */
    const char *delay_variable;   /* or NULL */
    const char **post_ports;
    int n_post_ports;
    const char **neurons;
    int n_neurons;
    int line;
} nm_pair_syn;

typedef struct nm_pairs {
    const char *path;
    nm_pair_syn *syn;
    int n;
} nm_pairs;

/* Reads the file into `out` (arena memory). On error prints
 * `FILE:LINE: error: ...` to err and returns false. */
bool nm_pairs_read(nm_arena *a, const char *path, nm_pairs *out, FILE *err);
const nm_pair_syn *nm_pairs_synapse(const nm_pairs *p, const char *name);

#endif
