/* tests/record/mpi_provenance.c — provenance collected under mpiexec -n 2
 * and written into a run record by rank 0; every check prints what failed.
 * A plain MPI program (Criterion's forking runner and MPI do not mix). */
#include <gsl/gsl_version.h>
#include <hdf5.h>
#include <mpi.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "provenance.h"
#include "sample_record.h"

extern char **environ;

static int failures;

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "FAIL: %s\n", what);
        failures++;
    }
}

static int matches(const char *pattern, const char *s)
{
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
        return 0;
    int ok = regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

static int env_has(const ss_provenance *p, const char *key)
{
    for (size_t i = 0; i < p->n_environment; i++)
        if (strcmp(p->environment[i].key, key) == 0)
            return 1;
    return 0;
}

static void check_strings(const ss_provenance *p, int size, char **argv)
{
    char hdf5[32];
    unsigned a, b, c;
    H5get_libversion(&a, &b, &c);
    snprintf(hdf5, sizeof hdf5, "%u.%u.%u", a, b, c);
    check(p->n_ranks == size, "n_ranks == communicator size");
    for (int r = 0; r < size; r++)
        check(p->hosts && p->hosts[r] && p->hosts[r][0], "a host name per rank");
    check(strcmp(p->lib_hdf5, hdf5) == 0, "lib_hdf5 is H5get_libversion");
    check(strcmp(p->lib_gsl, gsl_version) == 0, "lib_gsl is gsl_version");
    check(matches("^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$", p->lib_papi), "lib_papi is a.b.c.d");
    check(matches("^[0-9.]+ \\(API [0-9]+\\.[0-9]+\\.[0-9]+\\)$", p->lib_hwloc), "lib_hwloc");
    check(strstr(p->lib_mpi, "MPI") != NULL, "lib_mpi names the MPI library");
    check(strncmp(p->hwloc_topology_xml, "<?xml", 5) == 0, "hwloc topology is XML");
    check(matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", p->start_time), "start_time ISO 8601");
    check(strstr(p->command_line, "'arg with space'") != NULL, "command line quoted");
    check(strcmp(p->tool_version, "0.1.0") == 0 || p->tool_version[0], "tool version");
    check(p->git_commit[0] != '\0', "git commit recorded");
    check(!env_has(p, "SS_TEST_TOKEN"), "secret variable dropped");
    check(env_has(p, "SS_TEST_VISIBLE"), "ordinary variable kept");
    (void)argv;
}

static void write_and_read_back(const ss_provenance *p)
{
    char dir[] = "/tmp/ss-prov-XXXXXX", out[64];
    if (!mkdtemp(dir)) {
        check(0, "mkdtemp");
        return;
    }
    snprintf(out, sizeof out, "%s/run.h5", dir);
    sample s;
    sample_fill(&s);
    ss_provenance_to_meta(p, &s.rec.meta);
    ss_err err = {{0}};
    check(ss_record_write(out, &s.rec, &err) == 0, err.msg);
    int64_t f = ss_record_open(out, &err);
    check(f >= 0, err.msg);
    if (f >= 0) {
        hid_t d = H5Dopen2(f, "/meta/hosts", H5P_DEFAULT);
        hid_t t = H5Tcopy(H5T_C_S1);
        H5Tset_size(t, H5T_VARIABLE);
        H5Tset_cset(t, H5T_CSET_UTF8);
        char *h[2] = {0};
        check(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, h) >= 0, "read /meta/hosts");
        check(h[1] && strcmp(h[1], p->hosts[1]) == 0, "host of rank 1 round trip");
        H5free_memory(h[0]);
        H5free_memory(h[1]);
        H5Tclose(t);
        H5Dclose(d);
        H5Fclose(f);
    }
    unlink(out);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    int provided, rank, size;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    setenv("SS_TEST_TOKEN", "hunter2", 1);
    setenv("SS_TEST_VISIBLE", "1", 1);
    char *args[] = {argv[0], "arg with space"};
    ss_provenance p;
    ss_err err = {{0}};
    int rc = ss_provenance_collect(&p, 2, args, environ, MPI_COMM_WORLD, &err);
    check(rc == 0, err.msg);
    if (rc == 0 && rank == 0) {
        check_strings(&p, size, argv);
        if (size == S_R)
            write_and_read_back(&p);
        else
            check(0, "run with mpiexec -n 2");
    }
    if (rc == 0) {
        check(rank == 0 || p.hosts == NULL, "hosts only on rank 0");
        ss_provenance_finish(&p);
        check(strcmp(p.end_time, p.start_time) >= 0, "end_time >= start_time");
        ss_provenance_free(&p);
    }
    int all = 0;
    MPI_Allreduce(&failures, &all, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0)
        printf("%s: %d check(s) failed\n", all ? "FAIL" : "OK", all);
    MPI_Finalize();
    return all ? 1 : 0;
}
