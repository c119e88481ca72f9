/* bench/run_settings.h — from the command line to one run's settings:
 * applies --config/--set/--preset/--threads in order to an ss_config, picks
 * the preset, fills every key the user left unset with the preset's default
 * (so --print-config and the run record show the effective values), and
 * returns the resolved ss_preset_params. Errors are configuration errors
 * (exit status 2) naming the file/line or --set argument and the key. */
#ifndef SS_RUN_SETTINGS_H
#define SS_RUN_SETTINGS_H

#include "config.h"
#include "presets/preset.h"
#include "registry.h"
#include "run_args.h"

int ss_run_settings_resolve(const ss_run_args *a, const ss_registry *reg, ss_config *cfg,
                            const ss_preset **preset, ss_preset_params *p, ss_err *err);

#endif
