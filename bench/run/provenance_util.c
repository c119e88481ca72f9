/* bench/run/provenance_util.c — the pure pieces of provenance: quoting,
 * environment filtering, time stamps. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provenance.h"

/* Characters a POSIX shell never treats specially inside a word. */
static bool shell_safe(const char *a)
{
    if (!*a)
        return false;
    for (const char *p = a; *p; p++)
        if (!(isalnum((unsigned char)*p) || strchr("_@%+=:,./-", *p)))
            return false;
    return true;
}

char *ss_shell_quote_argv(int argc, char *const *argv)
{
    size_t cap = 1;
    for (int i = 0; i < argc; i++)
        cap += 4 * strlen(argv[i]) + 3;   /* worst case: every char a quote */
    char *out = malloc(cap), *w = out;
    if (!out)
        return NULL;
    for (int i = 0; i < argc; i++) {
        if (i)
            *w++ = ' ';
        if (shell_safe(argv[i])) {
            size_t n = strlen(argv[i]);
            memcpy(w, argv[i], n);
            w += n;
            continue;
        }
        *w++ = '\'';
        for (const char *p = argv[i]; *p; p++) {
            if (*p == '\'') {
                memcpy(w, "'\\''", 4);   /* close, escaped quote, reopen */
                w += 4;
            } else {
                *w++ = *p;
            }
        }
        *w++ = '\'';
    }
    *w = '\0';
    return out;
}

bool ss_env_name_is_secret(const char *name)
{
    static const char *const words[] = {"TOKEN", "SECRET", "PASS", "KEY", "CREDENTIAL"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcasestr(name, words[i]))
            return true;
    return false;
}

void ss_env_free(ss_rec_kv *kv, size_t n)
{
    for (size_t i = 0; kv && i < n; i++) {
        free((char *)kv[i].key);
        free((char *)kv[i].value);
    }
    free(kv);
}

static int kv_cmp(const void *a, const void *b)
{
    return strcmp(((const ss_rec_kv *)a)->key, ((const ss_rec_kv *)b)->key);
}

/* Appends NAME=VALUE split at the first '='. */
static int kv_push(ss_rec_kv *kv, size_t *n, const char *entry, const char *eq)
{
    char *key = strndup(entry, (size_t)(eq - entry));
    char *value = strdup(eq + 1);
    if (!key || !value) {
        free(key);
        free(value);
        return -1;
    }
    kv[*n] = (ss_rec_kv){key, value};
    (*n)++;
    return 0;
}

int ss_env_collect(char *const *envp, ss_rec_kv **slurm, size_t *n_slurm, ss_rec_kv **env,
                   size_t *n_env)
{
    size_t total = 0;
    while (envp && envp[total])
        total++;
    *slurm = calloc(total + 1, sizeof **slurm);
    *env = calloc(total + 1, sizeof **env);
    *n_slurm = *n_env = 0;
    if (!*slurm || !*env)
        return -1;
    for (size_t i = 0; i < total; i++) {
        const char *eq = strchr(envp[i], '=');
        if (!eq || eq == envp[i])
            continue;
        char *name = strndup(envp[i], (size_t)(eq - envp[i]));
        if (!name)
            return -1;
        bool secret = ss_env_name_is_secret(name), is_slurm = strncmp(name, "SLURM_", 6) == 0;
        free(name);
        if (secret)
            continue;
        if (kv_push(is_slurm ? *slurm : *env, is_slurm ? n_slurm : n_env, envp[i], eq) != 0)
            return -1;
    }
    qsort(*slurm, *n_slurm, sizeof **slurm, kv_cmp);
    qsort(*env, *n_env, sizeof **env, kv_cmp);
    return 0;
}

void ss_iso8601_utc(time_t t, char *buf, size_t n)
{
    struct tm tm;
    if (!gmtime_r(&t, &tm) || strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, n, "unknown");
}

int ss_git_is_dirty(const char *describe)
{
    size_t n = describe ? strlen(describe) : 0;
    return n >= 6 && strcmp(describe + n - 6, "-dirty") == 0;
}
