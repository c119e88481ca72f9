/* bench/run/config_internal.h — shared by the config_*.c files only.
 *
 * The key table (config_schema.c) is the single description of every key:
 * its section and name, its value kind and range. The libyaml validator,
 * `--set`, the libcyaml loader and the printer all work from it. */
#ifndef SS_CONFIG_INTERNAL_H
#define SS_CONFIG_INTERNAL_H

#include <yaml.h>

#include "config.h"

typedef enum cfg_kind {
    CFG_NAME,      /* identifier string [A-Za-z_][A-Za-z0-9_]* */
    CFG_INT,       /* decimal integer in [ilo, ihi] */
    CFG_F64,       /* finite number, bounds flo/fhi (exclusive when flagged) */
    CFG_BOOL,      /* true/false (also yes/no, on/off) */
    CFG_NAMELIST,  /* list of names; event names may contain ':' '.' '-' too */
    CFG_GIDLIST    /* list of integers >= 1 */
} cfg_kind;

typedef struct cfg_spec {
    ss_cfg_key key;
    const char *section;
    const char *name;
    const char *dotted;     /* "section.name" */
    cfg_kind kind;
    bool allow_empty;       /* CFG_NAME: "" allowed (= the preset's choice) */
    bool event_names;       /* CFG_NAMELIST: PAPI event name characters */
    int64_t ilo, ihi;
    double flo, fhi;
    bool flo_open, fhi_open;
} cfg_spec;

/* A parsed value; owns its strings and lists. */
typedef struct cfg_value {
    int64_t i;
    double f;
    bool b;
    char *s;
    ss_strlist sl;
    ss_u64list ul;
} cfg_value;

/* A value with the key it belongs to and the line it came from (0 for --set). */
typedef struct cfg_item {
    const cfg_spec *spec;
    cfg_value v;
    unsigned long line;
} cfg_item;

extern const char *const cfg_sections[];   /* NULL-terminated */

const cfg_spec *cfg_spec_of(ss_cfg_key key);
const cfg_spec *cfg_spec_find(const char *section, const char *name);
const cfg_spec *cfg_spec_find_dotted(const char *dotted);
/* "preset, order, ..." for messages about unknown keys. */
void cfg_known_keys(const char *section, char *buf, size_t n);

/* Parses a YAML node as the spec's kind. On failure writes
 * "expected <what>, got <what>" to why, the line of the offending node (a
 * list item has its own) to *line, and returns -1. */
int cfg_parse_node(const cfg_spec *spec, yaml_document_t *doc, yaml_node_t *node,
                   cfg_value *out, char *why, size_t n, unsigned long *line);
void cfg_value_free(cfg_value *v);
bool cfg_value_equal(const cfg_spec *spec, const cfg_value *a, const cfg_value *b);
/* Copies the current value of spec's key out of cfg (deep copy); -1 on OOM. */
int cfg_value_get(const ss_config *cfg, const cfg_spec *spec, cfg_value *out);
/* Moves v into cfg (frees the old value); v is left empty. */
void cfg_value_store(ss_config *cfg, const cfg_spec *spec, cfg_value *v);

/* libcyaml load of the same buffer: fills items[i].v for every key the
 * validator found, from libcyaml's result, and checks both agree. */
int cfg_cyaml_load(const char *text, size_t len, const char *origin,
                   cfg_item *items, size_t n_items, ss_err *err);

#endif
