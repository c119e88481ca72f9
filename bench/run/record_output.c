/* bench/run/record_output.c — is the output location usable? Asked before
 * simulating, so that a run never computes for an hour and then cannot save. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record.h"

int ss_record_check_output(const char *out, ss_err *err)
{
    if (!out || !out[0])
        return ss_fail(err, "output path is empty");
    struct stat st;
    if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
        return ss_fail(err, "%s: output path is a directory, expected a file name", out);
    char copy[PATH_MAX], probe[PATH_MAX];
    if (snprintf(copy, sizeof copy, "%s", out) >= (int)sizeof copy)
        return ss_fail(err, "%s: path too long", out);
    const char *dir = dirname(copy);
    if (stat(dir, &st) != 0)
        return ss_fail(err, "%s: output directory %s: %s", out, dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return ss_fail(err, "%s: %s is not a directory", out, dir);
    /* Create a real file: access(W_OK) says yes to root on read-only mounts. */
    snprintf(probe, sizeof probe, "%s/.ss-probe.%ld.XXXXXX", dir, (long)getpid());
    int fd = mkstemp(probe);
    if (fd < 0)
        return ss_fail(err, "%s: output directory %s is not writable: %s", out, dir, strerror(errno));
    close(fd);
    unlink(probe);
    return 0;
}
