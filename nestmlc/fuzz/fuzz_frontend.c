/* nestmlc/fuzz/fuzz_frontend.c — libFuzzer harness for lexer + parser +
 * checker + AST dump. Any input must end in diagnostics, never in a crash,
 * hang, leak or sanitizer report.
 *
 *   clang -fsanitize=fuzzer,address,undefined -Inestmlc nestmlc/[a-z]*.c \
 *         (without main.c) nestmlc/fuzz/fuzz_frontend.c -lm
 * tests/nestmlc/fuzz_run.sh builds and runs it for a bounded time. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "frontend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* diagnostics (with their source excerpts) and the dump are printed to
     * /dev/null: the printing code is exercised, its output is irrelevant */
    FILE *sink = fopen("/dev/null", "w");
    nm_frontend fe;
    nm_frontend_init(&fe, sink);
    nm_frontend_add_buffer(&fe, "fuzz.nestml", (const char *)data, size);
    if (nm_frontend_check(&fe) == 0 && sink)
        for (int k = 0; k < fe.nfiles; k++) nm_dump_file(sink, fe.files[k]);
    nm_frontend_free(&fe);
    if (sink) fclose(sink);
    return 0;
}
