/* tests/record/scripted_backend.c — see scripted_backend.h. */
#include <stdio.h>
#include <string.h>

#include "scripted_backend.h"

static int s_init(void *ctx, char *why, size_t n)
{
    script *s = ctx;
    if (s->fail_init) {
        snprintf(why, n, "SCRIPT_EINIT: no counters in this script");
        return -1;
    }
    return 0;
}
static size_t s_n_components(void *ctx) { (void)ctx; return 2; }
static void s_component(void *ctx, size_t i, char *name, size_t nn, char *status, size_t ns)
{
    (void)ctx;
    snprintf(name, nn, i == 0 ? "cpu" : "gpu");
    snprintf(status, ns, i == 0 ? "enabled, 4 counters" : "disabled: no GPU");
}
static int s_thread_init(void *ctx)
{
    script *s = ctx;
    pthread_mutex_lock(&s->lock);
    s->thread_inits++;
    pthread_mutex_unlock(&s->lock);
    return 0;
}
static void s_thread_fini(void *ctx)
{
    script *s = ctx;
    pthread_mutex_lock(&s->lock);
    s->thread_finis++;
    pthread_mutex_unlock(&s->lock);
}
static int s_set_create(void *ctx, int *set, char *why, size_t n)
{
    script *s = ctx;
    (void)why, (void)n;
    pthread_mutex_lock(&s->lock);
    *set = s->n_sets++;
    pthread_mutex_unlock(&s->lock);
    return 0;
}
static int s_set_add(void *ctx, int set, const char *event, char *why, size_t n)
{
    script *s = ctx;
    if (strncmp(event, "BAD_", 4) == 0 || (s->bad_event && strcmp(event, s->bad_event) == 0)) {
        snprintf(why, n, "SCRIPT_ENOEVNT: %s does not exist", event);
        return -1;
    }
    if (s->fail_second_set_add && set == 1) {
        snprintf(why, n, "SCRIPT_ECNFLCT");
        return -1;
    }
    s->n_events[set]++;
    return 0;
}
static int s_set_start(void *ctx, int set) { (void)ctx, (void)set; return 0; }
static int s_set_read(void *ctx, int set, long long *v)
{
    script *s = ctx;
    s->ticks[set]++;
    for (int k = 0; k < s->n_events[set]; k++)
        v[k] = s->ticks[set] * (k + 1) * 100;
    return 0;
}
static int s_set_stop(void *ctx, int set) { (void)ctx, (void)set; return 0; }
static void s_set_destroy(void *ctx, int set) { (void)ctx, (void)set; }

ss_counter_backend scripted(script *s)
{
    return (ss_counter_backend){"scripted", s, s_init, s_n_components, s_component, s_thread_init,
                                s_thread_fini, s_set_create, s_set_add, s_set_start, s_set_read,
                                s_set_stop, s_set_destroy};
}

