/* bench/run/config_print.c — the effective configuration as YAML.
 *
 * Every key is printed (defaults too, marked by a comment), in the table's
 * order, with numbers in the shortest form (at most 17 digits) such that loading the text back
 * gives bit-identical doubles. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

typedef struct sbuf {
    char *p;
    size_t len, cap;
    bool oom;
} sbuf;

static void put(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(sbuf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int w = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (w < 0) {
            b->oom = true;
            return;
        }
        if ((size_t)w < b->cap - b->len) {
            b->len += (size_t)w;
            return;
        }
        size_t ncap = (b->cap + (size_t)w) * 2;
        char *np = realloc(b->p, ncap);
        if (!np) {
            b->oom = true;
            return;
        }
        b->p = np;
        b->cap = ncap;
    }
}

/* Shortest of %.15g/%.16g/%.17g that reads back as the same double. */
static void put_f64(sbuf *b, double v)
{
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    put(b, "%s", tmp);
}

/* Names only contain [A-Za-z0-9_:.=-] (validated), so quoting needs no escapes. */
static void put_value(sbuf *b, const cfg_spec *s, const cfg_value *v)
{
    switch (s->kind) {
    case CFG_NAME: put(b, "\"%s\"", v->s); break;
    case CFG_INT: put(b, "%lld", (long long)v->i); break;
    case CFG_F64: put_f64(b, v->f); break;
    case CFG_BOOL: put(b, "%s", v->b ? "true" : "false"); break;
    case CFG_NAMELIST:
        put(b, "[");
        for (size_t i = 0; i < v->sl.n; i++)
            put(b, "%s\"%s\"", i ? ", " : "", v->sl.items[i]);
        put(b, "]");
        break;
    case CFG_GIDLIST:
        put(b, "[");
        for (size_t i = 0; i < v->ul.n; i++)
            put(b, "%s%llu", i ? ", " : "", (unsigned long long)v->ul.items[i]);
        put(b, "]");
        break;
    }
}

char *ss_config_to_yaml(const ss_config *cfg)
{
    sbuf b = {.p = malloc(1024), .cap = 1024};
    if (!b.p)
        return NULL;
    b.p[0] = '\0';
    put(&b, "# spikescale effective configuration (\"# default\": not set by the user)\n");
    const char *section = "";
    for (int k = 0; k < SS_CFG_N_KEYS; k++) {
        const cfg_spec *s = cfg_spec_of((ss_cfg_key)k);
        if (strcmp(section, s->section) != 0) {
            section = s->section;
            put(&b, "%s:\n", section);
        }
        cfg_value v;
        if (cfg_value_get(cfg, s, &v) != 0)
            b.oom = true;
        put(&b, "  %s: ", s->name);
        put_value(&b, s, &v);
        put(&b, "%s\n", cfg->set[k] ? "" : "  # default");
        cfg_value_free(&v);
    }
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

int ss_config_print(const ss_config *cfg, FILE *out)
{
    char *text = ss_config_to_yaml(cfg);
    if (!text)
        return -1;
    int rc = fputs(text, out) < 0 ? -1 : 0;
    free(text);
    return rc;
}
