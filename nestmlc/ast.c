/* nestmlc/ast.c — operator names, expression rendering and the AST dump
 * (`nestmlc ast`; format in docs/nestmlc.md). */
#include "ast.h"

#include <string.h>

const char *nm_op_text(nm_op op)
{
    static const char *const text[] = {
        [NM_OP_NONE] = "?", [NM_OP_ADD] = "+", [NM_OP_SUB] = "-", [NM_OP_MUL] = "*",
        [NM_OP_DIV] = "/", [NM_OP_MOD] = "%", [NM_OP_POW] = "**", [NM_OP_BAND] = "&",
        [NM_OP_BOR] = "|", [NM_OP_BXOR] = "^", [NM_OP_SHL] = "<<", [NM_OP_SHR] = ">>",
        [NM_OP_LT] = "<", [NM_OP_LE] = "<=", [NM_OP_EQ] = "==", [NM_OP_NE] = "!=",
        [NM_OP_GE] = ">=", [NM_OP_GT] = ">", [NM_OP_AND] = "and", [NM_OP_OR] = "or",
        [NM_OP_NEG] = "-", [NM_OP_PLUS] = "+", [NM_OP_BNOT] = "~", [NM_OP_NOT] = "not",
        [NM_OP_ASSIGN] = "=",
    };
    return op <= NM_OP_ASSIGN ? text[op] : "?";
}

const char *nm_blockkind_name(nm_blockkind k)
{
    static const char *const names[] = {
        "state", "parameters", "internals", "equations", "input", "output", "update",
        "onReceive", "onCondition", "function" };
    return k < NM_B_COUNT ? names[k] : "?";
}

nm_pos nm_expr_start(const nm_expr *e)
{
    while (e->kind == NM_E_BINARY || e->kind == NM_E_TERNARY) e = e->a;
    return e->pos;
}

static void render_apos(FILE *f, int order)
{
    for (int k = 0; k < order; k++) fputc('\'', f);
}

static void render_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '\n') fputs("\\n", f);
        else if (*s == '\t') fputs("\\t", f);
        else if (*s == '"' || *s == '\\') fprintf(f, "\\%c", *s);
        else fputc(*s, f);
    }
    fputc('"', f);
}

void nm_expr_render(FILE *f, const nm_expr *e)
{
    if (!e) { fputs("<none>", f); return; }
    switch (e->kind) {
    case NM_E_NUM:
        fputs(e->text, f);
        if (e->unit) {
            fprintf(f, " %s", e->unit->name);
            render_apos(f, e->unit->order);
        }
        return;
    case NM_E_BOOL: case NM_E_INF: fputs(e->text, f); return;
    case NM_E_STR: render_string(f, e->text); return;
    case NM_E_VAR:
        fputs(e->name, f);
        if (e->index) {
            fputc('[', f);
            nm_expr_render(f, e->index);
            fputc(']', f);
        }
        render_apos(f, e->order);
        return;
    case NM_E_CALL:
        fprintf(f, "%s(", e->name);
        for (int k = 0; k < e->nargs; k++) {
            if (k) fputs(", ", f);
            nm_expr_render(f, e->args[k]);
        }
        fputc(')', f);
        return;
    case NM_E_UNARY:
        fprintf(f, e->op == NM_OP_NOT ? "(%s " : "(%s", nm_op_text(e->op));
        nm_expr_render(f, e->a);
        fputc(')', f);
        return;
    case NM_E_BINARY:
        fputc('(', f);
        nm_expr_render(f, e->a);
        fprintf(f, " %s ", nm_op_text(e->op));
        nm_expr_render(f, e->b);
        fputc(')', f);
        return;
    case NM_E_TERNARY:
        fputc('(', f);
        nm_expr_render(f, e->a);
        fputs(" ? ", f);
        nm_expr_render(f, e->b);
        fputs(" : ", f);
        nm_expr_render(f, e->c);
        fputc(')', f);
        return;
    }
}

/* ---- dump ----------------------------------------------------------------------------- */

static void type_text(const nm_type *t, char *buf, size_t n)
{
    switch (t->kind) {
    case NM_TY_ERROR: snprintf(buf, n, "<error>"); return;
    case NM_TY_REAL: snprintf(buf, n, "real"); return;
    case NM_TY_INTEGER: snprintf(buf, n, "integer"); return;
    case NM_TY_BOOLEAN: snprintf(buf, n, "boolean"); return;
    case NM_TY_STRING: snprintf(buf, n, "string"); return;
    case NM_TY_VOID: snprintf(buf, n, "void"); return;
    case NM_TY_UNIT: nm_unit_format(t->unit, buf, n); return;
    }
}

static void indent(FILE *f, int level) { fprintf(f, "%*s", level * 2, ""); }

/* A documentation comment, one `# ` line per source comment line. */
static void dump_comment(FILE *f, int level, const char *text)
{
    while (text) {
        const char *nl = strchr(text, '\n');
        int len = nl ? (int)(nl - text) : (int)strlen(text);
        indent(f, level);
        fprintf(f, "# %.*s\n", len, text);
        text = nl ? nl + 1 : NULL;
    }
}

/* `EXPR : TYPE` */
static void dump_expr(FILE *f, const nm_expr *e)
{
    char buf[128];
    nm_expr_render(f, e);
    type_text(&e->type, buf, sizeof buf);
    fprintf(f, " : %s", buf);
}

/* "mV (canonical mV, x1)" for a declared type */
static void dump_dtype(FILE *f, const nm_dtype *t)
{
    if (!t) { fputs("void", f); return; }
    fputs(t->text ? t->text : "?", f);
    if (t->resolved.kind == NM_TY_UNIT) {
        char buf[128];
        nm_unit c = nm_unit_canonical(t->resolved.unit);
        nm_unit_format(c, buf, sizeof buf);
        fprintf(f, " [canonical %s, x%.17g]", buf, nm_unit_to_canonical(t->resolved.unit));
    }
}

static void dump_decl(FILE *f, int lvl, const nm_decl *d)
{
    indent(f, lvl);
    if (d->recordable) fputs("recordable ", f);
    if (d->is_inline) fputs("inline ", f);
    for (int k = 0; k < d->nvars; k++) {
        fprintf(f, "%s%s", k ? ", " : "", d->vars[k].name);
        if (d->vars[k].size) {
            fputc('[', f);
            nm_expr_render(f, d->vars[k].size);
            fputc(']', f);
        }
        render_apos(f, d->vars[k].order);
    }
    fputs(" ", f);
    dump_dtype(f, d->type);
    if (d->init) {
        fputs(" = ", f);
        dump_expr(f, d->init);
    }
    if (d->guard) {
        fputs(" [[", f);
        dump_expr(f, d->guard);
        fputs("]]", f);
    }
    for (int k = 0; k < d->ndecorators; k++) fprintf(f, " @%s", d->decorators[k]);
    fprintf(f, "  @%d\n", d->pos.line);
    if (d->comment) dump_comment(f, lvl + 1, d->comment);
}

static void dump_block(FILE *f, int lvl, const nm_block *b);

static void dump_stmt(FILE *f, int lvl, const nm_stmt *s)
{
    switch (s->kind) {
    case NM_S_DECL: dump_decl(f, lvl, s->decl); return;
    case NM_S_ASSIGN:
        indent(f, lvl);
        nm_expr_render(f, s->target);
        fprintf(f, " %s%s ", s->aop == NM_OP_ASSIGN ? "" : nm_op_text(s->aop), "=");
        dump_expr(f, s->value);
        fputc('\n', f);
        return;
    case NM_S_CALL:
        indent(f, lvl);
        dump_expr(f, s->value);
        fputc('\n', f);
        return;
    case NM_S_RETURN:
        indent(f, lvl);
        fputs("return", f);
        if (s->value) {
            fputc(' ', f);
            dump_expr(f, s->value);
        }
        fputc('\n', f);
        return;
    case NM_S_IF:
        for (int k = 0; k < s->nbranches; k++) {
            indent(f, lvl);
            fputs(k ? "elif " : "if ", f);
            dump_expr(f, s->conds[k]);
            fputs(":\n", f);
            dump_block(f, lvl + 1, s->bodies[k]);
        }
        if (s->else_body) {
            indent(f, lvl);
            fputs("else:\n", f);
            dump_block(f, lvl + 1, s->else_body);
        }
        return;
    case NM_S_FOR:
        indent(f, lvl);
        fprintf(f, "for %s in ", s->var);
        dump_expr(f, s->from);
        fputs(" ... ", f);
        dump_expr(f, s->to);
        fprintf(f, " step %s:\n", s->step_text);
        dump_block(f, lvl + 1, s->body);
        return;
    case NM_S_WHILE:
        indent(f, lvl);
        fputs("while ", f);
        dump_expr(f, s->value);
        fputs(":\n", f);
        dump_block(f, lvl + 1, s->body);
        return;
    }
}

static void dump_block(FILE *f, int lvl, const nm_block *b)
{
    if (!b) return;
    for (int k = 0; k < b->n; k++) dump_stmt(f, lvl, b->stmts[k]);
}

static void dump_decls(FILE *f, const char *name, const nm_decls *ds, bool present)
{
    if (!present) return;
    fprintf(f, "  %s:\n", name);
    for (int k = 0; k < ds->n; k++) dump_decl(f, 2, ds->v[k]);
}

static void dump_params(FILE *f, const nm_param *ps, int n)
{
    for (int k = 0; k < n; k++) {
        fprintf(f, ", %s=", ps[k].name);
        nm_expr_render(f, ps[k].value);
    }
}

static void dump_equations(FILE *f, const nm_model *m)
{
    if (!m->has_block[NM_B_EQUATIONS]) return;
    fputs("  equations:\n", f);
    for (int k = 0; k < m->inlines.n; k++) dump_decl(f, 2, m->inlines.v[k]);
    for (int k = 0; k < m->nkernels; k++) {
        const nm_kernel *kn = m->kernels[k];
        for (int j = 0; j < kn->n; j++) {
            fputs(j ? "           " : "    kernel ", f);
            nm_expr_render(f, kn->lhs[j]);
            fputs(" = ", f);
            dump_expr(f, kn->rhs[j]);
            fputc('\n', f);
        }
    }
    for (int k = 0; k < m->nodes; k++) {
        const nm_ode *o = m->odes[k];
        fputs("    ode ", f);
        nm_expr_render(f, o->lhs);
        fputs(" = ", f);
        dump_expr(f, o->rhs);
        fputc('\n', f);
    }
}

static void dump_ports(FILE *f, const nm_model *m)
{
    if (m->has_block[NM_B_INPUT]) {
        fputs("  input:\n", f);
        for (int k = 0; k < m->ninputs; k++) {
            const nm_port *p = m->inputs[k];
            fprintf(f, "    %s", p->name);
            if (p->size) {
                fputc('[', f);
                nm_expr_render(f, p->size);
                fputc(']', f);
            }
            if (p->continuous) {
                fputc(' ', f);
                dump_dtype(f, p->type);
                fputs(" <- continuous\n", f);
            } else {
                fprintf(f, " <- %s%sspike : 1/s\n", p->excitatory ? "excitatory " : "",
                        p->inhibitory ? "inhibitory " : "");
            }
        }
    }
    if (m->has_block[NM_B_OUTPUT])
        fprintf(f, "  output: %s\n", m->output_spike ? "spike" : m->output_continuous ? "continuous" : "");
}

static void dump_handlers(FILE *f, const nm_model *m)
{
    if (m->update) {
        fputs("  update:\n", f);
        dump_block(f, 2, m->update);
    }
    for (int k = 0; k < m->nonreceive; k++) {
        const nm_onreceive *h = m->onreceive[k];
        fprintf(f, "  onReceive(%s", h->port);
        if (h->port_index) {
            fputc('[', f);
            nm_expr_render(f, h->port_index);
            fputc(']', f);
        }
        dump_params(f, h->params, h->nparams);
        fputs("):\n", f);
        dump_block(f, 2, h->body);
    }
    for (int k = 0; k < m->noncondition; k++) {
        const nm_oncondition *h = m->oncondition[k];
        fputs("  onCondition(", f);
        dump_expr(f, h->cond);
        dump_params(f, h->params, h->nparams);
        fputs("):\n", f);
        dump_block(f, 2, h->body);
    }
    for (int k = 0; k < m->nfunctions; k++) {
        const nm_function *fn = m->functions[k];
        fprintf(f, "  function %s(", fn->name);
        for (int j = 0; j < fn->nparams; j++) {
            fprintf(f, "%s%s ", j ? ", " : "", fn->params[j].name);
            dump_dtype(f, fn->params[j].type);
        }
        fputs(") ", f);
        dump_dtype(f, fn->ret);
        fputs(":\n", f);
        dump_block(f, 2, fn->body);
    }
}

void nm_dump_file(FILE *f, const nm_file *file)
{
    for (int i = 0; i < file->nmodels; i++) {
        const nm_model *m = file->models[i];
        fprintf(f, "model %s  @%s:%d:%d\n", m->name, file->src->name, m->pos.line, m->pos.col);
        if (m->comment) dump_comment(f, 1, m->comment);
        dump_decls(f, "parameters", &m->parameters, m->has_block[NM_B_PARAMETERS]);
        dump_decls(f, "state", &m->state, m->has_block[NM_B_STATE]);
        dump_decls(f, "internals", &m->internals, m->has_block[NM_B_INTERNALS]);
        dump_equations(f, m);
        dump_ports(f, m);
        dump_handlers(f, m);
    }
}
