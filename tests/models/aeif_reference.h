/* A GSL reference integration of the AdEx models for the tests: the same
 * equations and the same step scheme as docs/numerics.md describes, written
 * independently of models_builtin/, integrated with GSL's gsl_odeiv2 rkf45,
 * gsl_odeiv2_control_y_new and gsl_odeiv2_evolve_apply (step carried). */
#ifndef SS_TEST_AEIF_REFERENCE_H
#define SS_TEST_AEIF_REFERENCE_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <math.h>
#include <stdbool.h>

typedef struct ref_params {
    bool cond;  /* aeif_cond_alpha, else aeif_psc_alpha */
    double C_m, g_L, E_L, V_th, Delta_T, tau_w, a, b, V_peak, V_reset, t_ref;
    double tau_syn_ex, tau_syn_in, I_e, E_ex, E_in, eps_abs, eps_rel;
} ref_params;

static inline ref_params ref_defaults(bool cond)
{
    return (ref_params){cond, 281.0, 30.0, -70.6, -50.4, 2.0, 144.0, 4.0, 80.5, 0.0, -60.0,
                        0.0, 0.2, 2.0, 0.0, 0.0, -85.0, 1e-6, 1e-6};
}

/* One neuron. y = V_m, w, dX_ex, X_ex, dX_in, X_in (X = I or g). */
typedef struct ref_neuron {
    const ref_params *p;
    double y[6];
    double refr_t, I_stim, h_int;
    bool refractory;
    gsl_odeiv2_step *s;
    gsl_odeiv2_control *c;
    gsl_odeiv2_evolve *e;
} ref_neuron;

static int ref_rhs(double t, const double y[], double f[], void *vn)
{
    (void)t;
    const ref_neuron *n = vn;
    const ref_params *p = n->p;
    const double V = y[0] > p->V_peak ? p->V_peak : y[0];
    const double I_sp = p->Delta_T > 0
        ? (p->g_L * p->Delta_T) * exp((V - p->V_th) * (1.0 / p->Delta_T)) : 0.0;
    const double I_ext = p->I_e + n->I_stim;
    const double leak = -p->g_L * (V - p->E_L);
    double dV;
    if (p->cond)
        dV = leak - y[3] * (V - p->E_ex) - y[5] * (V - p->E_in) - y[1] + I_ext + I_sp;
    else
        dV = leak + y[3] - y[5] - y[1] + I_ext + I_sp;
    f[0] = n->refractory ? 0.0 : dV * (1.0 / p->C_m);
    f[1] = (p->a * (V - p->E_L) - y[1]) * (1.0 / p->tau_w);
    f[2] = -y[2] * (1.0 / p->tau_syn_ex);
    f[3] = y[2] - y[3] * (1.0 / p->tau_syn_ex);
    f[4] = -y[4] * (1.0 / p->tau_syn_in);
    f[5] = y[4] - y[5] * (1.0 / p->tau_syn_in);
    return GSL_SUCCESS;
}

static inline void ref_init(ref_neuron *n, const ref_params *p, double h)
{
    *n = (ref_neuron){.p = p, .y = {p->E_L, 0, 0, 0, 0, 0}, .h_int = h};
    n->s = gsl_odeiv2_step_alloc(gsl_odeiv2_step_rkf45, 6);
    n->c = gsl_odeiv2_control_y_new(p->eps_abs, p->eps_rel);
    n->e = gsl_odeiv2_evolve_alloc(6);
}

static inline void ref_free(ref_neuron *n)
{
    gsl_odeiv2_evolve_free(n->e);
    gsl_odeiv2_control_free(n->c);
    gsl_odeiv2_step_free(n->s);
}

/* One step of length h with this step's summed spike weights (exc >= 0,
 * inh <= 0, as the engine delivers them) and continuous current. Returns
 * true if the neuron spikes at the end of the step. */
static inline bool ref_step(ref_neuron *n, double h, double w_ex, double w_in, double current)
{
    const ref_params *p = n->p;
    const double y0[6] = {n->y[0], n->y[1], n->y[2], n->y[3], n->y[4], n->y[5]};
    n->refractory = n->refr_t > 0;
    gsl_odeiv2_system sys = {ref_rhs, NULL, 6, n};
    /* The state was changed since the last call (jumps, exact synaptic
     * values, reset, new I_stim): this step is not a continuation, so the
     * evolve object must be reset (GSL 2.7's evolve_apply otherwise reuses the
     * previous step's dydt_out as the new step's first stage). The carried
     * step size lives outside it and survives. */
    gsl_odeiv2_evolve_reset(n->e);
    double t = 0.0;
    while (t < h)
        if (gsl_odeiv2_evolve_apply(n->e, n->c, n->s, &sys, &t, h, &n->h_int, n->y) != GSL_SUCCESS)
            return false;
    /* exact alpha propagation of the synaptic pair from the start of the step */
    const double E_ex = exp(-h / p->tau_syn_ex), E_in = exp(-h / p->tau_syn_in);
    n->y[3] = E_ex * y0[3] + (h * E_ex) * y0[2];
    n->y[2] = E_ex * y0[2] + w_ex * (M_E / p->tau_syn_ex);
    n->y[5] = E_in * y0[5] + (h * E_in) * y0[4];
    n->y[4] = E_in * y0[4] + (-w_in) * (M_E / p->tau_syn_in);
    if (n->refractory)
        n->refr_t = n->refr_t - h;
    bool spike = false;
    const double thr = p->Delta_T > 0 ? p->V_peak : p->V_th;
    if (n->refr_t <= 0 && n->y[0] >= thr) {
        n->y[0] = p->V_reset;
        n->y[1] += p->b;
        n->refr_t = p->t_ref;
        spike = true;
    }
    n->I_stim = current;
    return spike;
}

#endif
