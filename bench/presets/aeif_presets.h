/* bench/presets/aeif_presets.h — helpers of the AdEx presets (brunel_aeif,
 * hpc_aeif_cond) that tests check against NEST's figures. */
#ifndef SS_AEIF_PRESETS_H
#define SS_AEIF_PRESETS_H

/* Peak PSP (mV) of an alpha-shaped current of peak 1 pA in a membrane
 * (tau_m ms, c_m pF) with synaptic time constant tau_syn (ms), computed as
 * NEST's/NESTML's benchmark scripts do (time of the maximum from the lower
 * branch of Lambert's W). J_ex = J / ss_brunel_aeif_psp_norm(...). Needs
 * tau_m != tau_syn. */
double ss_brunel_aeif_psp_norm(double tau_m, double c_m, double tau_syn);

#endif
