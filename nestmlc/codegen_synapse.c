/* nestmlc/codegen_synapse.c — C for a NESTML synapse (engine/synapse.h).
 *
 * Supported shape (what pair-based plasticity and static synapses need):
 * one presynaptic spike port, at most one postsynaptic port (models.yaml
 * post_ports), the weight variable of models.yaml (state or parameter: it
 * is the per-connection weight), and other state variables that are traces
 * decaying exponentially (x' = lambda·x). Co-generation (DESIGN §5, §9):
 *   - a trace changed only by `x += 1` in onReceive(post) is the post trace
 *     the engine's archive keeps with the paired neuron's spikes (NEST's
 *     Kminus); its time constant parameter moves into the paired neuron
 *     (its post_trace_tau);
 *   - traces changed only in onReceive(pre) are per-source state (with the
 *     source's last spike time), shared by all connections of the source on
 *     a thread; between events they decay exactly;
 *   - every parameter is stored once per synapse type (DESIGN §9).
 * A presynaptic spike at t with dendritic delay d (engine/archive.h): for
 * every connection, onReceive(post) for each post spike in (t_last−d, t−d]
 * with the pre traces at t_post + d, then onReceive(pre) with the pre traces
 * at t (before this spike's increments) and the post trace at t − d;
 * emit_spike(x) adds x to the target's ring buffer. The pre-trace updates of
 * onReceive(pre) then run once per spike. Everything else is refused with
 * `not supported: ...`. */
#include "synapse_gen.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct sgen {
    nm_arena *a;
    nm_diags *d;
    const nm_model *m;
    const nm_pair_syn *pair;
    const nm_symbol *wsym;
    const nm_port *pre, *post;
    const nm_symbol *traces[16];
    const char *lam[16];        /* lambda coefficient text */
    bool is_post[16];
    int ntr;
    const char *post_tau;       /* moved parameter */
    int errors;
    FILE *out;
    const char *P;
    int phase;                  /* 0: post handler, 1: pre handler, 2: per-spike trace updates */
    const char *par;            /* how parameters are reached: "c->" (calibrate), "k." (deliver) */
    bool used[3][16];           /* trace t read in phase p (only the values used are computed) */
    bool set_pre[16];           /* pre trace changed by an earlier statement of onReceive(pre) */
    bool used_par, emits;       /* a parameter was read; emit_spike() was written */
} sgen;

static int npre(const sgen *s)
{
    int n = 0;
    for (int k = 0; k < s->ntr; k++)
        n += !s->is_post[k];
    return n;
}

static void unsupported(sgen *s, nm_pos pos, const char *what)
{
    nm_diag_error(s->d, pos, "not supported: %s", what);
    s->errors++;
}

static void out(sgen *s, int ind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void out(sgen *s, int ind, const char *fmt, ...)
{
    for (int k = 0; k < ind; k++)
        fputs("    ", s->out);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(s->out, fmt, ap);
    va_end(ap);
}

static int trace_of(const sgen *s, const nm_symbol *sym)
{
    for (int k = 0; k < s->ntr; k++)
        if (s->traces[k] == sym)
            return k;
    return -1;
}

static const nm_onreceive *handler(const nm_model *m, const nm_port *p)
{
    for (int k = 0; p && k < m->nonreceive; k++)
        if (!strcmp(m->onreceive[k]->port, p->name))
            return m->onreceive[k];
    return NULL;
}

/* Does block b assign symbol sym? */
static bool assigns(const nm_block *b, const nm_symbol *sym)
{
    for (int k = 0; b && k < b->n; k++) {
        const nm_stmt *st = b->stmts[k];
        if (st->kind == NM_S_ASSIGN && st->target->sym == sym)
            return true;
        for (int j = 0; j < st->nbranches; j++)
            if (assigns(st->bodies[j], sym))
                return true;
        if (assigns(st->else_body, sym))
            return true;
    }
    return false;
}

static bool is_plus_one(const nm_stmt *st)
{
    return st->kind == NM_S_ASSIGN && st->aop == NM_OP_ADD && st->value->kind == NM_E_NUM
           && st->value->canon == 1.0;
}

/* The coefficient of x in x' = lambda·x, in the calibrate context. */
static const char *decay_coef(sgen *s, const nm_symbol *x, nm_pos pos)
{
    for (int k = 0; k < s->m->nodes; k++) {
        const nm_ode *o = s->m->odes[k];
        if (o->lhs->sym != x)
            continue;
        /* a one-variable neuron view suffices for the linear form */
        nm_neuron nr = {.arena = s->a, .diags = s->d, .m = s->m, .n_inputs = 1};
        nm_sysvar v = {.kind = NM_SYS_USER, .name = x->name, .sym = x, .rhs = o->rhs, .partner = -1};
        nr.sys = &v;
        nr.n_sys = 1;
        nr.frozen = true;
        nm_lin l = nm_lin_of(&nr, o->rhs);
        if (!l.ok || !l.coef[0] || l.ucoef[0]) {
            unsupported(s, o->pos, "synapse state other than exponentially decaying traces "
                                   "(x' = -x/tau)");
            return NULL;
        }
        return l.coef[0];
    }
    unsupported(s, pos, "synapse state variables without an ODE (other than the weight)");
    return NULL;
}

static bool analyze(sgen *s)
{
    const nm_model *m = s->m;
    for (int k = 0; k < m->ninputs; k++) {
        const nm_port *p = m->inputs[k];
        bool is_post = false;
        for (int j = 0; j < s->pair->n_post_ports; j++)
            is_post |= !strcmp(s->pair->post_ports[j], p->name);
        if (p->continuous || p->size) {
            unsupported(s, p->pos, "continuous or vector ports in synapses");
        } else if (is_post) {
            if (s->post)
                unsupported(s, p->pos, "more than one postsynaptic port");
            s->post = p;
        } else {
            if (s->pre)
                unsupported(s, p->pos, "more than one presynaptic spike port (list the "
                                       "postsynaptic ones under post_ports in models.yaml)");
            s->pre = p;
        }
    }
    if (!s->pre) {
        unsupported(s, m->name_pos, "a synapse without a presynaptic spike port");
        return false;
    }
    /* the weight */
    s->wsym = nm_scope_find_here(m->scope, s->pair->weight_variable, 0);
    if (!s->wsym || (s->wsym->kind != NM_SYM_STATE && s->wsym->kind != NM_SYM_PARAMETER)) {
        nm_diag_error(s->d, m->name_pos, "weight variable '%s' (%s) is not a state variable or "
                      "parameter of %s", s->pair->weight_variable, "models.yaml", m->name);
        s->errors++;
        return false;
    }
    if (s->pair->delay_variable)
        unsupported(s, m->name_pos, "delay variables (the connection's delay is used)");
    const nm_onreceive *hpre = handler(m, s->pre), *hpost = handler(m, s->post);
    for (int k = 0; k < m->nonreceive; k++)
        if (m->onreceive[k]->has_priority || m->onreceive[k]->nparams)
            unsupported(s, m->onreceive[k]->pos, "onReceive priorities and parameters");
    /* traces */
    for (int k = 0; k < m->state.n; k++)
        for (int j = 0; j < m->state.v[k]->nvars; j++) {
            const nm_symbol *x = m->state.v[k]->vars[j].sym;
            if (x == s->wsym || s->ntr == 16)
                continue;
            const char *lam = decay_coef(s, x, m->state.v[k]->pos);
            if (!lam)
                continue;
            bool in_post = hpost && assigns(hpost->body, x), in_pre = hpre && assigns(hpre->body, x);
            if (in_post && in_pre) {
                unsupported(s, m->state.v[k]->pos, "a trace changed by both pre- and "
                                                   "postsynaptic spikes");
                continue;
            }
            if (in_post) {
                /* only `x += 1`, as the archive's trace; tau a parameter */
                int incs = 0;
                for (int i = 0; i < hpost->body->n; i++)
                    if (hpost->body->stmts[i]->kind == NM_S_ASSIGN
                        && hpost->body->stmts[i]->target->sym == x)
                        incs += is_plus_one(hpost->body->stmts[i]) && i == 0 ? 1 : 100;
                const char *tau = NULL;
                for (int p = 0; p < m->parameters.n; p++)
                    for (int q = 0; q < m->parameters.v[p]->nvars; q++) {
                        const char *pn = m->parameters.v[p]->vars[q].name;
                        if (!strcmp(lam, nm_sprintf(s->a, "((-1.0) / q->%s)", pn)))
                            tau = pn;
                    }
                if (incs != 1 || !tau || s->post_tau) {
                    unsupported(s, m->state.v[k]->pos, "a postsynaptic trace other than "
                                "`x' = -x/tau` with `x += 1` as the first statement of onReceive(post)");
                    continue;
                }
                s->post_tau = tau;
            }
            s->traces[s->ntr] = x;
            s->lam[s->ntr] = lam;
            s->is_post[s->ntr] = in_post;
            s->ntr++;
        }
    if (m->update)
        for (int k = 0; k < m->update->n; k++) {
            const nm_stmt *st = m->update->stmts[k];
            if (!(st->kind == NM_S_CALL && st->value->predef == NM_PF_INTEGRATE_ODES))
                unsupported(s, st->pos, "synapse update blocks other than integrate_odes() "
                                        "(traces decay exactly between events)");
        }
    if (m->noncondition)
        unsupported(s, m->oncondition[0]->pos, "onCondition in synapses");
    return s->errors == 0;
}

bool nm_synapse_post_tau(nm_arena *a, const nm_model *m, const nm_pair_syn *pair,
                         const char **name, double *def)
{
    nm_diags quiet;
    nm_diags_init(&quiet, NULL);
    sgen s = {.a = a, .d = &quiet, .m = m, .pair = pair, .par = "c->"};
    bool ok = analyze(&s) && s.post_tau;
    nm_diags_free(&quiet);
    if (!ok)
        return false;
    *name = s.post_tau;
    for (int p = 0; p < m->parameters.n; p++)
        for (int q = 0; q < m->parameters.v[p]->nvars; q++)
            if (!strcmp(m->parameters.v[p]->vars[q].name, s.post_tau))
                return nm_eval_const(m->parameters.v[p]->init, NULL, NULL, def);
    return false;
}

/* ---- expressions ---- */

/* Trace names in the generated deliver: trp_X at a post spike (onReceive(post)),
 * tr_X at t (onReceive(pre), once per spike), nx_X (this spike's updates). */
static const char *var_map(void *ud, const nm_symbol *sym, const nm_expr *e)
{
    sgen *s = ud;
    if (sym == s->wsym)
        return "w";
    int t = trace_of(s, sym);
    if (t >= 0) {
        s->used[s->phase][t] = true;
        if (s->is_post[t])
            return "post_trace_value";
        /* the per-connection code reads the trace before this spike's
         * updates, which run once per spike after all connections */
        if (s->phase == 1 && s->set_pre[t])
            unsupported(s, e ? e->pos : s->m->name_pos,
                        "reading a presynaptic trace after onReceive(pre) changed it");
        static const char *const pfx[3] = {"trp", "tr", "nx"};
        return nm_sprintf(s->a, "%s_%s", pfx[s->phase], sym->name);
    }
    if (sym->kind == NM_SYM_PARAMETER || sym->kind == NM_SYM_INTERNAL) {
        s->used_par = true;
        return nm_sprintf(s->a, "%s%s", s->par, sym->name);
    }
    if (sym->kind == NM_SYM_LOCAL)
        return nm_sprintf(s->a, "l_%s", sym->name);
    return NULL;
}

static const char *expr(sgen *s, const nm_expr *e)
{
    nm_neuron nr = {.arena = s->a, .diags = s->d, .m = s->m, .frozen = true};
    nm_emitctx c = {.var = var_map, .ud = s, .h = nm_sprintf(s->a, "%sh", s->par), .nr = &nr,
                    .pow_fn = "nm_pow"};
    const char *r = nm_emit_expr(&c, e);
    s->errors += nr.errors;
    return r;
}

/* Statements of a handler for one connection (pre-trace updates skipped:
 * they run once per spike). */
static void emit_stmts(sgen *s, const nm_block *b, int ind, bool skip_traces)
{
    for (int k = 0; b && k < b->n; k++) {
        const nm_stmt *st = b->stmts[k];
        switch (st->kind) {
        case NM_S_ASSIGN: {
            const nm_symbol *t = st->target->sym;
            int tr = trace_of(s, t);
            if (tr >= 0) {
                if (!skip_traces)
                    unsupported(s, st->pos, "assigning a trace here");
                else if (s->phase == 1)
                    s->set_pre[tr] = true;
                continue;
            }
            if (t != s->wsym && (!t || t->kind != NM_SYM_LOCAL)) {
                unsupported(s, st->pos, "assignments to variables other than the weight and locals");
                continue;
            }
            const char *lhs = var_map(s, t, st->target), *v = expr(s, st->value);
            if (st->aop == NM_OP_ASSIGN)
                out(s, ind, "%s = %s;\n", lhs, v);
            else
                out(s, ind, "%s = %s %s %s;\n", lhs, lhs, nm_op_text(st->aop), v);
            break;
        }
        case NM_S_DECL:
            for (int j = 0; j < st->decl->nvars; j++)
                out(s, ind, "double l_%s = %s;\n%*s(void)l_%s;\n", st->decl->vars[j].name,
                    st->decl->init ? expr(s, st->decl->init) : "0.0", 4 * ind, "",
                    st->decl->vars[j].name);
            break;
        case NM_S_CALL:
            if (st->value->predef == NM_PF_EMIT_SPIKE && s->phase == 1) {
                if (st->value->nargs != 1) {
                    unsupported(s, st->pos, "emit_spike() without the weight to send");
                    break;
                }
                out(s, ind, "ctx->slot[tgt >> SS_SYN_TARGET_BITS][local] += %s;\n",
                    expr(s, st->value->args[0]));
                s->emits = true;
                break;
            }
            unsupported(s, st->pos, nm_sprintf(s->a, "%s() in a synapse handler", st->value->name));
            break;
        case NM_S_IF:
            for (int j = 0; j < st->nbranches; j++) {
                out(s, ind, j ? "} else if (%s) {\n" : "if (%s) {\n", expr(s, st->conds[j]));
                emit_stmts(s, st->bodies[j], ind + 1, skip_traces);
            }
            if (st->else_body) {
                out(s, ind, "} else {\n");
                emit_stmts(s, st->else_body, ind + 1, skip_traces);
            }
            out(s, ind, "}\n");
            break;
        default:
            unsupported(s, st->pos, "loops and returns in synapse handlers");
        }
    }
}

/* A handler body for one connection, written to memory first: which trace
 * values it reads decides what the deliver function computes before it. */
static const char *body_text(sgen *s, const nm_block *b, int ind, int phase)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len), *saved = s->out;
    if (!mem) {
        nm_diag_error(s->d, s->m->name_pos, "out of memory generating %s", s->P);
        s->errors++;
        return "";
    }
    s->out = mem;
    s->phase = phase;
    emit_stmts(s, b, ind, true);
    fclose(mem);
    s->out = saved;
    const char *text = nm_strdup(s->a, buf ? buf : "");
    free(buf);
    return text;
}

/* The pre-trace updates of onReceive(pre), once per spike (their values are
 * constants: checked here). */
static void emit_trace_updates(sgen *s, const nm_onreceive *hpre)
{
    s->phase = 2;
    for (int t = 0; t < s->ntr; t++)
        if (!s->is_post[t])
            out(s, 1, "double nx_%s = tr_%s;\n", s->traces[t]->name, s->traces[t]->name);
    for (int k = 0; hpre && k < hpre->body->n; k++) {
        const nm_stmt *st = hpre->body->stmts[k];
        if (st->kind != NM_S_ASSIGN || trace_of(s, st->target->sym) < 0)
            continue;
        if ((nm_expr_mentions(st->value, NM_SYM_LOCAL) || nm_expr_mentions(st->value, NM_SYM_STATE))
            && st->value->kind != NM_E_NUM)
            unsupported(s, st->pos, "trace updates that read the weight or locals");
        const char *lhs = nm_sprintf(s->a, "nx_%s", st->target->sym->name), *v = expr(s, st->value);
        if (st->aop == NM_OP_ASSIGN)
            out(s, 1, "%s = %s;\n", lhs, v);
        else
            out(s, 1, "%s = %s %s %s;\n", lhs, lhs, nm_op_text(st->aop), v);
    }
    for (int t = 0; t < s->ntr; t++)
        if (!s->is_post[t])
            out(s, 1, "pre->%s = nx_%s;\n", s->traces[t]->name, s->traces[t]->name);
}

/* The event handler, shaped as the built-in stdp_synapse's: what depends
 * only on the spike (pre traces at t, their updates) once per spike; per
 * connection only the archive reads and the handlers' weight arithmetic.
 * Parameters are read from a local copy of the common block: the compiler
 * cannot keep fields behind a pointer in registers across the stores to
 * weights and ring buffers (both doubles), a local it can. Pre-trace decays
 * come from the thread archive's exp tables (ss_archive_decay: the same bits
 * as exp) and the loop prefetches as the built-in's does (synapse.h), so that
 * the generated handler costs what the handwritten one costs. */
static bool emit_deliver(sgen *s, const nm_onreceive *hpre, const nm_onreceive *hpost)
{
    const char *P = s->P;
    const bool has_presyn = npre(s) > 0;
    s->par = "k.";
    const char *post_body = hpost ? body_text(s, hpost->body, 3, 0) : NULL;
    const char *pre_body = hpre ? body_text(s, hpre->body, 3, 1) : NULL;
    bool post_in_pre = false;
    for (int t = 0; t < s->ntr; t++)
        post_in_pre |= s->is_post[t] && s->used[1][t];
    const bool archive = hpost || post_in_pre;
    out(s, 0, "static void %s_deliver(const void *common, void *presyn, ss_syn_span span,\n"
              "        const ss_syn_context *ctx)\n{\n", P);
    out(s, 1, "const %s_common k = *(const %s_common *)common;\n", P, P);
    if (!s->used_par && !has_presyn) /* the trace decays read k too */
        out(s, 1, "(void)k;\n");
    if (has_presyn)
        out(s, 1, "%s_presyn *pre = presyn;\n", P);
    else
        out(s, 1, "(void)presyn;\n");
    if (archive)
        out(s, 1, "ss_post_archive *a = ctx->archive;\n");
    if (has_presyn || archive)
        out(s, 1, "const int64_t t = ctx->spike_step + 1, t_last = %s;\n", has_presyn ? "pre->t_last" : "0");
    if (archive)
        out(s, 1, "const int64_t d = ctx->delay_steps;\n");
    if (!has_presyn && !archive && !s->emits)
        out(s, 1, "(void)ctx;\n");
    if (has_presyn)
        out(s, 1, "/* presynaptic traces at t before this spike's updates: once per spike */\n");
    for (int t = 0; t < s->ntr; t++)
        if (!s->is_post[t]) {
            const char *x = s->traces[t]->name;
            out(s, 1, "const double last_%s = pre->%s;\n", x, x);
            if (archive) /* the archive holds the tables; without one (ctx->archive NULL) exp */
                out(s, 1, "const ss_decay dk_%s = ss_archive_decay(a, k.lambda_h__%s);\n", x, x);
            else
                out(s, 1, "const ss_decay dk_%s = {.v = NULL, .c = k.lambda_h__%s, .len = 0};\n", x, x);
            out(s, 1, "const double tr_%s = last_%s * ss_decay_at(&dk_%s, t - t_last);\n", x, x, x);
        }
    out(s, 1, "for (size_t j = 0; j < span.n; ++j) {\n");
    if (archive)
        out(s, 2, "ss_syn_prefetch_plastic(a, span, j, ctx->slot);\n");
    else if (s->emits)
        out(s, 2, "ss_syn_prefetch_slot(span, j, ctx->slot);\n");
    out(s, 2, "const uint32_t tgt = span.target[j], local = tgt & SS_SYN_TARGET_MASK;\n");
    if (!archive && !s->emits)
        out(s, 2, "(void)local;\n");
    out(s, 2, "double w = span.weight[j];\n");
    if (hpost) {
        out(s, 2, "/* onReceive(%s) for each post spike in (t_last - d, t - d] */\n", s->post->name);
        out(s, 2, "const ss_post_spike *e;\n");
        out(s, 2, "const size_t n_post = ss_archive_history(a, local, t_last - d, t - d, &e);\n");
        out(s, 2, "for (size_t i = 0; i < n_post; ++i) {\n");
        for (int t = 0; t < s->ntr; t++) {
            const char *x = s->traces[t]->name;
            if (s->is_post[t] && s->used[0][t])
                out(s, 3, "const double post_trace_value = e[i].kminus;\n");
            else if (!s->is_post[t] && s->used[0][t])
                out(s, 3, "const double trp_%s = last_%s * ss_decay_at(&dk_%s, e[i].t + d - t_last);\n",
                    x, x, x);
        }
        fputs(post_body, s->out);
        out(s, 2, "}\n");
    }
    if (hpre) {
        out(s, 2, "{ /* onReceive(%s) at t */\n", s->pre->name);
        if (post_in_pre)
            out(s, 3, "const double post_trace_value = ss_archive_trace(a, local, t - d);\n");
        fputs(pre_body, s->out);
        out(s, 2, "}\n");
    }
    /* a weight no handler assigns is not stored back (the store could not
     * be dropped by the compiler: the ring-buffer store may alias it) */
    if ((hpre && assigns(hpre->body, s->wsym)) || (hpost && assigns(hpost->body, s->wsym)))
        out(s, 2, "span.weight[j] = w;\n");
    out(s, 1, "}\n");
    if (has_presyn) {
        out(s, 1, "/* this spike's trace updates */\n");
        emit_trace_updates(s, hpre);
        out(s, 1, "pre->t_last = t;\n");
    }
    out(s, 0, "}\n\n");
    s->par = "c->";
    return s->errors == 0;
}

bool nm_codegen_synapse(nm_arena *a, nm_diags *d, const nm_model *m, const nm_pair_syn *pair,
                        const nm_genmeta *meta, FILE *f, const char **reg_name)
{
    sgen S = {.a = a, .d = d, .m = m, .pair = pair, .out = f, .par = "c->"}, *s = &S;
    size_t len = strlen(m->name);
    const char *base = len > 8 && !strcmp(m->name + len - 8, "_synapse")
                           ? nm_strndup(a, m->name, len - 8) : m->name;
    /* NESTML's stdp_synapse -> stdp_synapse_nestml: the suffix is kept */
    s->P = nm_sprintf(a, "%s_synapse_nestml", base);
    *reg_name = s->P;
    if (!analyze(s))
        return false;
    const char *P = s->P;
    const nm_onreceive *hpre = handler(m, s->pre), *hpost = handler(m, s->post);
    /* parameters stored once per type: all but the weight and the moved tau */
    const nm_decl *pd[64];
    const char *pn[64];
    double pdef[64];
    int np = 0;
    for (int p = 0; p < m->parameters.n; p++)
        for (int q = 0; q < m->parameters.v[p]->nvars && np < 64; q++) {
            const char *n = m->parameters.v[p]->vars[q].name;
            if (m->parameters.v[p]->vars[q].sym == s->wsym || (s->post_tau && !strcmp(n, s->post_tau)))
                continue;
            if (!nm_eval_const(m->parameters.v[p]->init, NULL, NULL, &pdef[np])) {
                unsupported(s, m->parameters.v[p]->pos, "synapse parameter defaults that are not constants");
                continue;
            }
            pd[np] = m->parameters.v[p];
            pn[np++] = n;
        }
    double w0 = 1.0;
    if (s->wsym->decl && s->wsym->decl->init)
        nm_eval_const(s->wsym->decl->init, NULL, NULL, &w0);
    if (s->errors)
        return false;

    out(s, 0, "/* %s — generated by nestmlc %s from %s\n", P, meta->version, meta->source_path);
    out(s, 0, " * (source sha256 %s). Do not edit: run `nestmlc gen` again.\n *\n", meta->source_sha256);
    out(s, 0, " * NESTML synapse %s (engine/synapse.h). Per connection: the weight %s.\n", m->name,
        s->wsym->name);
    out(s, 0, " * Per source and thread:");
    for (int t = 0; t < s->ntr; t++)
        if (!s->is_post[t])
            fprintf(f, " %s", s->traces[t]->name);
    fprintf(f, " and the last spike time.\n * Post trace (archived with the paired neuron's spikes): %s.\n */\n",
            s->post_tau ? s->post_tau : "none");
    out(s, 0, "#include <math.h>\n#include <stdint.h>\n#include <string.h>\n\n#include \"archive.h\"\n#include \"synapse.h\"\n\n");
    out(s, 0, "static inline double nm_min(double a, double b) { return b < a ? b : a; }\n");
    out(s, 0, "static inline double nm_max(double a, double b) { return a < b ? b : a; }\n");
    out(s, 0, "/* x**y; the exponents of the multiplicative (1) and additive (0) rules\n"
              " * without a call of pow(), whose value they equal exactly */\n");
    out(s, 0, "static inline double nm_pow(double x, double y)\n{\n"
              "    return y == 1.0 ? x : y == 0.0 ? 1.0 : pow(x, y);\n}\n\n");
    out(s, 0, "/* Parameters and internals: once per synapse type. */\ntypedef struct %s_common {\n", P);
    for (int k = 0; k < np; k++)
        out(s, 1, "double %s;\n", pn[k]);
    out(s, 1, "double h;\n");
    for (int k = 0; k < m->internals.n; k++)
        for (int j = 0; j < m->internals.v[k]->nvars; j++)
            out(s, 1, "double %s; /* internal */\n", m->internals.v[k]->vars[j].name);
    for (int t = 0; t < s->ntr; t++)
        if (!s->is_post[t])
            out(s, 1, "double lambda_h__%s; /* decay rate of the trace times h */\n", s->traces[t]->name);
    out(s, 0, "} %s_common;\n\n", P);
    out(s, 0, "/* Per (thread, source)%s. */\ntypedef struct %s_presyn {\n",
        npre(s) ? "" : ": unused, the model has no presynaptic state", P);
    for (int t = 0; t < s->ntr; t++)
        if (!s->is_post[t])
            out(s, 1, "double %s;\n", s->traces[t]->name);
    out(s, 1, "int64_t t_last; /* steps; 0 before the first spike */\n} %s_presyn;\n\n", P);
    out(s, 0, "static const ss_var_info %s_params[] = {\n", P);
    for (int k = 0; k < np; k++) {
        char unit[64] = "1";
        if (pd[k]->type && pd[k]->type->resolved.kind == NM_TY_UNIT)
            nm_unit_format(nm_unit_canonical(pd[k]->type->resolved.unit), unit, sizeof unit);
        out(s, 1, "{\"%s\", \"%s\", SS_VAR_PARAMETER, %.17g},\n", pn[k], unit, pdef[k]);
    }
    if (np == 0)
        out(s, 1, "{\"unused\", \"1\", SS_VAR_PARAMETER, 0.0},\n");
    out(s, 0, "};\n\n");
    out(s, 0, "static double *%s_field(%s_common *c, const char *name)\n{\n", P, P);
    for (int k = 0; k < np; k++)
        out(s, 1, "if (!strcmp(name, \"%s\"))\n        return &c->%s;\n", pn[k], pn[k]);
    out(s, 1, "(void)c;\n    (void)name;\n    return NULL;\n}\n\n");
    out(s, 0, "static void %s_init_common(void *common)\n{\n    %s_common *c = common;\n    memset(c, 0, sizeof *c);\n", P, P);
    for (int k = 0; k < np; k++)
        out(s, 1, "c->%s = %.17g;\n", pn[k], pdef[k]);
    out(s, 0, "}\n\n");
    out(s, 0, "static int %s_set_param(void *common, const char *name, double value, ss_err *err)\n{\n", P);
    out(s, 1, "double *f = %s_field(common, name);\n", P);
    out(s, 1, "if (!f)\n        return ss_fail(err, \"%s: unknown parameter '%%s'\", name);\n", P);
    out(s, 1, "if (isnan(value))\n        return ss_fail(err, \"%s: parameter %%s = %%g is not a number\", name, value);\n", P);
    out(s, 1, "*f = value;\n    return 0;\n}\n\n");
    out(s, 0, "static int %s_get_param(const void *common, const char *name, double *value, ss_err *err)\n{\n", P);
    out(s, 1, "double *f = %s_field((%s_common *)common, name);\n", P, P);
    out(s, 1, "if (!f)\n        return ss_fail(err, \"%s: unknown parameter '%%s'\", name);\n", P);
    out(s, 1, "*value = *f;\n    return 0;\n}\n\n");
    /* calibrate: guards, internals */
    out(s, 0, "static int %s_calibrate(void *common, double h, ss_err *err)\n{\n    %s_common *c = common;\n", P, P);
    out(s, 1, "const %s_common *q = c;\n    (void)q;\n    c->h = h;\n", P);
    for (int k = 0; k < np; k++)
        if (pd[k]->guard) {
            nm_neuron nr = {.arena = a, .diags = d, .m = m, .frozen = true};
            nm_emitctx ec = {.var = var_map, .ud = s, .h = "c->h", .nr = &nr};
            out(s, 1, "if (!(%s))\n        return ss_fail(err, \"%s: parameter %s = %%g violates its guard\", c->%s);\n",
                nm_emit_expr(&ec, pd[k]->guard), P, pn[k], pn[k]);
            s->errors += nr.errors;
        }
    for (int k = 0; k < m->internals.n; k++)
        for (int j = 0; j < m->internals.v[k]->nvars; j++) {
            const nm_decl *dl = m->internals.v[k];
            out(s, 1, "c->%s = %s;\n", dl->vars[j].name, dl->init ? expr(s, dl->init) : "0.0");
        }
    for (int t = 0; t < s->ntr; t++)
        if (!s->is_post[t]) {
            char *lam = nm_strdup(a, s->lam[t]);
            /* the coefficient text reads q->X: the common block */
            out(s, 1, "c->lambda_h__%s = %s * h;\n", s->traces[t]->name, lam);
        }
    out(s, 1, "(void)err;\n    return 0;\n}\n\n");
    if (npre(s) > 0) {
        out(s, 0, "static void %s_init_presyn(const void *common, void *presyn)\n{\n    (void)common;\n", P);
        out(s, 1, "memset(presyn, 0, sizeof(%s_presyn));\n}\n\n", P);
    }
    if (!emit_deliver(s, hpre, hpost))
        return false;
    const bool has_presyn = npre(s) > 0;
    out(s, 0, "const ss_synapse_model ss_nestml_synapse_%s = {\n", P);
    out(s, 1, ".abi_version = SS_MODEL_ABI_VERSION,\n    .name = \"%s\",\n", P);
    out(s, 1, ".summary = \"NESTML %s (generated by nestmlc; initial weight %g)\",\n", m->name, w0);
    out(s, 1, ".provenance = \"nestmlc %s; %s; source sha256 %s; generated sha256 @@GENERATED_SHA256@@\",\n",
        meta->version, meta->source_path, meta->source_sha256);
    out(s, 1, ".n_params = %d,\n    .params = %s_params,\n", np, P);
    out(s, 1, ".common_size = sizeof(%s_common),\n", P);
    if (has_presyn)
        out(s, 1, ".presyn_size = sizeof(%s_presyn),\n", P);
    else
        out(s, 1, ".presyn_size = 0, /* no presynaptic state: nothing stored per source */\n");
    out(s, 1, ".needs_archive = %s,\n", s->post_tau ? "true" : "false");
    if (!has_presyn)
        out(s, 1, ".init_presyn = NULL,\n");
    const char *fns[] = {"init_common", "set_param", "get_param", "calibrate",
                         has_presyn ? "init_presyn" : NULL, "deliver"};
    for (size_t k = 0; k < sizeof fns / sizeof fns[0]; k++)
        if (fns[k])
            out(s, 1, ".%s = %s_%s,\n", fns[k], P, fns[k]);
    out(s, 0, "};\n");
    return s->errors == 0;
}
