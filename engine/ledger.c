/* engine/ledger.c — the memory ledger (bytes the kernel owns, by category,
 * counted from the sizes it allocated) and /proc/self/status readings. */
#include "kernel_impl.h"

#include <stdio.h>
#include <string.h>

int64_t ss_proc_status_bytes(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    size_t len = strlen(field);
    int64_t v = -1;
    while (fgets(line, sizeof line, f)) {
        long long kb;
        if (strncmp(line, field, len) == 0 && line[len] == ':' &&
            sscanf(line + len + 1, "%lld", &kb) == 1) {
            v = (int64_t)kb * 1024;
            break;
        }
    }
    fclose(f);
    return v;
}

static void thread_ledger(const ss_kernel *k, const ss_thread *th, int64_t b[SS_N_MEM])
{
    for (size_t i = 0; i < th->n_pops; ++i) {
        const ss_pop *p = &th->pops[i];
        b[SS_MEM_NEURONS] += (int64_t)(p->model->bytes(p->pop) + sizeof *p +
                                       p->n * (sizeof *p->recorder + sizeof *p->spiked));
    }
    b[SS_MEM_RING_BUFFERS] += (int64_t)ss_ringbuf_bytes(&th->rb);
    b[SS_MEM_POST_HISTORY] += (int64_t)ss_archive_bytes(&th->archive);
    for (size_t g = 0; g < th->n_groups_alloc && g < k->n_types; ++g) {
        const ss_group *gr = &th->groups[g];
        b[SS_MEM_CONNECTIONS] += (int64_t)(gr->n * (sizeof *gr->target + sizeof *gr->weight));
        if (gr->src_begin)
            b[SS_MEM_SOURCE_INDEX] += (int64_t)(gr->n_src * sizeof *gr->src_gid +
                                                (gr->n_src + 1) * sizeof *gr->src_begin);
        b[SS_MEM_PRESYNAPTIC_STATE] += (int64_t)(gr->n_src * k->types[g].model->presyn_size);
    }
    /* Generator links are per-target connections too. */
    b[SS_MEM_CONNECTIONS] += (int64_t)(th->cap_gen * sizeof *th->gen);
    b[SS_MEM_SPIKE_BUFFERS] += (int64_t)(th->cap_spikes * sizeof *th->spikes +
                                         th->cap_rec * sizeof *th->rec + ss_k_chunk_bytes(th));
}

void ss_k_ledger(const ss_kernel *k, int64_t b[SS_N_MEM])
{
    memset(b, 0, SS_N_MEM * sizeof *b);
    for (int t = 0; t < k->n_threads; ++t)
        thread_ledger(k, &k->threads[t], b);
    size_t R = (size_t)k->n_ranks;
    b[SS_MEM_MPI_BUFFERS] = (int64_t)((k->cap_send + k->cap_recv) * sizeof(uint64_t) +
                                      4 * R * sizeof(int) +
                                      (k->dest_begin ? (k->n_li + 1) * sizeof *k->dest_begin : 0) +
                                      (k->dest_begin ? k->dest_begin[k->n_li] : 0) * sizeof *k->dest_rank);
}
