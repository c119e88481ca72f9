/* engine/update.c — the update phase of one min-delay slice.
 *
 * A neuron's input for the whole slice is in the ring buffers before the
 * slice starts, and neurons do not interact within it. So every population
 * is cut into chunks of SS_UPDATE_CHUNK neurons, and a chunk is advanced
 * through all steps of the slice by whichever thread of the rank claims it:
 * each thread takes its own chunks first, then helps the others. On cores
 * that run at different speeds (shared or virtual machines) the threads
 * then finish together instead of waiting for the slowest at the barrier.
 *
 * A chunk's spikes wait in the chunk; after the update barrier the owning
 * thread merges them in the order a step-by-step update of its populations
 * emits them (step, population, neuron) and records them. A chunk clears its
 * part of each ring-buffer slot right after reading it. A neuron's
 * arithmetic does not depend on the thread or the chunk that runs it, so
 * results are the same bits whoever ran what.
 *
 * With multimeter probes, which sample every step, each thread updates its
 * own populations step by step instead (ss_k_update's second path).
 */
#include "kernel_impl.h"

#include <stdlib.h>
#include <string.h>

/* Neurons per chunk: a multiple of the models' block groups (3 × 8 lanes).
 * Measured at order 500 (docs/engine.md): 96 and 240 share a slice more
 * finely, but each model call per chunk and step costs, and 480 was as fast
 * as a whole-population update at 1 thread and the fastest at 2 threads
 * next to a competing process. */
#define SS_UPDATE_CHUNK 480u

int ss_k_prepare_chunks(ss_kernel *k, ss_err *err)
{
    for (int t = 0; t < k->n_threads; ++t) {
        ss_thread *th = &k->threads[t];
        size_t n = 0;
        for (size_t q = 0; q < th->n_pops; ++q)
            n += (th->pops[q].n_pad + SS_UPDATE_CHUNK - 1) / SS_UPDATE_CHUNK;
        th->chunks = calloc(n ? n : 1, sizeof *th->chunks);
        if (!th->chunks)
            return ss_fail(err, "out of memory preparing the update");
        th->n_chunks = n;
        atomic_init(&th->next_chunk, 0);
        size_t c = 0;
        for (size_t q = 0; q < th->n_pops; ++q)
            for (size_t b = 0; b < th->pops[q].n_pad; b += SS_UPDATE_CHUNK) {
                size_t e = b + SS_UPDATE_CHUNK;
                th->chunks[c++] = (ss_chunk){.pop = (uint32_t)q, .begin = b,
                                             .end = e < th->pops[q].n_pad ? e : th->pops[q].n_pad};
            }
    }
    return 0;
}

void ss_k_free_chunks(ss_thread *th)
{
    for (size_t c = 0; c < th->n_chunks; ++c)
        free(th->chunks[c].spk);
    free(th->chunks);
    th->chunks = NULL;
    th->n_chunks = 0;
}

size_t ss_k_chunk_bytes(const ss_thread *th)
{
    size_t b = th->n_chunks * sizeof *th->chunks;
    for (size_t c = 0; c < th->n_chunks; ++c)
        b += th->chunks[c].cap_spk * sizeof *th->chunks[c].spk;
    return b;
}

static int push_spike(ss_kernel *k, ss_thread *th, const ss_pop *p, uint32_t i, int64_t step,
                      int64_t lag)
{
    uint64_t gid = p->first_gid + (uint64_t)i * (uint64_t)k->n_vp;
    size_t li = ss_k_li(k, gid);
    if (k->dest_begin[li + 1] > k->dest_begin[li]) {
        uint64_t key = ((uint64_t)lag << SS_KEY_LAG_SHIFT) | gid;
        if (ss_k_push((void **)&th->spikes, &th->n_spikes, &th->cap_spikes, sizeof key, &key))
            return -1;
    }
    if (p->recorder[i] >= 0) {
        const ss_coll *rc = &k->colls[p->recorder[i]];
        double t = (double)(step + 1) * k->h;
        ss_rec_spike r = {gid, step, (uint32_t)p->recorder[i]};
        if (t > rc->rec_start_ms && t <= rc->rec_stop_ms &&
            ss_k_push((void **)&th->rec, &th->n_rec, &th->cap_rec, sizeof r, &r))
            return -1;
    }
    return 0;
}

/* Neuron i of p spiked at the end of step s: send, record, archive. */
static int emit_spike(ss_kernel *k, ss_thread *th, const ss_pop *p, uint32_t i, int64_t s,
                      int64_t S)
{
    if (push_spike(k, th, p, i, s, s - S) != 0 ||
        (th->archive.n && ss_archive_record(&th->archive, p->offset + i, s + 1) != 0))
        return ss_fail(&th->err, "out of memory recording spikes");
    return 0;
}

static void input_of(const ss_thread *own, const ss_pop *p, int64_t s, const double **in)
{
    for (uint32_t r = 0; r < p->model->n_receptors; ++r)
        in[r] = ss_ringbuf_slice(&own->rb, r, s) + p->offset;
}

/* Every population of th, step by step, on th itself (multimeter runs). */
static int update_steps(ss_kernel *k, ss_thread *th, int64_t S, int64_t len)
{
    const double *in[SS_SYN_MAX_RECEPTORS];
    for (int64_t s = S; s < S + len; ++s) {
        for (size_t q = 0; q < th->n_pops; ++q) {
            ss_pop *p = &th->pops[q];
            input_of(th, p, s, in);
            ss_neuron_step io = {.step = s, .spike_in = in, .spiked = p->spiked};
            if (p->model->update(p->pop, &io, &th->err) != 0)
                return -1;
            for (size_t j = 0; j < io.n_spiked; ++j)
                if (emit_spike(k, th, p, p->spiked[j], s, S) != 0)
                    return -1;
        }
        if (k->mm_every && ss_k_mm_sample(k, th, s) != 0)
            return ss_fail(&th->err, "out of memory recording multimeter samples");
        ss_ringbuf_clear_step(&th->rb, s);
    }
    return 0;
}

/* Chunk c of thread `own`, over the whole slice, run by thread `run`. The
 * chunk's spikes go to its own part of the population's spike array, so
 * chunks of one population can run at the same time. */
static int update_chunk(ss_thread *own, ss_chunk *c, ss_thread *run, int64_t S, int64_t len)
{
    ss_pop *p = &own->pops[c->pop];
    const double *in[SS_SYN_MAX_RECEPTORS];
    uint32_t *out = p->spiked + c->begin;
    c->n_spk = 0;
    c->merged = 0;
    for (int64_t s = S; s < S + len; ++s) {
        input_of(own, p, s, in);
        /* the next step's input is in another slot, tens of kB away: fetch
         * it while this step computes (the hardware prefetcher does not
         * follow one short run per slot) */
        if (s + 1 < S + len)
            for (uint32_t r = 0; r < p->model->n_receptors; ++r) {
                const double *nx = ss_ringbuf_slice(&own->rb, r, s + 1) + p->offset;
                for (size_t i = c->begin; i < c->end; i += 8)
                    __builtin_prefetch(nx + i, 1, 3);
            }
        ss_neuron_step io = {.step = s, .spike_in = in, .spiked = out,
                             .begin = c->begin, .end = c->end};
        if (p->model->update(p->pop, &io, &run->err) != 0)
            return -1;
        /* the chunk's part of the slot, while it is still in cache (the
         * chunks of a thread tile its ring buffers' locals) */
        ss_ringbuf_clear_range(&own->rb, s, p->offset + c->begin, p->offset + c->end);
        for (size_t j = 0; j < io.n_spiked; ++j) {
            uint64_t e = ((uint64_t)(s - S) << 32) | out[j];
            if (ss_k_push((void **)&c->spk, &c->n_spk, &c->cap_spk, sizeof e, &e))
                return ss_fail(&run->err, "out of memory recording spikes");
        }
    }
    return 0;
}

/* Claims and runs the chunks of thread `own` until none is left. */
static int run_chunks(ss_thread *own, ss_thread *run, int64_t S, int64_t len)
{
    for (;;) {
        size_t c = atomic_fetch_add_explicit(&own->next_chunk, 1, memory_order_relaxed);
        if (c >= own->n_chunks)
            return 0;
        if (update_chunk(own, &own->chunks[c], run, S, len) != 0)
            return -1;
    }
}

int ss_k_update(ss_kernel *k, int t, int64_t S, int64_t len)
{
    ss_thread *th = &k->threads[t];
    if (k->mm_every)
        return update_steps(k, th, S, len);
    /* own chunks first (SS_UPDATE_SCHEDULE=swapped: the next thread's
     * first, so tests see every chunk run by another thread) */
    const int first = k->update_swapped ? 1 : 0;
    for (int i = 0; i < k->n_threads; ++i) {
        int u = (t + first + i) % k->n_threads;
        if (run_chunks(&k->threads[u], th, S, len) != 0)
            return -1;
    }
    return 0;
}

int ss_k_update_merge(ss_kernel *k, ss_thread *th, int64_t S, int64_t len)
{
    if (k->mm_every)
        return 0;
    for (int64_t s = S; s < S + len; ++s) {
        const uint64_t lag = (uint64_t)(s - S);
        for (size_t c = 0; c < th->n_chunks; ++c) {
            ss_chunk *ch = &th->chunks[c];
            const ss_pop *p = &th->pops[ch->pop];
            for (; ch->merged < ch->n_spk && ch->spk[ch->merged] >> 32 == lag; ch->merged++)
                if (emit_spike(k, th, p, (uint32_t)ch->spk[ch->merged], s, S) != 0)
                    return -1;
        }
    }
    atomic_store_explicit(&th->next_chunk, 0, memory_order_relaxed);
    return 0;
}
