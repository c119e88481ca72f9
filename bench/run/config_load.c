/* bench/run/config_load.c — YAML files and `--set` overrides.
 *
 * A file is first walked with libyaml's document API, which keeps the line of
 * every node, so every error names file:line and key. Only a file that passes
 * is then loaded by libcyaml (config_cyaml.c). Values are applied to the
 * configuration only when everything succeeded: a failed load changes nothing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

/* ---- parsing a YAML text into a document ---- */

static int parse_document(yaml_document_t *doc, const char *text, size_t len,
                          const char *origin, bool is_set, ss_err *err)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return ss_fail(err, "%s: out of memory", origin);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    int ok = yaml_parser_load(&parser, doc);
    if (!ok) {
        if (is_set)
            ss_fail(err, "%s: value is not valid YAML: %s", origin,
                    parser.problem ? parser.problem : "parse error");
        else
            ss_fail(err, "%s:%lu: YAML syntax error: %s%s%s", origin,
                    (unsigned long)parser.problem_mark.line + 1,
                    parser.problem ? parser.problem : "parse error",
                    parser.context ? " " : "", parser.context ? parser.context : "");
    }
    yaml_parser_delete(&parser);
    return ok ? 0 : -1;
}

static unsigned long line_of(yaml_node_t *node) { return (unsigned long)node->start_mark.line + 1; }

static void items_free(cfg_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cfg_value_free(&items[i].v);
}

/* ---- the validating walk over a file's document ---- */

typedef struct walk {
    yaml_document_t *doc;
    const char *origin;
    cfg_item items[SS_CFG_N_KEYS];
    size_t n;
    ss_err *err;
} walk;

static const cfg_item *find_item(const walk *w, ss_cfg_key key)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->items[i].spec->key == key)
            return &w->items[i];
    return NULL;
}

static int walk_key(walk *w, const char *section, yaml_node_t *knode, yaml_node_t *vnode)
{
    const char *name = (const char *)knode->data.scalar.value;
    const cfg_spec *spec = cfg_spec_find(section, name);
    if (!spec) {
        char known[256];
        cfg_known_keys(section, known, sizeof known);
        return ss_fail(w->err, "%s:%lu: %s.%s: unknown key (known keys in %s: %s)", w->origin,
                       line_of(knode), section, name, section, known);
    }
    const cfg_item *dup = find_item(w, spec->key);
    if (dup)
        return ss_fail(w->err, "%s:%lu: %s: duplicate key (first given on line %lu)", w->origin,
                       line_of(knode), spec->dotted, dup->line);
    cfg_item *it = &w->items[w->n];
    char why[300];
    unsigned long line = line_of(vnode);
    if (cfg_parse_node(spec, w->doc, vnode, &it->v, why, sizeof why, &line) != 0) {
        cfg_value_free(&it->v);
        return ss_fail(w->err, "%s:%lu: %s: %s", w->origin, line, spec->dotted, why);
    }
    it->spec = spec;
    it->line = line_of(knode);
    w->n++;
    return 0;
}

static int walk_section(walk *w, const char *section, yaml_node_t *node)
{
    if (node->type != YAML_MAPPING_NODE)
        return ss_fail(w->err, "%s:%lu: %s: expected a mapping of keys, got %s", w->origin,
                       line_of(node), section,
                       node->type == YAML_SEQUENCE_NODE ? "a list"
                       : node->data.scalar.length == 0  ? "nothing"
                                                        : "a scalar");
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(w->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(w->doc, p->value);
        if (k->type != YAML_SCALAR_NODE)
            return ss_fail(w->err, "%s:%lu: %s: keys must be plain names", w->origin, line_of(k), section);
        if (walk_key(w, section, k, v) != 0)
            return -1;
    }
    return 0;
}

static const char *known_section(const char *name)
{
    for (size_t i = 0; cfg_sections[i]; i++)
        if (strcmp(cfg_sections[i], name) == 0)
            return cfg_sections[i];
    return NULL;
}

static int walk_root(walk *w, yaml_node_t *root)
{
    if (root->type != YAML_MAPPING_NODE)
        return ss_fail(w->err, "%s:%lu: expected a mapping with sections network, simulation, "
                       "recording, counters, solver", w->origin, line_of(root));
    unsigned long seen_line[8] = {0};
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(w->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(w->doc, p->value);
        const char *section = k->type == YAML_SCALAR_NODE ? known_section((const char *)k->data.scalar.value) : NULL;
        if (!section)
            return ss_fail(w->err, "%s:%lu: %s: unknown section (known: network, simulation, "
                           "recording, counters, solver)", w->origin, line_of(k),
                           k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "?");
        size_t si = 0;
        while (cfg_sections[si] != section)
            si++;
        if (seen_line[si])
            return ss_fail(w->err, "%s:%lu: %s: duplicate section (first given on line %lu)",
                           w->origin, line_of(k), section, seen_line[si]);
        seen_line[si] = line_of(k);
        if (walk_section(w, section, v) != 0)
            return -1;
    }
    const cfg_item *g = find_item(w, SS_CFG_REC_GIDS), *pp = find_item(w, SS_CFG_REC_PER_POPULATION);
    if (g && pp && g->v.ul.n > 0 && pp->v.i > 0)
        return ss_fail(w->err, "%s:%lu: %s: cannot be combined with recording.gids (line %lu): "
                       "choose neurons by id or by count", w->origin,
                       pp->line > g->line ? pp->line : g->line,
                       pp->line > g->line ? "recording.per_population" : "recording.gids",
                       pp->line > g->line ? g->line : pp->line);
    return 0;
}

/* ---- applying validated values ---- */

static void apply_item(ss_config *cfg, cfg_item *it, bool mark_set)
{
    ss_cfg_key key = it->spec->key;
    /* gids and per_population are two ways to choose neurons: the later wins. */
    if (key == SS_CFG_REC_GIDS && it->v.ul.n > 0) {
        cfg->recording.per_population = 0;
        cfg->set[SS_CFG_REC_PER_POPULATION] = false;
    } else if (key == SS_CFG_REC_PER_POPULATION && it->v.i > 0) {
        cfg->recording.gids.n = 0;
        cfg->set[SS_CFG_REC_GIDS] = false;
    }
    cfg_value_store(cfg, it->spec, &it->v);
    if (mark_set)
        cfg->set[key] = true;
}

int ss_config_load_buffer(ss_config *cfg, const char *text, size_t len, const char *origin, ss_err *err)
{
    yaml_document_t doc;
    if (parse_document(&doc, text, len, origin, false, err) != 0)
        return -1;
    walk w = {.doc = &doc, .origin = origin, .err = err};
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    /* An empty file is a valid configuration that sets nothing. */
    int rc = root ? walk_root(&w, root) : 0;
    yaml_document_delete(&doc);
    if (rc == 0 && w.n > 0)
        rc = cfg_cyaml_load(text, len, origin, w.items, w.n, err);
    if (rc == 0)
        for (size_t i = 0; i < w.n; i++)
            apply_item(cfg, &w.items[i], true);
    items_free(w.items, w.n);
    return rc;
}

int ss_config_load_file(ss_config *cfg, const char *path, ss_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ss_fail(err, "%s: cannot open configuration: %s", path, strerror(errno));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 > cap) {
            cap = cap ? 2 * cap : 8192;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return ss_fail(err, "%s: out of memory", path);
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int read_error = ferror(f);
    fclose(f);
    int rc = read_error ? ss_fail(err, "%s: read error", path)
                        : ss_config_load_buffer(cfg, buf, len, path, err);
    free(buf);
    return rc;
}

/* ---- --set key=value ---- */

static int parse_assignment(const char *arg, const char *label, cfg_item *it, ss_err *err)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg)
        return ss_fail(err, "%s %s: expected key=value, e.g. network.order=500", label, arg);
    char key[128];
    size_t klen = (size_t)(eq - arg);
    if (klen >= sizeof key)
        return ss_fail(err, "%s %s: key too long", label, arg);
    memcpy(key, arg, klen);
    key[klen] = '\0';
    const cfg_spec *spec = cfg_spec_find_dotted(key);
    if (!spec) {
        char section[128], known[256];
        const char *dot = strchr(key, '.');
        size_t slen = dot ? (size_t)(dot - key) : klen;
        memcpy(section, key, slen);
        section[slen] = '\0';
        if (known_section(section)) {
            cfg_known_keys(section, known, sizeof known);
            return ss_fail(err, "%s %s: %s: unknown key (known keys in %s: %s)", label, arg, key,
                           section, known);
        }
        return ss_fail(err, "%s %s: %s: unknown key (keys are section.name; sections: network, "
                       "simulation, recording, counters, solver)", label, arg, key);
    }
    yaml_document_t doc;
    char where[600];
    snprintf(where, sizeof where, "%s %s", label, arg);
    if (parse_document(&doc, eq + 1, strlen(eq + 1), where, true, err) != 0)
        return -1;
    char why[300];
    unsigned long line = 0;
    int rc = cfg_parse_node(spec, &doc, yaml_document_get_root_node(&doc), &it->v, why, sizeof why, &line);
    yaml_document_delete(&doc);
    if (rc != 0) {
        cfg_value_free(&it->v);
        return ss_fail(err, "%s %s: %s: %s", label, arg, spec->dotted, why);
    }
    it->spec = spec;
    it->line = 0;
    return 0;
}

int ss_config_set(ss_config *cfg, const char *assignment, ss_err *err)
{
    cfg_item it = {0};
    if (parse_assignment(assignment, "--set", &it, err) != 0)
        return -1;
    apply_item(cfg, &it, true);
    return 0;
}

int ss_config_default(ss_config *cfg, const char *assignment, ss_err *err)
{
    cfg_item it = {0};
    if (parse_assignment(assignment, "preset default", &it, err) != 0)
        return -1;
    if (!cfg->set[it.spec->key])
        cfg_value_store(cfg, it.spec, &it.v);
    cfg_value_free(&it.v);
    return 0;
}
