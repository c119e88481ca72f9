/* models_builtin/aeif_common.h — what aeif_psc_alpha and aeif_cond_alpha
 * share: parameters (NEST's names and defaults), their validation (NEST's
 * checks), the derived constants, the population layout, the refractory rule,
 * the instability check, and the lane-parallel update loop (instantiated by
 * each model with its own inlined right-hand side, which lives in the model
 * file). docs/numerics.md describes the scheme.
 */
#ifndef SS_AEIF_COMMON_H
#define SS_AEIF_COMMON_H

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "rkf45.h"

extern const ss_neuron_model ss_model_aeif_psc_alpha;
extern const ss_neuron_model ss_model_aeif_cond_alpha;

/* All parameters of both models; aeif_psc_alpha has no E_ex, E_in. */
typedef struct ss_aeif_params {
    double C_m, g_L, E_L, V_th, Delta_T, tau_w, a, b, V_peak, V_reset, t_ref;
    double tau_syn_ex, tau_syn_in, I_e, E_ex, E_in, tau_minus;
    double gsl_abs_error_tol, gsl_rel_error_tol;
} ss_aeif_params;

/* Constants derived at calibrate time (resolution h in ms). */
typedef struct ss_aeif_derived {
    double h;
    double inv_C_m, inv_tau_w, inv_Delta_T, gL_Delta_T;
    double inv_tau_ex, inv_tau_in;
    double P_ex, Ph_ex, P_in, Ph_in;  /* exact alpha propagators over h */
    double jump_ex, jump_in;          /* e/tau: jump of the derivative state per unit weight */
    double V_spike;                   /* V_peak, or V_th when Delta_T == 0 (NEST) */
    bool spike_current;               /* Delta_T > 0 */
    ss_rkf45_tol tol;
    ss_rkf45_lin lin;                 /* the synaptic kernels' maps over h */
} ss_aeif_derived;

/* Per-neuron state, one SoA array (length n_pad) each. The six solver
 * variables come first, in the order of the solver's state vector:
 * psc: V_m, w, dI_syn_ex, I_syn_ex, dI_syn_in, I_syn_in;
 * cond: V_m, w, dg_ex, g_ex, dg_in, g_in. */
enum { SS_AEIF_DIM = 6 };
enum {
    SS_AEIF_V, SS_AEIF_W, SS_AEIF_DX_EX, SS_AEIF_X_EX, SS_AEIF_DX_IN, SS_AEIF_X_IN,
    SS_AEIF_REFR,   /* refr_t: remaining refractory time, ms */
    SS_AEIF_ISTIM,  /* continuous input received last step, used in this one */
    SS_AEIF_HINT,   /* integration step carried between steps */
    SS_AEIF_N_ARRAYS
};

/* The synaptic variables are linear and autonomous (dx' = -dx/tau,
 * x' = dx - x/tau per receptor): the solver evaluates them in closed form
 * (ss_rkf45_lin_shape, rkf45.h). Same in both models. */
static const ss_rkf45_lin_shape ss_aeif_linear = {
    .n = 4,
    .comp = {SS_AEIF_DX_EX, SS_AEIF_X_EX, SS_AEIF_DX_IN, SS_AEIF_X_IN},
    .n_dep = {1, 2, 1, 2},
    .dep = {{0}, {1, 0}, {2}, {3, 2}},
};

typedef struct ss_aeif_pop {
    const ss_neuron_model *model;
    size_t n, n_pad;
    ss_aeif_params p;
    ss_aeif_derived d;
    bool calibrated;
    double *mem;                       /* one 64-byte-aligned block */
    double *x[SS_AEIF_N_ARRAYS];       /* x[k][i]: array k, neuron i */
} ss_aeif_pop;

/* NEST's defaults (aeif_psc_alpha / aeif_cond_alpha), tau_minus of the
 * archiving node, NESTML's solver tolerances. */
static inline ss_aeif_params ss_aeif_default_params(void)
{
    return (ss_aeif_params){
        .C_m = 281.0, .g_L = 30.0, .E_L = -70.6, .V_th = -50.4, .Delta_T = 2.0,
        .tau_w = 144.0, .a = 4.0, .b = 80.5, .V_peak = 0.0, .V_reset = -60.0,
        .t_ref = 0.0, .tau_syn_ex = 0.2, .tau_syn_in = 2.0, .I_e = 0.0,
        .E_ex = 0.0, .E_in = -85.0, .tau_minus = 20.0,
        .gsl_abs_error_tol = SS_RKF45_EPS_ABS_DEFAULT,
        .gsl_rel_error_tol = SS_RKF45_EPS_REL_DEFAULT,
    };
}

void *ss_aeif_create(const ss_neuron_model *model, size_t n, size_t n_pad, ss_err *err);
void ss_aeif_destroy(void *pop);
size_t ss_aeif_bytes(const void *pop);
int ss_aeif_set_param(void *pop, const char *name, double value, ss_err *err);
int ss_aeif_get_param(const void *pop, const char *name, double *value, ss_err *err);
double *ss_aeif_state(void *pop, const char *name);
int ss_aeif_calibrate(void *pop, double h, ss_err *err);

/* After a neuron's step: NEST's instability check, for real neurons only
 * (padding lanes compute but never report). The negated comparisons also
 * catch NaN. */
static inline int ss_aeif_check(const ss_aeif_pop *p, size_t i, ss_err *err)
{
    const double V = p->x[SS_AEIF_V][i], w = p->x[SS_AEIF_W][i];
    if (!(V >= -1e3))
        return ss_fail(err, "%s: numerical instability in neuron %zu (local index): "
                       "V_m = %g mV (below -1000 mV)", p->model->name, i, V);
    if (!(fabs(w) <= 1e6))
        return ss_fail(err, "%s: numerical instability in neuron %zu (local index): "
                       "w = %g pA (|w| above 1e6 pA)", p->model->name, i, w);
    return 0;
}

/* What the right-hand side of SS_LANES neurons sees besides their state. */
typedef struct ss_aeif_ctx {
    const ss_aeif_params *p;
    const ss_aeif_derived *d;
    ss_vd I_ext;        /* I_e + I_stim, summed in this order */
    ss_vm refractory;   /* V_m frozen (dV/dt = 0) */
} ss_aeif_ctx;

/* NEST's min(V_m, V_peak), written so that a NaN V_m stays NaN (and is then
 * caught by the instability check). */
SS_RKF45_INLINE ss_vd ss_aeif_bound(ss_vd V, double V_peak)
{
    const ss_vd vp = ss_vsplat(V_peak);
    return ss_vsel(ss_vlt(vp, V), vp, V);
}

/* Exponential spike current g_L·Delta_T·exp((V - V_th)/Delta_T); 0 when
 * Delta_T == 0 (a property of the population, so no lane differs). */
SS_RKF45_INLINE ss_vd ss_aeif_spike_current(const ss_aeif_params *p, const ss_aeif_derived *d,
                                            ss_vd V)
{
    if (!d->spike_current)
        return ss_vsplat(0.0);
    return d->gL_Delta_T * ss_vexp((V - p->V_th) * d->inv_Delta_T);
}

/* Reports lane i's failure (solver or instability) for a real neuron. */
static inline int ss_aeif_report(const ss_aeif_pop *p, size_t i, bool solver_failed,
                                 double h_int, ss_err *err)
{
    if (solver_failed)
        return ss_fail(err, "%s: neuron %zu (local index): the solver cannot reach its "
                       "tolerance (step size %g ms), V_m = %g mV, w = %g pA", p->model->name,
                       i, h_int, p->x[SS_AEIF_V][i], p->x[SS_AEIF_W][i]);
    return ss_aeif_check(p, i, err);
}

/* The update is compiled once per instruction set — AVX-512 (x86-64-v4),
 * AVX2 (x86-64-v3) and the baseline — in its own translation unit
 * (aeif_update_*.c, each under `#pragma GCC target`, so the whole solver is
 * generated for that set), and ss_aeif_{psc,cond}_update pick one at run
 * time. The arithmetic is lane-wise IEEE without contraction in every
 * variant, so results do not depend on the variant chosen. (GCC's
 * target_clones attribute did the same with much worse code for the
 * always-inlined helpers.) */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(SS_NO_CLONES)
#define SS_AEIF_MULTI_ISA 1
#else
#define SS_AEIF_MULTI_ISA 0
#endif

/* The models' update entry points (dispatchers) and their variants. */
int ss_aeif_psc_update(void *pop, ss_neuron_step *io, ss_err *err);
int ss_aeif_cond_update(void *pop, ss_neuron_step *io, ss_err *err);
int ss_aeif_psc_update_base(void *pop, ss_neuron_step *io, ss_err *err);
int ss_aeif_cond_update_base(void *pop, ss_neuron_step *io, ss_err *err);
int ss_aeif_psc_update_v3(void *pop, ss_neuron_step *io, ss_err *err);
int ss_aeif_cond_update_v3(void *pop, ss_neuron_step *io, ss_err *err);
int ss_aeif_psc_update_v4(void *pop, ss_neuron_step *io, ss_err *err);
int ss_aeif_cond_update_v4(void *pop, ss_neuron_step *io, ss_err *err);

/* What one update call shares among its groups of neurons. */
typedef struct ss_aeif_run {
    ss_aeif_pop *p;
    const ss_aeif_params *q;
    const ss_aeif_derived *d;
    double *x[SS_AEIF_N_ARRAYS];
    const double *sx, *si, *cur;
    ss_neuron_step *io;
    ss_err *err;
} ss_aeif_run;

/* nb blocks of SS_LANES neurons starting at i0 (nb is a constant at each
 * call site; the blocks interleave their stages, see rkf45.h). Every lane's
 * arithmetic is the same whatever nb is. */
SS_RKF45_INLINE int ss_aeif_group(const ss_aeif_run *u, size_t i0, size_t nb,
                                  ss_rkf45_rhs_v rhs)
{
    const ss_aeif_params *q = u->q;
    const ss_aeif_derived *d = u->d;
    double *const *x = u->x;
    ss_rkf45_vstate y[SS_RKF45_MAX_BLOCKS], y_start[SS_RKF45_MAX_BLOCKS];
    ss_aeif_ctx c[SS_RKF45_MAX_BLOCKS];
    const void *cp[SS_RKF45_MAX_BLOCKS];
    ss_vd h_int[SS_RKF45_MAX_BLOCKS], refr_t[SS_RKF45_MAX_BLOCKS];
    ss_vm failed[SS_RKF45_MAX_BLOCKS];
    SS_RKF45_FOR_BLOCKS(b, nb) {
        const size_t j = i0 + b * SS_LANES;
        for (int k = 0; k < SS_AEIF_DIM; k++)
            y[b][k] = y_start[b][k] = ss_vload(&x[k][j]);
        refr_t[b] = ss_vload(&x[SS_AEIF_REFR][j]);
        c[b] = (ss_aeif_ctx){q, d, q->I_e + ss_vload(&x[SS_AEIF_ISTIM][j]),
                             ss_vgt(refr_t[b], ss_vsplat(0.0))};
        cp[b] = &c[b];
        h_int[b] = ss_vload(&x[SS_AEIF_HINT][j]);
    }
    ss_rkf45_advance_vbl(d->tol, SS_AEIF_DIM, nb, rhs, cp, d->h, h_int, y, failed,
                         &ss_aeif_linear, &d->lin);

    ss_vd lane_index;
    for (unsigned l = 0; l < SS_LANES; l++)
        lane_index[l] = (double)l;
    for (size_t b = 0; b < nb; b++) {
        const size_t j = i0 + b * SS_LANES;
        ss_vd *yb = y[b];
        const ss_vd *y0 = y_start[b];
        yb[SS_AEIF_X_EX] = d->P_ex * y0[SS_AEIF_X_EX] + d->Ph_ex * y0[SS_AEIF_DX_EX];
        yb[SS_AEIF_DX_EX] = d->P_ex * y0[SS_AEIF_DX_EX] + ss_vload(&u->sx[j]) * d->jump_ex;
        yb[SS_AEIF_X_IN] = d->P_in * y0[SS_AEIF_X_IN] + d->Ph_in * y0[SS_AEIF_DX_IN];
        yb[SS_AEIF_DX_IN] = d->P_in * y0[SS_AEIF_DX_IN] + (-ss_vload(&u->si[j])) * d->jump_in;
        ss_vd r = ss_vsel(c[b].refractory, refr_t[b] - d->h, refr_t[b]);
        for (int k = 0; k < SS_AEIF_DIM; k++)
            ss_vstore(&x[k][j], yb[k]);
        ss_vstore(&x[SS_AEIF_HINT][j], h_int[b]);

        /* lanes of real neurons: index < n */
        const size_t n = u->p->n;
        const ss_vm real = ss_vlt(lane_index, ss_vsplat((double)(n - (j < n ? j : n))));
        const ss_vm bad = (failed[b] | ~ss_vge(yb[SS_AEIF_V], ss_vsplat(-1e3))
                           | ~ss_vle(ss_vabs(yb[SS_AEIF_W]), ss_vsplat(1e6))) & real;
        if (ss_vany(bad))
            for (unsigned l = 0; l < SS_LANES; l++)
                if (bad[l]) {
                    ss_aeif_report(u->p, j + l, failed[b][l] != 0, h_int[b][l], u->err);
                    return -1;
                }

        const ss_vm spike = ss_vle(r, ss_vsplat(0.0)) & ss_vge(yb[SS_AEIF_V], ss_vsplat(d->V_spike));
        if (ss_vany(spike)) {
            ss_vstore(&x[SS_AEIF_V][j], ss_vsel(spike, ss_vsplat(q->V_reset), yb[SS_AEIF_V]));
            ss_vstore(&x[SS_AEIF_W][j], ss_vsel(spike, yb[SS_AEIF_W] + q->b, yb[SS_AEIF_W]));
            r = ss_vsel(spike, ss_vsplat(q->t_ref), r);
            for (unsigned l = 0; l < SS_LANES; l++)
                if (spike[l] & real[l])
                    u->io->spiked[u->io->n_spiked++] = (uint32_t)(j + l);
        }
        ss_vstore(&x[SS_AEIF_REFR][j], r);
        ss_vstore(&x[SS_AEIF_ISTIM][j], u->cur ? ss_vload(&u->cur[j]) : ss_vsplat(0.0));
    }
    return 0;
}

/* One simulation step of the neurons [io->begin, io->end) (DESIGN §9,
 * docs/numerics.md),
 * SS_RKF45_MAX_BLOCKS blocks of SS_LANES neurons at a time (the last one or
 * two blocks one by one):
 * 1. RKF45 over (0, h] on all six variables with the carried step; V_m frozen
 *    while refractory (refr_t > 0 at the start of the step);
 * 2. the synaptic variables are overwritten with their exact propagation
 *    from the start of the step; while refractory refr_t -= h;
 * 3. this step's spike input jumps the derivative states (inh negated);
 * 4. instability check; threshold once: refr_t <= 0 and V_m >= V_spike →
 *    V_m = V_reset, w += b, refr_t = t_ref, spike at the end of the step;
 * 5. this step's continuous current becomes I_stim of the next step.
 * Every lane, padding included, runs the same arithmetic; only lanes < n
 * report spikes or errors. `rhs` is a constant at every call site, so it is
 * inlined into the solver. */
SS_RKF45_INLINE int ss_aeif_update_impl(ss_aeif_pop *p, ss_neuron_step *io, ss_err *err,
                                        ss_rkf45_rhs_v rhs)
{
    if (!p->calibrated)
        return ss_fail(err, "%s: update before calibrate", p->model->name);
    /* local copies: stores to the state arrays cannot alias them, so the
     * compiler keeps parameters in registers across the whole loop */
    const ss_aeif_params q = p->p;
    const ss_aeif_derived d = p->d;
    ss_aeif_run u = {p, &q, &d, {0}, io->spike_in[0], io->spike_in[1], io->current_in, io, err};
    memcpy(u.x, p->x, sizeof u.x);
    io->n_spiked = 0;
    const size_t end = io->end ? io->end : p->n_pad;
    size_t i0 = io->begin;
    for (; i0 + SS_RKF45_MAX_BLOCKS * SS_LANES <= end; i0 += SS_RKF45_MAX_BLOCKS * SS_LANES)
        if (ss_aeif_group(&u, i0, SS_RKF45_MAX_BLOCKS, rhs))
            return -1;
    for (; i0 < end; i0 += SS_LANES)
        if (ss_aeif_group(&u, i0, 1, rhs))
            return -1;
    return 0;
}

#endif
