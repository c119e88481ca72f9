/* aeif_cond_alpha — adaptive exponential integrate-and-fire neuron with alpha
 * conductance synapses, NEST's equations, parameter names and defaults,
 * integrated with the engine's RKF45 in the scheme of DESIGN §9
 * (docs/numerics.md):
 *
 *   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T)
 *               - g_ex (V - E_ex) - g_in (V - E_in) - w + I_e + I_stim,
 *               V := min(V_m, V_peak)
 *   tau_w dw/dt = a (V - E_L) - w
 *   dg_X/dt = dg_X - g_X/tau_syn_X,   d(dg_X)/dt = -dg_X/tau_syn_X
 *
 * A spike of weight J on receptor X adds J·e/tau_syn_X to dg_X (peak
 * conductance J nS at t = tau_syn_X); inhibitory weights arrive negative and
 * are negated, so g_in >= 0, as in NEST. */
#include "aeif_common.h"

static void *cond_create(size_t n, size_t n_pad, ss_err *err)
{
    return ss_aeif_create(&ss_model_aeif_cond_alpha, n, n_pad, err);
}

static const char *const cond_receptors[] = {"exc", "inh"};

static const ss_var_info cond_vars[] = {
    {"C_m", "pF", SS_VAR_PARAMETER, 281.0},
    {"g_L", "nS", SS_VAR_PARAMETER, 30.0},
    {"E_L", "mV", SS_VAR_PARAMETER, -70.6},
    {"V_th", "mV", SS_VAR_PARAMETER, -50.4},
    {"Delta_T", "mV", SS_VAR_PARAMETER, 2.0},
    {"tau_w", "ms", SS_VAR_PARAMETER, 144.0},
    {"a", "nS", SS_VAR_PARAMETER, 4.0},
    {"b", "pA", SS_VAR_PARAMETER, 80.5},
    {"V_peak", "mV", SS_VAR_PARAMETER, 0.0},
    {"V_reset", "mV", SS_VAR_PARAMETER, -60.0},
    {"t_ref", "ms", SS_VAR_PARAMETER, 0.0},
    {"E_ex", "mV", SS_VAR_PARAMETER, 0.0},
    {"E_in", "mV", SS_VAR_PARAMETER, -85.0},
    {"tau_syn_ex", "ms", SS_VAR_PARAMETER, 0.2},
    {"tau_syn_in", "ms", SS_VAR_PARAMETER, 2.0},
    {"I_e", "pA", SS_VAR_PARAMETER, 0.0},
    {"tau_minus", "ms", SS_VAR_PARAMETER, 20.0},
    {"gsl_abs_error_tol", "1", SS_VAR_PARAMETER, SS_RKF45_EPS_ABS_DEFAULT},
    {"gsl_rel_error_tol", "1", SS_VAR_PARAMETER, SS_RKF45_EPS_REL_DEFAULT},
    {"V_m", "mV", SS_VAR_STATE, -70.6},
    {"w", "pA", SS_VAR_STATE, 0.0},
    {"g_ex", "nS", SS_VAR_STATE, 0.0},
    {"dg_ex", "nS/ms", SS_VAR_STATE, 0.0},
    {"g_in", "nS", SS_VAR_STATE, 0.0},
    {"dg_in", "nS/ms", SS_VAR_STATE, 0.0},
    {"refr_t", "ms", SS_VAR_STATE, 0.0},
};

const ss_neuron_model ss_model_aeif_cond_alpha = {
    .abi_version = SS_MODEL_ABI_VERSION,
    .name = "aeif_cond_alpha",
    .summary = "AdEx neuron, alpha-shaped conductance synapses (NEST's aeif_cond_alpha, RKF45)",
    .provenance = NULL,
    .n_receptors = 2,
    .receptor_names = cond_receptors,
    .route_by_sign = true,
    .n_vars = sizeof cond_vars / sizeof cond_vars[0],
    .vars = cond_vars,
    .post_trace_tau = "tau_minus",
    .create = cond_create,
    .destroy = ss_aeif_destroy,
    .bytes = ss_aeif_bytes,
    .set_param = ss_aeif_set_param,
    .get_param = ss_aeif_get_param,
    .state = ss_aeif_state,
    .calibrate = ss_aeif_calibrate,
    .update = ss_aeif_cond_update,
};
