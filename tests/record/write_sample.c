/* tests/record/write_sample.c — writes the sample record to argv[1], for the
 * h5dump and h5py checks (tests/record/meson.build). */
#include <stdio.h>

#include "sample_record.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUT.h5\n", argv[0]);
        return 2;
    }
    sample s;
    sample_fill(&s);
    ss_err err = {{0}};
    if (ss_record_write(argv[1], &s.rec, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    return 0;
}
