/* engine/exchange.c — target tables and the per-slice spike exchange.
 *
 * Target tables: after connecting, each rank tells every other rank which of
 * its neurons it needs (the union of the sources in its source indices); a
 * spike is then sent only to ranks hosting at least one of its targets.
 *
 * Exchange (master thread, once per slice): spikes are 64-bit keys
 * (lag << 48 | gid); counts go by MPI_Alltoall, keys by MPI_Alltoallv, and
 * the received keys are sorted, which is the canonical delivery order (by
 * step, then source gid). A negative count tells every rank that one rank
 * failed, so all stop together. In polite mode the collectives are
 * non-blocking and completed with MPI_Test and a nanosleep back-off, so
 * oversubscribed ranks yield their core instead of spinning. */
#include "kernel_impl.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Waits for a request; polite mode sleeps with exponential back-off (1 us to 1 ms). */
static void wait_request(const ss_kernel *k, MPI_Request *req)
{
    if (!k->polite) {
        MPI_Wait(req, MPI_STATUS_IGNORE);
        return;
    }
    long ns = 1000;
    for (;;) {
        int done = 0;
        MPI_Test(req, &done, MPI_STATUS_IGNORE);
        if (done)
            return;
        struct timespec ts = {0, ns};
        nanosleep(&ts, NULL);
        if (ns < 1000000)
            ns *= 2;
    }
}

static void alltoall_int(const ss_kernel *k, const int *send, int *recv)
{
    if (!k->polite) {
        MPI_Alltoall(send, 1, MPI_INT, recv, 1, MPI_INT, k->comm);
        return;
    }
    MPI_Request req;
    MPI_Ialltoall(send, 1, MPI_INT, recv, 1, MPI_INT, k->comm, &req);
    wait_request(k, &req);
}

static void alltoallv(const ss_kernel *k, const void *send, const int *sc, const int *sd,
                      void *recv, const int *rc, const int *rd, MPI_Datatype type)
{
    if (!k->polite) {
        MPI_Alltoallv(send, sc, sd, type, recv, rc, rd, type, k->comm);
        return;
    }
    MPI_Request req;
    MPI_Ialltoallv(send, sc, sd, type, recv, rc, rd, type, k->comm, &req);
    wait_request(k, &req);
}

/* Sorted, unique neuron gids this rank needs as sources. */
static uint32_t *needed_sources(const ss_kernel *k, size_t *n_out)
{
    size_t n = 0;
    for (int t = 0; t < k->n_threads; ++t)
        for (size_t g = 0; g < k->n_types; ++g)
            n += k->threads[t].groups[g].n_src;
    uint32_t *all = malloc((n ? n : 1) * sizeof *all);
    if (!all)
        return NULL;
    size_t j = 0;
    for (int t = 0; t < k->n_threads; ++t)
        for (size_t g = 0; g < k->n_types; ++g) {
            const ss_group *gr = &k->threads[t].groups[g];
            memcpy(all + j, gr->src_gid, gr->n_src * sizeof *all);
            j += gr->n_src;
        }
    qsort(all, n, sizeof *all, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < n; ++i)
        if (u == 0 || all[u - 1] != all[i])
            all[u++] = all[i];
    *n_out = u;
    return all;
}

static int alloc_counts(ss_kernel *k)
{
    size_t R = (size_t)k->n_ranks;
    k->send_counts = calloc(R, sizeof(int));
    k->recv_counts = calloc(R, sizeof(int));
    k->send_displs = calloc(R, sizeof(int));
    k->recv_displs = calloc(R, sizeof(int));
    return (k->send_counts && k->recv_counts && k->send_displs && k->recv_displs) ? 0 : -1;
}

static int displs(int R, const int *counts, int *d)
{
    long long s = 0;
    for (int r = 0; r < R; ++r) {
        d[r] = (int)s;
        s += counts[r] < 0 ? 0 : counts[r];
    }
    return s > INT32_MAX ? -1 : (int)s;
}

/* Builds dest_begin/dest_rank: for each local neuron (dense index li), the
 * ranks that need its spikes, ascending. */
int ss_k_build_target_tables(ss_kernel *k, ss_err *err)
{
    int R = k->n_ranks;
    /* A spike key keeps the step within its slice in 16 bits. */
    if (k->min_delay > 0xffff)
        return ss_fail(err, "minimum delay of %lld steps exceeds 65535 (use a coarser resolution)",
                       (long long)k->min_delay);
    if (alloc_counts(k) != 0)
        return ss_fail(err, "out of memory (exchange counts)");
    size_t n_need;
    uint32_t *need = needed_sources(k, &n_need);
    if (!need)
        return ss_fail(err, "out of memory (target tables)");
    /* `need` is sorted by gid; regroup it by owner rank for the Alltoallv. */
    uint32_t *by_owner = malloc((n_need ? n_need : 1) * sizeof *by_owner);
    memset(k->send_counts, 0, (size_t)R * sizeof(int));
    for (size_t i = 0; i < n_need; ++i)
        k->send_counts[ss_k_rank_of(k, need[i])]++;
    int total_send = displs(R, k->send_counts, k->send_displs);
    int *fill = calloc((size_t)R, sizeof *fill);
    if (!by_owner || !fill) {
        free(need); free(by_owner); free(fill);
        return ss_fail(err, "out of memory (target tables)");
    }
    for (size_t i = 0; i < n_need; ++i) {
        int o = ss_k_rank_of(k, need[i]);
        by_owner[k->send_displs[o] + fill[o]++] = need[i];
    }
    free(need);
    free(fill);
    (void)total_send;
    MPI_Alltoall(k->send_counts, 1, MPI_INT, k->recv_counts, 1, MPI_INT, k->comm);
    int total_recv = displs(R, k->recv_counts, k->recv_displs);
    uint32_t *asked = malloc((size_t)(total_recv ? total_recv : 1) * sizeof *asked);
    if (!asked) {
        free(by_owner);
        return ss_fail(err, "out of memory (target tables)");
    }
    MPI_Alltoallv(by_owner, k->send_counts, k->send_displs, MPI_UINT32_T, asked, k->recv_counts,
                  k->recv_displs, MPI_UINT32_T, k->comm);
    free(by_owner);
    /* CSR over the dense local index; ranks come in ascending order. */
    k->n_li = (size_t)(k->n_gids / (uint64_t)k->n_vp + 1) * (size_t)k->n_threads;
    k->dest_begin = calloc(k->n_li + 1, sizeof *k->dest_begin);
    k->dest_rank = malloc((size_t)(total_recv ? total_recv : 1) * sizeof *k->dest_rank);
    if (!k->dest_begin || !k->dest_rank) {
        free(asked);
        return ss_fail(err, "out of memory (target tables)");
    }
    for (int i = 0; i < total_recv; ++i)
        k->dest_begin[ss_k_li(k, asked[i]) + 1]++;
    for (size_t i = 0; i < k->n_li; ++i)
        k->dest_begin[i + 1] += k->dest_begin[i];
    uint32_t *pos = malloc((k->n_li ? k->n_li : 1) * sizeof *pos);
    if (!pos) {
        free(asked);
        return ss_fail(err, "out of memory (target tables)");
    }
    memcpy(pos, k->dest_begin, k->n_li * sizeof *pos);
    for (int r = 0; r < R; ++r)
        for (int i = k->recv_displs[r]; i < k->recv_displs[r] + k->recv_counts[r]; ++i)
            k->dest_rank[pos[ss_k_li(k, asked[i])]++] = r;
    free(pos);
    free(asked);
    return 0;
}

static int grow(uint64_t **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    uint64_t *p = realloc(*buf, c * sizeof *p);
    if (!p)
        return -1;
    *buf = p;
    *cap = c;
    return 0;
}

/* Packs the threads' spikes per destination rank into k->send. */
int ss_k_collect(ss_kernel *k)
{
    int R = k->n_ranks;
    memset(k->send_counts, 0, (size_t)R * sizeof(int));
    for (int t = 0; t < k->n_threads; ++t) {
        const ss_thread *th = &k->threads[t];
        for (size_t i = 0; i < th->n_spikes; ++i) {
            size_t li = ss_k_li(k, th->spikes[i] & SS_KEY_GID_MASK);
            for (uint32_t d = k->dest_begin[li]; d < k->dest_begin[li + 1]; ++d)
                k->send_counts[k->dest_rank[d]]++;
        }
    }
    int total = displs(R, k->send_counts, k->send_displs);
    if (total < 0 || grow(&k->send, &k->cap_send, (size_t)total) != 0)
        return -1;
    int *fill = k->recv_displs; /* scratch: recv_displs is recomputed afterwards */
    memcpy(fill, k->send_displs, (size_t)R * sizeof(int));
    for (int t = 0; t < k->n_threads; ++t) {
        const ss_thread *th = &k->threads[t];
        for (size_t i = 0; i < th->n_spikes; ++i) {
            size_t li = ss_k_li(k, th->spikes[i] & SS_KEY_GID_MASK);
            for (uint32_t d = k->dest_begin[li]; d < k->dest_begin[li + 1]; ++d)
                k->send[fill[k->dest_rank[d]]++] = th->spikes[i];
        }
    }
    return 0;
}

int ss_k_communicate(ss_kernel *k, bool failed)
{
    int R = k->n_ranks;
    if (failed)
        for (int r = 0; r < R; ++r)
            k->send_counts[r] = -1;
    if (R > 1)
        alltoall_int(k, k->send_counts, k->recv_counts);
    else
        k->recv_counts[0] = k->send_counts[0];
    bool any = false;
    for (int r = 0; r < R; ++r)
        any |= k->recv_counts[r] < 0;
    if (any || failed) {
        k->n_recv = 0;
        return -1;
    }
    int total = displs(R, k->recv_counts, k->recv_displs);
    if (grow(&k->recv, &k->cap_recv, (size_t)total) != 0)
        return -1; /* only this rank knows; the next slice's counts tell the others */
    if (R > 1)
        alltoallv(k, k->send, k->send_counts, k->send_displs, k->recv, k->recv_counts,
                  k->recv_displs, MPI_UINT64_T);
    else if (total > 0)
        memcpy(k->recv, k->send, (size_t)total * sizeof *k->recv);
    k->n_recv = (size_t)total;
    if (total > 1)
        qsort(k->recv, k->n_recv, sizeof *k->recv, cmp_u64);
    return 0;
}
