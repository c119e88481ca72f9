/* Population management, parameter access, NEST's parameter checks and the
 * derived constants shared by aeif_psc_alpha and aeif_cond_alpha. */
#include "aeif_common.h"

#include <stdio.h>

/* Parameter name → field. Which of these a model has is decided by its
 * `vars` table (aeif_psc_alpha lists no E_ex, E_in). */
static const struct {
    const char *name;
    size_t offset;
} param_fields[] = {
#define F(x) {#x, offsetof(ss_aeif_params, x)}
    F(C_m), F(g_L), F(E_L), F(V_th), F(Delta_T), F(tau_w), F(a), F(b), F(V_peak),
    F(V_reset), F(t_ref), F(tau_syn_ex), F(tau_syn_in), F(I_e), F(E_ex), F(E_in),
    F(tau_minus), F(gsl_abs_error_tol), F(gsl_rel_error_tol),
#undef F
};

/* State name → array, per model (the solver order is fixed, the names differ). */
static const char *const psc_states[] = {"V_m", "w", "dI_syn_ex", "I_syn_ex", "dI_syn_in",
                                         "I_syn_in", "refr_t"};
static const char *const cond_states[] = {"V_m", "w", "dg_ex", "g_ex", "dg_in", "g_in",
                                          "refr_t"};

static bool model_has_param(const ss_neuron_model *m, const char *name)
{
    for (uint32_t k = 0; k < m->n_vars; k++)
        if (m->vars[k].kind == SS_VAR_PARAMETER && strcmp(m->vars[k].name, name) == 0)
            return true;
    return false;
}

static double *param_ptr(ss_aeif_params *p, const ss_neuron_model *m, const char *name)
{
    if (!model_has_param(m, name))
        return NULL;
    for (size_t k = 0; k < sizeof param_fields / sizeof param_fields[0]; k++)
        if (strcmp(param_fields[k].name, name) == 0)
            return (double *)((char *)p + param_fields[k].offset);
    return NULL;
}

void *ss_aeif_create(const ss_neuron_model *model, size_t n, size_t n_pad, ss_err *err)
{
    if (n_pad < n || n_pad % SS_SIMD_PAD != 0) {
        ss_fail(err, "%s: n_pad = %zu must be >= n = %zu and a multiple of %u", model->name,
                n_pad, n, SS_SIMD_PAD);
        return NULL;
    }
    ss_aeif_pop *p = calloc(1, sizeof *p);
    size_t len = (size_t)SS_AEIF_N_ARRAYS * (n_pad ? n_pad : SS_SIMD_PAD) * sizeof(double);
    len = (len + 63) / 64 * 64;
    if (p)
        p->mem = aligned_alloc(64, len);
    if (!p || !p->mem) {
        free(p);
        ss_fail(err, "%s: out of memory for %zu neurons", model->name, n);
        return NULL;
    }
    memset(p->mem, 0, len);
    p->model = model;
    p->n = n;
    p->n_pad = n_pad;
    p->p = ss_aeif_default_params();
    for (int k = 0; k < SS_AEIF_N_ARRAYS; k++)
        p->x[k] = p->mem + (size_t)k * n_pad;
    for (size_t i = 0; i < n_pad; i++)
        p->x[SS_AEIF_V][i] = p->p.E_L;     /* NEST: V_m starts at E_L */
    return p;
}

void ss_aeif_destroy(void *pop)
{
    ss_aeif_pop *p = pop;
    if (p)
        free(p->mem);
    free(p);
}

size_t ss_aeif_bytes(const void *pop)
{
    const ss_aeif_pop *p = pop;
    return sizeof *p + (size_t)SS_AEIF_N_ARRAYS * p->n_pad * sizeof(double);
}

/* Constraints on one value (NEST's BadProperty checks that involve a single
 * parameter); the ones relating several parameters run at calibrate. */
static int check_one(const char *model, const char *name, double v, ss_err *err)
{
    if (!isfinite(v))
        return ss_fail(err, "%s: parameter %s = %g: must be finite", model, name, v);
    if (strcmp(name, "C_m") == 0 && !(v > 0))
        return ss_fail(err, "%s: parameter C_m = %g: capacitance must be > 0 pF", model, v);
    if (strncmp(name, "tau_", 4) == 0 && !(v > 0))
        return ss_fail(err, "%s: parameter %s = %g: time constants must be > 0 ms", model,
                       name, v);
    if (strcmp(name, "t_ref") == 0 && v < 0)
        return ss_fail(err, "%s: parameter t_ref = %g: refractory time must be >= 0 ms",
                       model, v);
    if (strcmp(name, "Delta_T") == 0 && v < 0)
        return ss_fail(err, "%s: parameter Delta_T = %g: must be >= 0 mV", model, v);
    if (strncmp(name, "gsl_", 4) == 0 && !(v > 0))
        return ss_fail(err, "%s: parameter %s = %g: solver tolerances must be > 0", model,
                       name, v);
    return 0;
}

int ss_aeif_set_param(void *pop, const char *name, double value, ss_err *err)
{
    ss_aeif_pop *p = pop;
    double *f = param_ptr(&p->p, p->model, name);
    if (!f)
        return ss_fail(err, "%s: unknown parameter '%s'", p->model->name, name);
    if (check_one(p->model->name, name, value, err))
        return -1;
    *f = value;
    p->calibrated = false;
    return 0;
}

int ss_aeif_get_param(const void *pop, const char *name, double *value, ss_err *err)
{
    const ss_aeif_pop *p = pop;
    double *f = param_ptr((ss_aeif_params *)&p->p, p->model, name);
    if (!f)
        return ss_fail(err, "%s: unknown parameter '%s'", p->model->name, name);
    *value = *f;
    return 0;
}

double *ss_aeif_state(void *pop, const char *name)
{
    ss_aeif_pop *p = pop;
    const char *const *names = p->model == &ss_model_aeif_cond_alpha ? cond_states : psc_states;
    for (int k = 0; k <= SS_AEIF_REFR; k++)
        if (strcmp(names[k], name) == 0)
            return p->x[k];
    return NULL;
}

/* NEST's checks relating several parameters. */
static int check_all(const ss_aeif_pop *pop, ss_err *err)
{
    const ss_aeif_params *p = &pop->p;
    const char *m = pop->model->name;
    if (!(p->V_reset < p->V_peak))
        return ss_fail(err, "%s: V_reset = %g must be < V_peak = %g", m, p->V_reset, p->V_peak);
    if (!(p->V_peak >= p->V_th))
        return ss_fail(err, "%s: V_peak = %g must be >= V_th = %g", m, p->V_peak, p->V_th);
    if (p->Delta_T > 0) {
        /* exp((V - V_th)/Delta_T) at V = V_peak must stay 1e20 below DBL_MAX */
        const double max_arg = log(DBL_MAX / 1e20);
        if ((p->V_peak - p->V_th) / p->Delta_T >= max_arg)
            return ss_fail(err, "%s: (V_peak - V_th)/Delta_T = (%g - %g)/%g >= %g: "
                           "exp() would overflow at spike time; increase Delta_T or "
                           "reduce V_peak", m, p->V_peak, p->V_th, p->Delta_T, max_arg);
    }
    for (size_t k = 0; k < sizeof param_fields / sizeof param_fields[0]; k++) {
        const char *name = param_fields[k].name;
        if (model_has_param(pop->model, name)
            && check_one(m, name, *(const double *)((const char *)p + param_fields[k].offset),
                         err))
            return -1;
    }
    return 0;
}

/* The synaptic kernels' maps for steps of h (rkf45.h): rows and columns
 * in ss_aeif_linear's order dx_ex, x_ex, dx_in, x_in. */
static int aeif_prepare_linear(ss_aeif_pop *p, double h, ss_err *err)
{
    const ss_aeif_derived *d = &p->d;
    const double a[4 * 4] = {
        -d->inv_tau_ex, 0.0, 0.0, 0.0,
        1.0, -d->inv_tau_ex, 0.0, 0.0,
        0.0, 0.0, -d->inv_tau_in, 0.0,
        0.0, 0.0, 1.0, -d->inv_tau_in,
    };
    const char *why = NULL;
    if (ss_rkf45_lin_prepare(&p->d.lin, &ss_aeif_linear, a, h, &why))
        return ss_fail(err, "%s: synaptic kernels: %s", p->model->name, why);
    return 0;
}

int ss_aeif_calibrate(void *pop, double h, ss_err *err)
{
    ss_aeif_pop *p = pop;
    if (!(h > 0) || !isfinite(h))
        return ss_fail(err, "%s: resolution h = %g ms must be > 0", p->model->name, h);
    if (check_all(p, err))
        return -1;
    const ss_aeif_params *q = &p->p;
    ss_aeif_derived *d = &p->d;
    const double h_before = d->h;
    d->h = h;
    d->inv_C_m = 1.0 / q->C_m;
    d->inv_tau_w = 1.0 / q->tau_w;
    d->spike_current = q->Delta_T > 0;
    d->inv_Delta_T = d->spike_current ? 1.0 / q->Delta_T : 0.0;
    d->gL_Delta_T = q->g_L * q->Delta_T;
    d->inv_tau_ex = 1.0 / q->tau_syn_ex;
    d->inv_tau_in = 1.0 / q->tau_syn_in;
    /* alpha synapse in NEST's form: dx' = -dx/tau, x' = dx - x/tau, so over h
     * dx ← e^{-h/tau} dx and x ← e^{-h/tau} x + h e^{-h/tau} dx */
    d->P_ex = exp(-h / q->tau_syn_ex);
    d->Ph_ex = h * d->P_ex;
    d->P_in = exp(-h / q->tau_syn_in);
    d->Ph_in = h * d->P_in;
    d->jump_ex = M_E / q->tau_syn_ex;
    d->jump_in = M_E / q->tau_syn_in;
    d->V_spike = d->spike_current ? q->V_peak : q->V_th;
    d->tol = (ss_rkf45_tol){q->gsl_abs_error_tol, q->gsl_rel_error_tol};
    if (aeif_prepare_linear(p, h, err))
        return -1;
    /* the carried integration step starts at h (NESTML) and restarts there
     * only when the resolution changes */
    for (size_t i = 0; i < p->n_pad; i++)
        if (h != h_before || !(p->x[SS_AEIF_HINT][i] > 0))
            p->x[SS_AEIF_HINT][i] = h;
    p->calibrated = true;
    return 0;
}

/* Run-time choice of the update variant (see aeif_common.h). The CPU test
 * reads what libgcc determined at start-up: no state of our own. */
int ss_aeif_psc_update(void *pop, ss_neuron_step *io, ss_err *err)
{
#if SS_AEIF_MULTI_ISA
    if (__builtin_cpu_supports("x86-64-v4"))
        return ss_aeif_psc_update_v4(pop, io, err);
    if (__builtin_cpu_supports("x86-64-v3"))
        return ss_aeif_psc_update_v3(pop, io, err);
#endif
    return ss_aeif_psc_update_base(pop, io, err);
}

int ss_aeif_cond_update(void *pop, ss_neuron_step *io, ss_err *err)
{
#if SS_AEIF_MULTI_ISA
    if (__builtin_cpu_supports("x86-64-v4"))
        return ss_aeif_cond_update_v4(pop, io, err);
    if (__builtin_cpu_supports("x86-64-v3"))
        return ss_aeif_cond_update_v3(pop, io, err);
#endif
    return ss_aeif_cond_update_base(pop, io, err);
}
