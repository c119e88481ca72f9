/* tests/record/mpi_counters.c — ss_counters_gather under mpiexec -n 2 with
 * the scripted backend: rank 1 lacks EV_B; rank r runs r+1 update phases. */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#include "counters_gather.h"
#include "scripted_backend.h"

static int failures;

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "FAIL: %s\n", what);
        failures++;
    }
}

static void check_root(const ss_counters_all *a)
{
    const ss_rec_counters *r = &a->rec;
    check(r->n_events == 2 && r->n_phases == 2, "shape");
    check(r->available[0] == 1 && r->available[1] == 0, "availability reduced over ranks");
    check(strcmp(r->reason[0], "") == 0, "available event has no reason");
    check(strcmp(r->reason[1], "available on rank 0 but not on rank 1: SCRIPT_ENOEVNT: EV_B does not exist") == 0,
          r->reason[1]);
    check(strcmp(r->backend, "scripted") == 0, "backend name");
    check(r->n_components == 2 && strcmp(r->components[1].value, "disabled: no GPU") == 0, "components");
    /* [R=2][T=1][Q=2][E=2] */
    const int64_t want[] = {100, 200, 0, 0, 200, -1, 0, -1};
    for (int i = 0; i < 8; i++) {
        char what[64];
        snprintf(what, sizeof what, "value %d: %lld, want %lld", i, (long long)r->values[i], (long long)want[i]);
        check(r->values[i] == want[i], what);
    }
}

int main(int argc, char **argv)
{
    int provided, rank, size;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    script s = {.lock = PTHREAD_MUTEX_INITIALIZER, .bad_event = rank == 1 ? "EV_B" : NULL};
    ss_counter_backend b = scripted(&s);
    const char *const events[] = {"EV_A", "EV_B"};
    ss_err err = {{0}};
    ss_counters *c = ss_counters_create(&b, events, 2, 1, &err);
    check(c != NULL, err.msg);
    check(ss_counters_thread_start(c, 0) == 0, "thread start");
    for (int i = 0; i <= rank; i++) {
        ss_counters_begin(c, 0, SS_CTR_UPDATE);
        ss_counters_end(c, 0, SS_CTR_UPDATE);
    }
    ss_counters_thread_stop(c, 0);
    ss_counters_all all;
    check(ss_counters_gather(c, MPI_COMM_WORLD, 0, &all, &err) == 0, err.msg);
    if (rank == 0 && size == 2)
        check_root(&all);
    check(size == 2, "run with mpiexec -n 2");
    ss_counters_all_free(&all);
    ss_counters_destroy(c);
    int total = 0;
    MPI_Allreduce(&failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0)
        printf("%s: %d check(s) failed\n", total ? "FAIL" : "OK", total);
    MPI_Finalize();
    return total ? 1 : 0;
}
