/* models_builtin/iaf_psc_alpha.c — leaky integrate-and-fire neuron with
 * alpha-shaped postsynaptic currents, integrated exactly (NEST's model of the
 * same name: equations, parameter names, defaults and update order).
 *
 *   dV/dt   = -V/tau_m + (I_ex + I_in + I_e + I_stim)/C_m    (V = V_m - E_L)
 *   dI/dt   = -I/tau_syn + dI,  d(dI)/dt = -dI/tau_syn        (per receptor)
 * A spike of weight w arriving in step k adds w·e/tau_syn to dI at the end of
 * step k (so the current peaks at w, tau_syn after arrival); the membrane sees
 * it from step k+1. Each step: integrate V with the exact propagators (unless
 * refractory, then count down), advance I and dI, add the step's input, test
 * V >= V_th, reset and emit the spike at the end of the step.
 *
 * V is kept relative to E_L internally (array y); the "V_m" state array holds
 * the absolute value for recording and for setting initial conditions, and is
 * refreshed every step. calibrate() takes over any V_m written from outside. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

enum { P_C_M, P_TAU_M, P_T_REF, P_E_L, P_V_RESET, P_V_TH, P_V_MIN, P_TAU_EX, P_TAU_IN, P_I_E, N_PAR };

static const ss_var_info vars[] = {
    {"C_m", "pF", SS_VAR_PARAMETER, 250.0},
    {"tau_m", "ms", SS_VAR_PARAMETER, 10.0},
    {"t_ref", "ms", SS_VAR_PARAMETER, 2.0},
    {"E_L", "mV", SS_VAR_PARAMETER, -70.0},
    {"V_reset", "mV", SS_VAR_PARAMETER, -70.0},
    {"V_th", "mV", SS_VAR_PARAMETER, -55.0},
    {"V_min", "mV", SS_VAR_PARAMETER, -INFINITY},
    {"tau_syn_ex", "ms", SS_VAR_PARAMETER, 2.0},
    {"tau_syn_in", "ms", SS_VAR_PARAMETER, 2.0},
    {"I_e", "pA", SS_VAR_PARAMETER, 0.0},
    {"V_m", "mV", SS_VAR_STATE, -70.0},
    {"I_syn_ex", "pA", SS_VAR_STATE, 0.0},
    {"I_syn_in", "pA", SS_VAR_STATE, 0.0},
};

/* Exact propagators of one receptor's alpha current into V. */
typedef struct syn_prop {
    double P11, P21, P22, P31, P32, psc_init;
} syn_prop;

typedef struct iaf_pop {
    size_t n, n_pad;
    double par[N_PAR];
    /* internals (calibrate) */
    syn_prop ex, in;
    double P30, expm1_tau_m, theta, v_reset, v_min;
    double refr_steps;
    /* state, SoA, n_pad each */
    double *y, *V_m, *I_ex, *dI_ex, *I_in, *dI_in, *y0;
    /* refractory steps left and spike flags, kept as doubles (exact small
     * integers) so that the whole update is one all-double vector loop */
    double *r;
    double *fired;
    void *block;
} iaf_pop;

static void *iaf_create(size_t n, size_t n_pad, ss_err *err)
{
    iaf_pop *p = calloc(1, sizeof *p);
    if (!p) {
        ss_fail(err, "iaf_psc_alpha: out of memory");
        return NULL;
    }
    size_t nd = 9 * n_pad;
    p->block = calloc(nd * sizeof(double), 1);
    if (!p->block) {
        free(p);
        ss_fail(err, "iaf_psc_alpha: out of memory for %zu neurons", n);
        return NULL;
    }
    double *d = p->block;
    p->y = d; p->V_m = d + n_pad; p->I_ex = d + 2 * n_pad; p->dI_ex = d + 3 * n_pad;
    p->I_in = d + 4 * n_pad; p->dI_in = d + 5 * n_pad; p->y0 = d + 6 * n_pad;
    p->r = d + 7 * n_pad;
    p->fired = d + 8 * n_pad;
    p->n = n;
    p->n_pad = n_pad;
    for (int i = 0; i < N_PAR; ++i)
        p->par[i] = vars[i].default_value;
    for (size_t i = 0; i < n_pad; ++i)
        p->V_m[i] = p->par[P_E_L];
    return p;
}

static void iaf_destroy(void *pop)
{
    iaf_pop *p = pop;
    if (p)
        free(p->block);
    free(p);
}

static size_t iaf_bytes(const void *pop)
{
    const iaf_pop *p = pop;
    return sizeof *p + p->n_pad * 9 * sizeof(double);
}

static int par_index(const char *name)
{
    for (int i = 0; i < N_PAR; ++i)
        if (strcmp(vars[i].name, name) == 0)
            return i;
    return -1;
}

static int iaf_set_param(void *pop, const char *name, double value, ss_err *err)
{
    iaf_pop *p = pop;
    int i = par_index(name);
    if (i < 0)
        return ss_fail(err, "iaf_psc_alpha has no parameter '%s'", name);
    if (isnan(value) || (i != P_V_MIN && !isfinite(value)))
        return ss_fail(err, "iaf_psc_alpha: %s = %g is not a finite number", name, value);
    p->par[i] = value;
    return 0;
}

static int iaf_get_param(const void *pop, const char *name, double *value, ss_err *err)
{
    const iaf_pop *p = pop;
    int i = par_index(name);
    if (i < 0)
        return ss_fail(err, "iaf_psc_alpha has no parameter '%s'", name);
    *value = p->par[i];
    return 0;
}

static double *iaf_state(void *pop, const char *name)
{
    iaf_pop *p = pop;
    if (strcmp(name, "V_m") == 0)
        return p->V_m;
    if (strcmp(name, "I_syn_ex") == 0)
        return p->I_ex;
    if (strcmp(name, "I_syn_in") == 0)
        return p->I_in;
    return NULL;
}

/* (1 - e^-x (1 + x)) / x^2, accurate also for x -> 0 (tau_m -> tau_syn). */
static double alpha_g(double x)
{
    if (fabs(x) < 0.05)
        return 0.5 + x * (-1.0 / 3 + x * (1.0 / 8 + x * (-1.0 / 30 + x * (1.0 / 144 +
                     x * (-1.0 / 840 + x * (1.0 / 5760))))));
    return (1.0 - exp(-x) * (1.0 + x)) / (x * x);
}

/* (1 - e^-x) / x, accurate for x -> 0. */
static double exp_f(double x)
{
    return x == 0.0 ? 1.0 : -expm1(-x) / x;
}

/* Solution of V' = -V/tau_m + I/C, I' = -I/tau_s + dI, dI' = -dI/tau_s over h:
 * with a = 1/tau_s - 1/tau_m,
 *   P32 = e^{-h/tau_m} h (1 - e^{-ah})/(ah) / C
 *   P31 = e^{-h/tau_m} h^2 (1 - e^{-ah}(1 + ah))/(ah)^2 / C,
 * which are also right in the degenerate case tau_m == tau_s (a = 0). */
static syn_prop syn_propagators(double tau_s, double tau_m, double C, double h)
{
    syn_prop s;
    double em = exp(-h / tau_m), x = (1.0 / tau_s - 1.0 / tau_m) * h;
    s.P11 = s.P22 = exp(-h / tau_s);
    s.P21 = h * s.P11;
    s.P32 = em * h * exp_f(x) / C;
    s.P31 = em * h * h * alpha_g(x) / C;
    s.psc_init = M_E / tau_s;
    return s;
}

static int iaf_calibrate(void *pop, double h, ss_err *err)
{
    iaf_pop *p = pop;
    const double *q = p->par;
    if (!(q[P_C_M] > 0))
        return ss_fail(err, "iaf_psc_alpha: C_m = %g pF must be > 0", q[P_C_M]);
    if (!(q[P_TAU_M] > 0) || !(q[P_TAU_EX] > 0) || !(q[P_TAU_IN] > 0))
        return ss_fail(err, "iaf_psc_alpha: time constants must be > 0 (tau_m %g, tau_syn_ex %g, tau_syn_in %g)",
                       q[P_TAU_M], q[P_TAU_EX], q[P_TAU_IN]);
    if (!(q[P_T_REF] >= 0))
        return ss_fail(err, "iaf_psc_alpha: t_ref = %g ms must be >= 0", q[P_T_REF]);
    if (!(q[P_V_RESET] < q[P_V_TH]))
        return ss_fail(err, "iaf_psc_alpha: V_reset = %g mV must be < V_th = %g mV", q[P_V_RESET], q[P_V_TH]);
    if (!(q[P_V_MIN] <= q[P_V_RESET]))
        return ss_fail(err, "iaf_psc_alpha: V_min = %g mV must be <= V_reset = %g mV", q[P_V_MIN], q[P_V_RESET]);
    p->ex = syn_propagators(q[P_TAU_EX], q[P_TAU_M], q[P_C_M], h);
    p->in = syn_propagators(q[P_TAU_IN], q[P_TAU_M], q[P_C_M], h);
    p->expm1_tau_m = expm1(-h / q[P_TAU_M]);
    p->P30 = -q[P_TAU_M] / q[P_C_M] * p->expm1_tau_m;
    p->theta = q[P_V_TH] - q[P_E_L];
    p->v_reset = q[P_V_RESET] - q[P_E_L];
    p->v_min = q[P_V_MIN] - q[P_E_L];
    p->refr_steps = (double)llround(q[P_T_REF] / h);
    /* Take over V_m values written from outside since the last step. */
    for (size_t i = 0; i < p->n_pad; ++i)
        if (p->V_m[i] != p->y[i] + q[P_E_L])
            p->y[i] = p->V_m[i] - q[P_E_L];
    return 0;
}

/* Step constants shared by all lanes. */
typedef struct step_k {
    syn_prop ex, in;
    double P30, em1, I_e, theta, v_reset, v_min, E_L, refr;
} step_k;

/* One step for n_pad lanes; restrict parameters let the compiler vectorise
 * (GCC honours restrict on parameters, not on local pointers). */
static void iaf_lanes(size_t np, const step_k *restrict c, const double *restrict y0,
                      const double *restrict in_ex, const double *restrict in_in,
                      double *restrict y, double *restrict V, double *restrict Ie,
                      double *restrict dIe, double *restrict Ii, double *restrict dIi,
                      double *restrict r, double *restrict fired)
{
    const syn_prop ex = c->ex, in = c->in;
    const double P30 = c->P30, em1 = c->em1, I_e = c->I_e, theta = c->theta;
    const double v_reset = c->v_reset, v_min = c->v_min, E_L = c->E_L, refr = c->refr;
    for (size_t i = 0; i < np; ++i) {
        double v = P30 * (y0[i] + I_e) + ex.P31 * dIe[i] + ex.P32 * Ie[i] + in.P31 * dIi[i] +
                   in.P32 * Ii[i] + em1 * y[i] + y[i];
        v = v < v_min ? v_min : v;
        int active = r[i] == 0.0;
        v = active ? v : y[i];
        double ri = active ? 0.0 : r[i] - 1.0;
        Ie[i] = ex.P21 * dIe[i] + ex.P22 * Ie[i];
        dIe[i] = dIe[i] * ex.P11 + ex.psc_init * in_ex[i];
        Ii[i] = in.P21 * dIi[i] + in.P22 * Ii[i];
        dIi[i] = dIi[i] * in.P11 + in.psc_init * in_in[i];
        int spike = v >= theta;
        fired[i] = spike ? 1.0 : 0.0;
        y[i] = spike ? v_reset : v;
        r[i] = spike ? refr : ri;
        V[i] = y[i] + E_L;
    }
}

static int iaf_update(void *pop, ss_neuron_step *io, ss_err *err)
{
    (void)err;
    iaf_pop *p = pop;
    step_k c = {.ex = p->ex, .in = p->in, .P30 = p->P30, .em1 = p->expm1_tau_m,
                .I_e = p->par[P_I_E], .theta = p->theta, .v_reset = p->v_reset,
                .v_min = p->v_min, .E_L = p->par[P_E_L], .refr = p->refr_steps};
    const size_t b = io->begin, e = io->end ? io->end : p->n_pad;
    /* Same arithmetic for every lane, padding included (DESIGN §9). */
    iaf_lanes(e - b, &c, p->y0 + b, io->spike_in[0] + b, io->spike_in[1] + b, p->y + b,
              p->V_m + b, p->I_ex + b, p->dI_ex + b, p->I_in + b, p->dI_in + b, p->r + b,
              p->fired + b);
    /* The continuous input of this step drives V in the next one (NEST). */
    const double *cur = io->current_in;
    for (size_t i = b; i < e; ++i)
        p->y0[i] = cur ? cur[i] : 0.0;
    size_t ns = 0;
    for (size_t i = b; i < e && i < p->n; ++i)
        if (p->fired[i] != 0.0)
            io->spiked[ns++] = (uint32_t)i;
    io->n_spiked = ns;
    return 0;
}

static const char *const receptors[] = {"exc", "inh"};

const ss_neuron_model ss_model_iaf_psc_alpha = {
    .abi_version = SS_MODEL_ABI_VERSION,
    .name = "iaf_psc_alpha",
    .summary = "LIF neuron, alpha-shaped PSCs, exact integration (NEST's equations and defaults)",
    .provenance = NULL,
    .n_receptors = 2,
    .receptor_names = receptors,
    .route_by_sign = true,
    .n_vars = sizeof vars / sizeof vars[0],
    .vars = vars,
    .post_trace_tau = NULL,
    .create = iaf_create,
    .destroy = iaf_destroy,
    .bytes = iaf_bytes,
    .set_param = iaf_set_param,
    .get_param = iaf_get_param,
    .state = iaf_state,
    .calibrate = iaf_calibrate,
    .update = iaf_update,
};
