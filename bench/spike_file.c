#include "spike_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ss_spike_file_open(ss_spike_file *sf, const char *path, ss_err *err)
{
    memset(sf, 0, sizeof *sf);
    size_t n = strlen(path) + 32;
    sf->final_path = strdup(path);
    sf->tmp_path = malloc(n);
    if (!sf->final_path || !sf->tmp_path) {
        ss_spike_file_abort(sf);
        return ss_fail(err, "--spikes %s: out of memory", path);
    }
    snprintf(sf->tmp_path, n, "%s.tmp.%ld", path, (long)getpid());
    sf->f = fopen(sf->tmp_path, "w");
    if (!sf->f) {
        int e = errno;
        ss_spike_file_abort(sf);
        return ss_fail(err, "--spikes %s: cannot create the file: %s", path, strerror(e));
    }
    return 0;
}

int ss_spike_file_commit(ss_spike_file *sf, const ss_spike_list *s, double t0_ms, ss_err *err)
{
    for (size_t i = 0; i < s->n; ++i)
        if (s->t_ms[i] > t0_ms)
            fprintf(sf->f, "%llu %.10g\n", (unsigned long long)s->gid[i], s->t_ms[i]);
    int bad = ferror(sf->f) || fflush(sf->f) != 0 || fsync(fileno(sf->f)) != 0;
    bad |= fclose(sf->f) != 0;
    sf->f = NULL;
    if (bad || rename(sf->tmp_path, sf->final_path) != 0) {
        int e = errno;
        ss_spike_file_abort(sf);
        return ss_fail(err, "--spikes: writing failed: %s", strerror(e));
    }
    free(sf->tmp_path);
    free(sf->final_path);
    memset(sf, 0, sizeof *sf);
    return 0;
}

void ss_spike_file_abort(ss_spike_file *sf)
{
    if (sf->f)
        fclose(sf->f);
    if (sf->tmp_path)
        unlink(sf->tmp_path);
    free(sf->tmp_path);
    free(sf->final_path);
    memset(sf, 0, sizeof *sf);
}
