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
    nm_frontend fe;
    nm_frontend_init(&fe, NULL);
    nm_frontend_add_buffer(&fe, "fuzz.nestml", (const char *)data, size);
    if (nm_frontend_check(&fe) == 0) {
        /* exercise the dump too; its output is irrelevant */
        FILE *sink = fopen("/dev/null", "w");
        if (sink) {
            for (int k = 0; k < fe.nfiles; k++) nm_dump_file(sink, fe.files[k]);
            fclose(sink);
        }
    }
    nm_frontend_free(&fe);
    return 0;
}
