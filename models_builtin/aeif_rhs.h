/* models_builtin/aeif_rhs.h — the right-hand sides of aeif_psc_alpha and
 * aeif_cond_alpha for SS_LANES neurons (equations in the model files and in
 * docs/numerics.md). Included by the update variants (aeif_update.h), so each
 * is compiled, and inlined into the solver, once per instruction set. */
#ifndef SS_AEIF_RHS_H
#define SS_AEIF_RHS_H

#include "aeif_common.h"

/* aeif_psc_alpha: y = V_m, w, dI_syn_ex, I_syn_ex, dI_syn_in, I_syn_in. */
SS_RKF45_INLINE void ss_aeif_psc_rhs(const void *vc, const ss_vd *y, ss_vd *f)
{
    const ss_aeif_ctx *c = vc;
    const ss_aeif_params *p = c->p;
    const ss_aeif_derived *d = c->d;
    const ss_vd V = ss_aeif_bound(y[SS_AEIF_V], p->V_peak);
    const ss_vd I_spike = ss_aeif_spike_current(p, d, V);
    /* I_spike is added last: it comes out of exp(), the longest dependency
     * chain of a stage, so the other terms are summed while it is computed */
    const ss_vd dV = (-p->g_L * (V - p->E_L) + y[SS_AEIF_X_EX] - y[SS_AEIF_X_IN] - y[SS_AEIF_W]
                      + c->I_ext + I_spike) * d->inv_C_m;
    f[SS_AEIF_V] = ss_vsel(c->refractory, ss_vsplat(0.0), dV);
    f[SS_AEIF_W] = (p->a * (V - p->E_L) - y[SS_AEIF_W]) * d->inv_tau_w;
    f[SS_AEIF_DX_EX] = -y[SS_AEIF_DX_EX] * d->inv_tau_ex;
    f[SS_AEIF_X_EX] = y[SS_AEIF_DX_EX] - y[SS_AEIF_X_EX] * d->inv_tau_ex;
    f[SS_AEIF_DX_IN] = -y[SS_AEIF_DX_IN] * d->inv_tau_in;
    f[SS_AEIF_X_IN] = y[SS_AEIF_DX_IN] - y[SS_AEIF_X_IN] * d->inv_tau_in;
}

/* aeif_cond_alpha: y = V_m, w, dg_ex, g_ex, dg_in, g_in. */
SS_RKF45_INLINE void ss_aeif_cond_rhs(const void *vc, const ss_vd *y, ss_vd *f)
{
    const ss_aeif_ctx *c = vc;
    const ss_aeif_params *p = c->p;
    const ss_aeif_derived *d = c->d;
    const ss_vd V = ss_aeif_bound(y[SS_AEIF_V], p->V_peak);
    const ss_vd I_spike = ss_aeif_spike_current(p, d, V);
    const ss_vd I_ex = y[SS_AEIF_X_EX] * (V - p->E_ex);
    const ss_vd I_in = y[SS_AEIF_X_IN] * (V - p->E_in);
    /* I_spike last: see ss_aeif_psc_rhs */
    const ss_vd dV = (-p->g_L * (V - p->E_L) - I_ex - I_in - y[SS_AEIF_W] + c->I_ext + I_spike)
                     * d->inv_C_m;
    f[SS_AEIF_V] = ss_vsel(c->refractory, ss_vsplat(0.0), dV);
    f[SS_AEIF_W] = (p->a * (V - p->E_L) - y[SS_AEIF_W]) * d->inv_tau_w;
    f[SS_AEIF_DX_EX] = -y[SS_AEIF_DX_EX] * d->inv_tau_ex;
    f[SS_AEIF_X_EX] = y[SS_AEIF_DX_EX] - y[SS_AEIF_X_EX] * d->inv_tau_ex;
    f[SS_AEIF_DX_IN] = -y[SS_AEIF_DX_IN] * d->inv_tau_in;
    f[SS_AEIF_X_IN] = y[SS_AEIF_DX_IN] - y[SS_AEIF_X_IN] * d->inv_tau_in;
}

#endif
