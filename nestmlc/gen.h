/* nestmlc/gen.h — the `gen` and `build` commands (docs/codegen.md). */
#ifndef NM_GEN_H
#define NM_GEN_H

typedef struct nm_gen_opts {
    const char *pairs;     /* --pairs FILE (models.yaml), or NULL */
    const char *dir;       /* -o DIR */
    int n_generated;
    char **generated;      /* out: paths of the written .c files (n_generated + the table) */
    char *first_name;      /* out: registered name of the first generated model */
} nm_gen_opts;

/* argv: everything after the command word. Exit status as main's. */
int nm_gen_main(int argc, char **argv, nm_gen_opts *opts);
/* gen, then compile DIR/<first model>.so (nestmlc build). */
int nm_build_main(int argc, char **argv);
void nm_gen_opts_free(nm_gen_opts *opts);

#endif
