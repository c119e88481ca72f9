/* nestmlc/build.c — `nestmlc build FILE... -o DIR [--pairs FILE]`: gen, then
 * compile the generated C into DIR/<first model>.so, a module that
 * `bench-run --module` loads (docs/codegen.md). It is compiled against the
 * engine's public headers only: $SPIKESCALE_INCLUDE if set, else the
 * installed ones, else those of the source tree nestmlc was built from.
 * The compiler is $CC (default cc); its failure is an error (exit 1). */
#include "gen.h"

#include <errno.h>
#include <stdbool.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

void nm_gen_opts_free(nm_gen_opts *opts)
{
    for (int k = 0; opts->generated && opts->generated[k]; k++)
        free(opts->generated[k]);
    free(opts->generated);
    free(opts->first_name);
    opts->generated = NULL;
    opts->first_name = NULL;
}

static bool has_model_h(const char *dir)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/model.h", dir);
    return stat(path, &st) == 0;
}

static const char *include_dir(void)
{
    const char *env = getenv("SPIKESCALE_INCLUDE");
    if (env && *env)
        return env;
    if (has_model_h(SS_NESTMLC_INC_INSTALLED))
        return SS_NESTMLC_INC_INSTALLED;
    return SS_NESTMLC_INC_SOURCE;
}

int nm_build_main(int argc, char **argv)
{
    nm_gen_opts opts = {0};
    int rc = nm_gen_main(argc, argv, &opts);
    if (rc != 0 || !opts.first_name) {
        nm_gen_opts_free(&opts);
        return rc ? rc : 1;
    }
    const char *inc = include_dir();
    if (!has_model_h(inc)) {
        fprintf(stderr, "nestmlc: build: the engine headers are not in %s (set SPIKESCALE_INCLUDE "
                        "to the directory holding model.h)\n", inc);
        nm_gen_opts_free(&opts);
        return 2;
    }
    const char *cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
    char out[4096], tmp[4200];
    snprintf(out, sizeof out, "%s/%s.so", opts.dir, opts.first_name);
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", out, (long)getpid());
    const char *fixed[] = {cc, "-std=c17", "-O2", "-fPIC", "-shared", "-D_GNU_SOURCE",
                           "-fno-trapping-math", "-DSS_NESTML_MODULE", "-Wall", "-Wextra",
                           "-I", inc, "-o", tmp};
    const size_t nf = sizeof fixed / sizeof fixed[0];
    char **av = calloc(nf + (size_t)opts.n_generated + 4, sizeof *av);
    size_t n = 0;
    for (size_t k = 0; k < nf; k++)
        av[n++] = (char *)fixed[k];
    for (int k = 0; opts.generated && opts.generated[k]; k++)
        av[n++] = opts.generated[k];
    av[n++] = "-lm";
    av[n] = NULL;
    pid_t pid;
    int status = 0;
    int err = posix_spawnp(&pid, cc, NULL, NULL, av, environ);
    if (err != 0) {
        fprintf(stderr, "nestmlc: build: cannot run the C compiler '%s': %s\n", cc, strerror(err));
        rc = 2;
    } else if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "nestmlc: build: '%s' failed compiling the generated code in %s\n", cc,
                opts.dir);
        rc = 1;
    } else if (rename(tmp, out) != 0) {
        fprintf(stderr, "nestmlc: build: cannot write %s: %s\n", out, strerror(errno));
        rc = 2;
    } else {
        printf("%s\n", out);
    }
    if (rc != 0)
        remove(tmp);
    free(av);
    nm_gen_opts_free(&opts);
    return rc;
}
