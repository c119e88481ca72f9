/* nestmlc/synapse_gen.h — synapse code generation (codegen_synapse.c). */
#ifndef NM_SYNAPSE_GEN_H
#define NM_SYNAPSE_GEN_H

#include "backend.h"
#include "pairs.h"

/* Writes the C of synapse m; *reg_name gets its registered name. */
bool nm_codegen_synapse(nm_arena *a, nm_diags *d, const nm_model *m, const nm_pair_syn *pair,
                        const nm_genmeta *meta, FILE *f, const char **reg_name);
/* The parameter that co-generation moves into the paired neurons (the post
 * trace's time constant) and its default; false if there is none. */
bool nm_synapse_post_tau(nm_arena *a, const nm_model *m, const nm_pair_syn *pair,
                         const char **name, double *def);

#endif
