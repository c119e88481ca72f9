/* nestmlc/pairs.c — reader of models.yaml, the YAML subset it uses:
 *   version: 1
 *   synapses:
 *     NAME:
 *       weight_variable: w
 *       delay_variable: d          (optional)
 *       post_ports: [a, b]         (flow lists, may be empty)
 *       neurons: [x, y]
 * `#` comments and blank lines anywhere. Anything else is an error naming
 * the file, line and key, so a typo cannot silently drop a pairing. */
#include "pairs.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = 0;
    return s;
}

static bool is_name(const char *s)
{
    if (!*s || !(isalpha((unsigned char)*s) || *s == '_'))
        return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return false;
    return true;
}

/* "[a, b]" -> names */
static bool flow_list(nm_arena *a, char *v, const char ***out, int *n)
{
    size_t len = strlen(v);
    if (len < 2 || v[0] != '[' || v[len - 1] != ']')
        return false;
    v[len - 1] = 0;
    v++;
    *n = 0;
    *out = nm_alloc(a, (len / 2 + 1) * sizeof **out);
    if (!*trim(v))
        return true;
    for (char *tok = strtok(v, ","); tok; tok = strtok(NULL, ",")) {
        char *t = trim(tok);
        if (!is_name(t))
            return false;
        (*out)[(*n)++] = nm_strdup(a, t);
    }
    return true;
}

bool nm_pairs_read(nm_arena *a, const char *path, nm_pairs *out, FILE *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(err, "nestmlc: cannot read %s\n", path);
        return false;
    }
    out->path = path;
    out->n = 0;
    out->syn = nm_alloc(a, 64 * sizeof *out->syn);
    char line[1024];
    int ln = 0;
    bool in_synapses = false, ok = true;
    nm_pair_syn *cur = NULL;
    while (ok && fgets(line, sizeof line, f)) {
        ln++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        size_t ind = strspn(line, " ");
        char *body = trim(line);
        if (!*body)
            continue;
        char *colon = strchr(body, ':');
        if (!colon) {
            fprintf(err, "%s:%d: error: expected 'key: value'\n", path, ln);
            ok = false;
            break;
        }
        *colon = 0;
        char *key = trim(body), *val = trim(colon + 1);
        if (ind == 0) {
            in_synapses = !strcmp(key, "synapses") && !*val;
            if (!in_synapses && !(!strcmp(key, "version") && !strcmp(val, "1"))) {
                fprintf(err, "%s:%d: error: unknown top-level key '%s' (version: 1, synapses:)\n",
                        path, ln, key);
                ok = false;
            }
            cur = NULL;
        } else if (in_synapses && ind == 2 && !*val && is_name(key) && out->n < 64) {
            cur = &out->syn[out->n++];
            *cur = (nm_pair_syn){.name = nm_strdup(a, key), .weight_variable = "w", .line = ln};
        } else if (cur && ind == 4) {
            if (!strcmp(key, "weight_variable") && is_name(val))
                cur->weight_variable = nm_strdup(a, val);
            else if (!strcmp(key, "delay_variable") && is_name(val))
                cur->delay_variable = nm_strdup(a, val);
            else if (!strcmp(key, "post_ports"))
                ok = flow_list(a, val, &cur->post_ports, &cur->n_post_ports);
            else if (!strcmp(key, "neurons"))
                ok = flow_list(a, val, &cur->neurons, &cur->n_neurons);
            else
                ok = false;
            if (!ok)
                fprintf(err, "%s:%d: error: bad entry '%s: %s' of synapse %s (weight_variable, "
                             "delay_variable: a name; post_ports, neurons: [names])\n",
                        path, ln, key, val, cur->name);
        } else {
            fprintf(err, "%s:%d: error: unexpected '%s' (see models_nestml/README.md)\n", path, ln,
                    key);
            ok = false;
        }
    }
    fclose(f);
    return ok;
}

const nm_pair_syn *nm_pairs_synapse(const nm_pairs *p, const char *name)
{
    for (int k = 0; p && k < p->n; k++)
        if (!strcmp(p->syn[k].name, name))
            return &p->syn[k];
    return NULL;
}
