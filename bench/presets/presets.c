/* bench/presets/presets.c — the table of presets and shared helpers. */
#include "preset.h"

#include <math.h>
#include <string.h>

extern const ss_preset ss_preset_brunel_iaf;
extern const ss_preset ss_preset_brunel_aeif;
extern const ss_preset ss_preset_hpc_aeif_cond;

static const ss_preset *const all[] = {
    &ss_preset_brunel_iaf,
    &ss_preset_brunel_aeif,
    &ss_preset_hpc_aeif_cond,
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

/* (1 - e^-x (1 + x)) / x^2, with a series near 0 so that tau_m -> tau_syn is exact. */
static double alpha_g(double x)
{
    if (fabs(x) < 0.05)
        return 0.5 + x * (-1.0 / 3 + x * (1.0 / 8 + x * (-1.0 / 30 + x * (1.0 / 144 +
                     x * (-1.0 / 840 + x * (1.0 / 5760))))));
    return (1.0 - exp(-x) * (1.0 + x)) / (x * x);
}

/* PSP of a unit-peak alpha current: V(t) = e/(tau_s C) e^{-t/tau_m} t^2 g(b t). */
static double psp(double t, double tau_m, double tau_s, double c_m)
{
    double b = 1.0 / tau_s - 1.0 / tau_m;
    return M_E / (tau_s * c_m) * exp(-t / tau_m) * t * t * alpha_g(b * t);
}

/* The PSP is unimodal: golden-section search for its maximum. At the peak the
 * curve is flat, so the peak value is exact to rounding even though t_max is
 * only known to ~1e-8 relative. This avoids the Lambert-W closed form, which is
 * ill-conditioned near tau_m == tau_syn. */
double ss_alpha_psp_peak(double tau_m, double tau_syn, double c_m)
{
    const double phi = (sqrt(5.0) - 1.0) / 2.0;
    double lo = 0.0, hi = 20.0 * (tau_m > tau_syn ? tau_m : tau_syn);
    double x1 = hi - phi * (hi - lo), x2 = lo + phi * (hi - lo);
    double f1 = psp(x1, tau_m, tau_syn, c_m), f2 = psp(x2, tau_m, tau_syn, c_m);
    for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
        if (f1 < f2) {
            lo = x1; x1 = x2; f1 = f2;
            x2 = lo + phi * (hi - lo);
            f2 = psp(x2, tau_m, tau_syn, c_m);
        } else {
            hi = x2; x2 = x1; f2 = f1;
            x1 = hi - phi * (hi - lo);
            f1 = psp(x1, tau_m, tau_syn, c_m);
        }
    }
    return f1 > f2 ? f1 : f2;
}
