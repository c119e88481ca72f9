/* bench/run/counters_papi.c — the real counter backend: PAPI.
 *
 * PAPI keeps its own process-wide state (library and thread registration);
 * this file adds none. Reasons name the PAPI error code symbolically, PAPI's
 * text, and what is known about the event's component, e.g.
 *   PAPI_ECMP_DISABLED: Component containing event is disabled (perf_event
 *   component disabled: libpfm4 no default PMU found) */
#include <papi.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "counters.h"

static const struct { int code; const char *name; } papi_codes[] = {
    {PAPI_EINVAL, "PAPI_EINVAL"}, {PAPI_ENOMEM, "PAPI_ENOMEM"}, {PAPI_ESYS, "PAPI_ESYS"},
    {PAPI_ECMP, "PAPI_ECMP"}, {PAPI_ECLOST, "PAPI_ECLOST"}, {PAPI_EBUG, "PAPI_EBUG"},
    {PAPI_ENOEVNT, "PAPI_ENOEVNT"}, {PAPI_ECNFLCT, "PAPI_ECNFLCT"}, {PAPI_ENOTRUN, "PAPI_ENOTRUN"},
    {PAPI_EISRUN, "PAPI_EISRUN"}, {PAPI_ENOEVST, "PAPI_ENOEVST"}, {PAPI_ENOTPRESET, "PAPI_ENOTPRESET"},
    {PAPI_ENOCNTR, "PAPI_ENOCNTR"}, {PAPI_EMISC, "PAPI_EMISC"}, {PAPI_EPERM, "PAPI_EPERM"},
    {PAPI_ENOINIT, "PAPI_ENOINIT"}, {PAPI_ENOCMP, "PAPI_ENOCMP"}, {PAPI_ENOSUPP, "PAPI_ENOSUPP"},
    {PAPI_ENOIMPL, "PAPI_ENOIMPL"}, {PAPI_EBUF, "PAPI_EBUF"}, {PAPI_EINVAL_DOM, "PAPI_EINVAL_DOM"},
    {PAPI_EATTR, "PAPI_EATTR"}, {PAPI_ECOUNT, "PAPI_ECOUNT"}, {PAPI_ECOMBO, "PAPI_ECOMBO"},
    {PAPI_ECMP_DISABLED, "PAPI_ECMP_DISABLED"}, {PAPI_EDELAY_INIT, "PAPI_EDELAY_INIT"},
    {PAPI_EMULPASS, "PAPI_EMULPASS"},
};

static const char *code_name(int code)
{
    for (size_t i = 0; i < sizeof papi_codes / sizeof papi_codes[0]; i++)
        if (papi_codes[i].code == code)
            return papi_codes[i].name;
    return "PAPI_error";
}

static unsigned long thread_id(void) { return (unsigned long)pthread_self(); }

static int p_init(void *ctx, char *why, size_t n)
{
    (void)ctx;
    if (PAPI_is_initialized() == PAPI_NOT_INITED) {
        int v = PAPI_library_init(PAPI_VER_CURRENT);
        if (v != (int)PAPI_VER_CURRENT) {
            snprintf(why, n, "PAPI_library_init: %s", v < 0 ? PAPI_strerror(v) : "version mismatch");
            return -1;
        }
        int rc = PAPI_thread_init(thread_id);
        if (rc != PAPI_OK) {
            snprintf(why, n, "PAPI_thread_init: %s: %s", code_name(rc), PAPI_strerror(rc));
            return -1;
        }
    }
    return 0;
}

static size_t p_n_components(void *ctx)
{
    (void)ctx;
    int n = PAPI_num_components();
    return n > 0 ? (size_t)n : 0;
}

static void p_component(void *ctx, size_t i, char *name, size_t nn, char *status, size_t ns)
{
    (void)ctx;
    const PAPI_component_info_t *ci = PAPI_get_component_info((int)i);
    if (!ci) {
        snprintf(name, nn, "component%zu", i);
        snprintf(status, ns, "no information");
        return;
    }
    snprintf(name, nn, "%s", ci->name);
    if (ci->disabled)
        snprintf(status, ns, "disabled: %s", ci->disabled_reason[0] ? ci->disabled_reason : code_name(ci->disabled));
    else
        snprintf(status, ns, "enabled, %d counters", ci->num_cntrs);
}

static int p_thread_init(void *ctx)
{
    (void)ctx;
    return PAPI_register_thread() == PAPI_OK ? 0 : -1;
}

static void p_thread_fini(void *ctx)
{
    (void)ctx;
    PAPI_unregister_thread();
}

static int p_set_create(void *ctx, int *set, char *why, size_t n)
{
    (void)ctx;
    *set = PAPI_NULL;
    int rc = PAPI_create_eventset(set);
    if (rc != PAPI_OK) {
        snprintf(why, n, "PAPI_create_eventset: %s: %s", code_name(rc), PAPI_strerror(rc));
        return -1;
    }
    return 0;
}

/* What is known about the component an event belongs to, for reasons. */
static void component_note(const char *event, char *buf, size_t n)
{
    int code = 0;
    buf[0] = '\0';
    if (PAPI_event_name_to_code(event, &code) != PAPI_OK)
        return;
    int cid = PAPI_get_event_component(code);
    const PAPI_component_info_t *ci = cid >= 0 ? PAPI_get_component_info(cid) : NULL;
    if (!ci)
        return;
    const PAPI_hw_info_t *hw = PAPI_get_hardware_info();
    const char *vm = hw && hw->virtualized ? "; running in a VM" : "";
    if (ci->disabled)
        snprintf(buf, n, " (%s component disabled: %s%s)", ci->name, ci->disabled_reason, vm);
    else
        snprintf(buf, n, " (%s component, %d counters%s)", ci->name, ci->num_cntrs, vm);
}

static int p_set_add(void *ctx, int set, const char *event, char *why, size_t n)
{
    (void)ctx;
    int rc = PAPI_add_named_event(set, event);
    if (rc == PAPI_OK)
        return 0;
    char note[2 * PAPI_HUGE_STR_LEN + 256];
    component_note(event, note, sizeof note);
    snprintf(why, n, "%s: %s%s", code_name(rc), PAPI_strerror(rc), note);
    return -1;
}

static int p_set_start(void *ctx, int set)
{
    (void)ctx;
    return PAPI_start(set) == PAPI_OK ? 0 : -1;
}

static int p_set_read(void *ctx, int set, long long *values)
{
    (void)ctx;
    return PAPI_read(set, values) == PAPI_OK ? 0 : -1;
}

static int p_set_stop(void *ctx, int set)
{
    (void)ctx;
    long long scratch[64];
    /* PAPI_stop wants a buffer for the final counts; they were read already. */
    int n = PAPI_num_events(set);
    if (n <= 0 || n > 64)
        return PAPI_stop(set, NULL) == PAPI_OK ? 0 : -1;
    return PAPI_stop(set, scratch) == PAPI_OK ? 0 : -1;
}

static void p_set_destroy(void *ctx, int set)
{
    (void)ctx;
    PAPI_cleanup_eventset(set);
    PAPI_destroy_eventset(&set);
}

static const ss_counter_backend papi_backend = {
    .name = "papi",
    .ctx = NULL,
    .init = p_init,
    .n_components = p_n_components,
    .component = p_component,
    .thread_init = p_thread_init,
    .thread_fini = p_thread_fini,
    .set_create = p_set_create,
    .set_add = p_set_add,
    .set_start = p_set_start,
    .set_read = p_set_read,
    .set_stop = p_set_stop,
    .set_destroy = p_set_destroy,
};

const ss_counter_backend *ss_counter_backend_papi(void) { return &papi_backend; }
