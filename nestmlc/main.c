/* nestmlc/main.c — command line of the NESTML compiler (DESIGN §9, docs/nestmlc.md).
 *
 *   nestmlc check FILE...   diagnostics only
 *   nestmlc ast FILE        dump of the checked AST with types and units
 *   nestmlc gen|build ...   code generation (gen.c, build.c; docs/codegen.md)
 * Exit status: 0 ok, 1 errors in the input, 2 usage errors / unreadable files. */
#include "frontend.h"
#include "gen.h"

#include "build_info.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: nestmlc COMMAND [ARGS]\n"
          "\n"
          "NESTML compiler of spikescale (NESTML 8.3 syntax).\n"
          "\n"
          "commands:\n"
          "  check FILE...            parse and check the models, print diagnostics\n"
          "  ast FILE                 print the checked AST with types and units\n"
          "  gen FILE... -o DIR [--pairs FILE]\n"
          "                           generate C for the engine (docs/codegen.md)\n"
          "  build FILE... -o DIR [--pairs FILE]\n"
          "                           gen, then compile DIR/<model>.so for bench-run --module\n"
          "\n"
          "options:\n"
          "  -h, --help               this help\n"
          "  --version                version\n"
          "\n"
          "Diagnostics go to stderr as FILE:LINE:COL: error|warning: MESSAGE.\n"
          "Exit status: 0 success, 1 errors in the input, 2 usage error or unreadable file.\n",
          f);
}

static int summarize(const nm_frontend *fe)
{
    if (fe->diags.errors || fe->diags.warnings)
        fprintf(stderr, "nestmlc: %d error%s, %d warning%s\n", fe->diags.errors,
                fe->diags.errors == 1 ? "" : "s", fe->diags.warnings,
                fe->diags.warnings == 1 ? "" : "s");
    return fe->diags.errors ? 1 : 0;
}

/* check FILE... / ast FILE */
static int run(int nfiles, char **paths, bool dump)
{
    nm_frontend fe;
    nm_frontend_init(&fe, stderr);
    for (int k = 0; k < nfiles; k++)
        if (!nm_frontend_add_file(&fe, paths[k], stderr)) {
            nm_frontend_free(&fe);
            return 2;
        }
    nm_frontend_check(&fe);
    if (dump && fe.diags.errors == 0)
        for (int k = 0; k < fe.nfiles; k++) nm_dump_file(stdout, fe.files[k]);
    int rc = summarize(&fe);
    nm_frontend_free(&fe);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("nestmlc %s (spikescale, NESTML 8.3 syntax)\n", SS_VERSION);
        return 0;
    }
    for (int k = 2; k < argc; k++)
        if (argv[k][0] == '-' && argv[k][1] != '\0') {
            if (!strcmp(argv[k], "-h") || !strcmp(argv[k], "--help")) {
                usage(stdout);
                return 0;
            }
            if (strcmp(cmd, "gen") && strcmp(cmd, "build")) {
                fprintf(stderr, "nestmlc: unknown option '%s' (see nestmlc --help)\n", argv[k]);
                return 2;
            }
        }
    if (!strcmp(cmd, "check") || !strcmp(cmd, "ast")) {
        bool dump = !strcmp(cmd, "ast");
        if (argc < 3 || (dump && argc != 3)) {
            fprintf(stderr, "nestmlc: '%s' needs %s (see nestmlc --help)\n", cmd,
                    dump ? "exactly one FILE" : "at least one FILE");
            return 2;
        }
        return run(argc - 2, argv + 2, dump);
    }
    if (!strcmp(cmd, "gen")) {
        nm_gen_opts opts = {0};
        int rc = nm_gen_main(argc - 2, argv + 2, &opts);
        nm_gen_opts_free(&opts);
        return rc;
    }
    if (!strcmp(cmd, "build"))
        return nm_build_main(argc - 2, argv + 2);
    fprintf(stderr, "nestmlc: unknown command '%s' (see nestmlc --help)\n", cmd);
    return 2;
}
