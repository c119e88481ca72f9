/* bench/run/counters_gather.c — see counters_gather.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counters_gather.h"

#define REASON_LEN 512

void ss_counters_all_free(ss_counters_all *a)
{
    for (size_t e = 0; a->events && e < a->n_events; e++)
        free(a->events[e]);
    for (size_t e = 0; a->reason && e < a->n_events; e++)
        free(a->reason[e]);
    for (size_t i = 0; a->components && i < a->n_components; i++) {
        free((char *)a->components[i].key);
        free((char *)a->components[i].value);
    }
    free(a->events);
    free(a->reason);
    free(a->available);
    free(a->values);
    free(a->components);
    memset(a, 0, sizeof *a);
}

/* Same event count and thread count everywhere, or every rank fails alike. */
static int check_uniform(const ss_counters *c, int n_threads, MPI_Comm comm, ss_err *err)
{
    long mine[2] = {(long)ss_counters_n_events(c), n_threads}, lo[2], hi[2];
    MPI_Allreduce(mine, lo, 2, MPI_LONG, MPI_MIN, comm);
    MPI_Allreduce(mine, hi, 2, MPI_LONG, MPI_MAX, comm);
    if (lo[0] != hi[0] || lo[1] != hi[1])
        return ss_fail(err, "counters: ranks differ in events (%ld..%ld) or threads (%ld..%ld)",
                       lo[0], hi[0], lo[1], hi[1]);
    return 0;
}

/* For each event, the lowest rank lacking it (or size if none), and that
 * rank's reason sent to root. */
static int gather_availability(const ss_counters *c, MPI_Comm comm, int root, ss_counters_all *a)
{
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    for (size_t e = 0; e < a->n_events; e++) {
        int lacking = ss_counters_available(c, e) ? size : rank, first = size;
        MPI_Allreduce(&lacking, &first, 1, MPI_INT, MPI_MIN, comm);
        char why[REASON_LEN] = "";
        if (first < size && first != root) {
            if (rank == first)
                snprintf(why, sizeof why, "%s", ss_counters_reason(c, e));
            if (rank == first || rank == root)
                MPI_Sendrecv_replace(why, REASON_LEN, MPI_CHAR, rank == first ? root : first, 0,
                                     rank == first ? root : first, 0, comm, MPI_STATUS_IGNORE);
        }
        if (rank != root)
            continue;
        a->available[e] = first == size;
        char text[REASON_LEN + 80];
        if (first == size)
            text[0] = '\0';
        else if (first == root)
            snprintf(text, sizeof text, "%s", ss_counters_reason(c, e));
        else
            snprintf(text, sizeof text, "available on rank %d but not on rank %d: %s", root, first, why);
        if (!(a->reason[e] = strdup(text)))
            return -1;
    }
    return 0;
}

static int copy_root_tables(const ss_counters *c, ss_counters_all *a)
{
    a->n_components = ss_counters_n_components(c);
    a->components = calloc(a->n_components ? a->n_components : 1, sizeof *a->components);
    if (!a->components)
        return -1;
    for (size_t i = 0; i < a->n_components; i++) {
        a->components[i].key = strdup(ss_counters_component_name(c, i));
        a->components[i].value = strdup(ss_counters_component_status(c, i));
        if (!a->components[i].key || !a->components[i].value)
            return -1;
    }
    for (size_t e = 0; e < a->n_events; e++)
        if (!(a->events[e] = strdup(ss_counters_event(c, e))))
            return -1;
    return 0;
}

static void fill_rec(ss_counters_all *a, const ss_counters *c)
{
    a->rec = (ss_rec_counters){
        .backend = ss_counters_backend_name(c),
        .n_events = a->n_events,
        .events = (const char *const *)a->events,
        .available = a->available,
        .reason = (const char *const *)a->reason,
        .n_phases = SS_CTR_N_PHASES,
        .phases = ss_record_counter_phases,
        .values = a->values,
        .components = a->components,
        .n_components = a->n_components,
    };
}

int ss_counters_gather(const ss_counters *c, MPI_Comm comm, int root, ss_counters_all *out, ss_err *err)
{
    memset(out, 0, sizeof *out);
    int rank, size, T = ss_counters_n_threads(c);
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    if (check_uniform(c, T, comm, err) != 0)
        return -1;
    size_t E = ss_counters_n_events(c), per_rank = (size_t)T * SS_CTR_N_PHASES * E;
    out->n_events = E;
    int64_t *mine = malloc((per_rank ? per_rank : 1) * sizeof *mine);
    int bad = !mine;
    if (rank == root) {
        out->events = calloc(E ? E : 1, sizeof(char *));
        out->reason = calloc(E ? E : 1, sizeof(char *));
        out->available = calloc(E ? E : 1, 1);
        size_t total = per_rank * (size_t)size;
        out->values = malloc((total > 0 ? total : 1) * sizeof(int64_t));
        bad |= !out->events || !out->reason || !out->available || !out->values;
        bad |= !bad && copy_root_tables(c, out) != 0;
    }
    int any_bad = 0;
    MPI_Allreduce(&bad, &any_bad, 1, MPI_INT, MPI_MAX, comm);
    if (!any_bad) {
        ss_counters_values(c, mine);
        MPI_Gather(mine, (int)per_rank, MPI_INT64_T, out->values, (int)per_rank, MPI_INT64_T, root, comm);
        bad = gather_availability(c, comm, root, out);
        MPI_Allreduce(&bad, &any_bad, 1, MPI_INT, MPI_MAX, comm);
    }
    free(mine);
    if (any_bad) {
        ss_counters_all_free(out);
        return ss_fail(err, "counters: out of memory while gathering");
    }
    if (rank == root)
        fill_rec(out, c);
    return 0;
}
