/* bench/run/counters_hooks.c — engine phase -> counter phase. */
#include "counters_hooks.h"

static int counted_phase(ss_phase p)
{
    return p == SS_PHASE_UPDATE ? SS_CTR_UPDATE : p == SS_PHASE_DELIVER ? SS_CTR_DELIVER : -1;
}

static void hook_begin(void *ctx, int thread, ss_phase p)
{
    int q = counted_phase(p);
    if (q >= 0)
        ss_counters_begin(ctx, thread, q);
}

static void hook_end(void *ctx, int thread, ss_phase p)
{
    int q = counted_phase(p);
    if (q >= 0)
        ss_counters_end(ctx, thread, q);
}

ss_phase_hooks ss_counters_phase_hooks(ss_counters *c)
{
    return (ss_phase_hooks){.ctx = c, .begin = hook_begin, .end = hook_end};
}
