/* bench/presets/presets.c — the table of presets and shared helpers. */
#include "preset.h"

#include <gsl/gsl_sf_lambert.h>
#include <math.h>
#include <string.h>

extern const ss_preset ss_preset_brunel_iaf;

static const ss_preset *const all[] = {
    &ss_preset_brunel_iaf,
    NULL,
};

const ss_preset *const *ss_preset_all(void)
{
    return all;
}

const ss_preset *ss_preset_find(const char *name)
{
    for (size_t i = 0; all[i]; ++i)
        if (strcmp(all[i]->name, name) == 0)
            return all[i];
    return NULL;
}

double ss_alpha_psp_peak(double tau_m, double tau_syn, double c_m)
{
    if (fabs(tau_m - tau_syn) < 1e-12 * tau_m) /* V(t) = e t^2 e^{-t/tau} / (2 tau C): peak at 2 tau */
        return 2.0 * tau_m * exp(-1.0) / c_m;
    double a = tau_m / tau_syn, b = 1.0 / tau_syn - 1.0 / tau_m;
    double t_max = (-gsl_sf_lambert_Wm1(-exp(-1.0 / a) / a) - 1.0 / a) / b;
    return M_E / (tau_syn * c_m * b) *
           ((exp(-t_max / tau_m) - exp(-t_max / tau_syn)) / b - t_max * exp(-t_max / tau_syn));
}
