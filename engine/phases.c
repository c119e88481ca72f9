#include "phases.h"

static const char *const phase_names[SS_N_PHASES] = {
    "create", "connect", "prepare", "update", "collect", "communicate", "deliver", "wait"};

static const char *const mem_names[SS_N_MEM] = {
    "neurons",           "ring_buffers", "connections",   "source_index",
    "presynaptic_state", "post_history", "spike_buffers", "mpi_buffers"};

const char *ss_phase_name(ss_phase p)
{
    return (p >= 0 && p < SS_N_PHASES) ? phase_names[p] : "?";
}

const char *ss_mem_category_name(ss_mem_category c)
{
    return (c >= 0 && c < SS_N_MEM) ? mem_names[c] : "?";
}
