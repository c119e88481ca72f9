/* tests/config/test_config.c — YAML configuration: examples, every error
 * kind with its exact message, --set, preset defaults, print/load round trip. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

#define ORIGIN "bench/configs/x.yaml"

static ss_config cfg;

static void setup(void) { cr_assert_eq(ss_config_init(&cfg), 0); }
static void teardown(void) { ss_config_free(&cfg); }

TestSuite(config, .init = setup, .fini = teardown);

static int load(const char *text, ss_err *err)
{
    return ss_config_load_buffer(&cfg, text, strlen(text), ORIGIN, err);
}

/* Loading `text` must fail with exactly `msg`, and leave cfg at its defaults. */
static void expect_error(const char *text, const char *msg)
{
    ss_err err = {{0}};
    cr_assert_neq(load(text, &err), 0, "accepted: %s", text);
    cr_assert_str_eq(err.msg, msg);
    ss_config fresh;
    cr_assert_eq(ss_config_init(&fresh), 0);
    cr_assert(ss_config_equal(&cfg, &fresh), "a failed load changed the configuration");
    for (int k = 0; k < SS_CFG_N_KEYS; k++)
        cr_assert(!cfg.set[k]);
    ss_config_free(&fresh);
}

static void expect_set_error(const char *arg, const char *msg)
{
    ss_err err = {{0}};
    cr_assert_neq(ss_config_set(&cfg, arg, &err), 0, "accepted: %s", arg);
    cr_assert_str_eq(err.msg, msg);
}

/* ---- defaults and the example files ---- */

Test(config, defaults_are_documented_values_and_unset)
{
    cr_assert_str_eq(cfg.network.preset, "brunel_aeif");
    cr_assert_eq(cfg.simulation.t_sim_ms, 1000.0);
    cr_assert_eq(cfg.simulation.t_presim_ms, 100.0);
    cr_assert_eq(cfg.solver.abs_tol, 1e-6);
    cr_assert_eq(cfg.solver.rel_tol, 1e-6);
    cr_assert_eq(cfg.counters.events.n, 6);
    const char *ev[] = {"PAPI_TOT_INS", "PAPI_TOT_CYC", "PAPI_L1_DCM", "PAPI_L2_DCM", "PAPI_L3_TCM", "PAPI_BR_MSP"};
    for (size_t i = 0; i < 6; i++)
        cr_assert_str_eq(cfg.counters.events.items[i], ev[i]);
    for (int k = 0; k < SS_CFG_N_KEYS; k++) {
        cr_assert(!ss_config_is_set(&cfg, (ss_cfg_key)k));
        cr_assert_not_null(ss_config_key_name((ss_cfg_key)k));
    }
    cr_assert_str_eq(ss_config_key_name(SS_CFG_SIM_T_SIM_MS), "simulation.t_sim_ms");
    cr_assert_null(ss_config_key_name(SS_CFG_N_KEYS));
}

static void load_example(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/bench/configs/%s", SS_SOURCE_ROOT, name);
    ss_err err = {{0}};
    cr_assert_eq(ss_config_load_file(&cfg, path, &err), 0, "%s: %s", name, err.msg);
}

Test(config, example_brunel_aeif_loads)
{
    load_example("brunel_aeif.yaml");
    cr_assert_str_eq(cfg.network.preset, "brunel_aeif");
    cr_assert_eq(cfg.network.order, 500);
    cr_assert_str_eq(cfg.network.neuron, "aeif_psc_alpha");
    cr_assert_eq(cfg.simulation.resolution_ms, 0.01);
    cr_assert_eq(cfg.recording.per_population, 2);
    cr_assert_eq(cfg.recording.variables.n, 2);
    cr_assert_str_eq(cfg.recording.variables.items[1], "w");
    cr_assert(ss_config_is_set(&cfg, SS_CFG_SIM_RESOLUTION_MS));
    cr_assert(!ss_config_is_set(&cfg, SS_CFG_COUNTERS_EVENTS));
}

Test(config, example_brunel_iaf_loads)
{
    load_example("brunel_iaf.yaml");
    cr_assert_str_eq(cfg.network.preset, "brunel_iaf");
    cr_assert_eq(cfg.simulation.resolution_ms, 0.1);
    cr_assert_eq(cfg.simulation.threads, 2);
    cr_assert(cfg.simulation.record_spikes);
    cr_assert(ss_config_is_set(&cfg, SS_CFG_COUNTERS_EVENTS));
}

Test(config, example_hpc_aeif_cond_loads)
{
    load_example("hpc_aeif_cond.yaml");
    cr_assert_str_eq(cfg.network.preset, "hpc_aeif_cond");
    cr_assert_eq(cfg.network.order, 2000);
    cr_assert_eq(cfg.network.stdp_lambda, 0.01);
    cr_assert_eq(cfg.recording.gids.n, 3);
    cr_assert_eq(cfg.recording.gids.items[2], 3);
    cr_assert(!ss_config_is_set(&cfg, SS_CFG_SIM_T_PRESIM_MS));
}

Test(config, empty_file_sets_nothing)
{
    ss_err err = {{0}};
    cr_assert_eq(load("# nothing\n", &err), 0, "%s", err.msg);
    for (int k = 0; k < SS_CFG_N_KEYS; k++)
        cr_assert(!cfg.set[k]);
}

Test(config, bool_spellings_agree_with_libcyaml)
{
    ss_err err = {{0}};
    cr_assert_eq(load("simulation:\n  record_spikes: yes\n", &err), 0, "%s", err.msg);
    cr_assert(cfg.simulation.record_spikes);
    cr_assert_eq(load("simulation:\n  record_spikes: off\n", &err), 0, "%s", err.msg);
    cr_assert(!cfg.simulation.record_spikes);
    cr_assert_eq(load("simulation:\n  record_spikes: True\n", &err), 0, "%s", err.msg);
    cr_assert(cfg.simulation.record_spikes);
}

Test(config, numbers_in_all_decimal_forms)
{
    ss_err err = {{0}};
    cr_assert_eq(load("simulation:\n  t_sim_ms: 2.5e2\n  resolution_ms: .05\n  seed: 9223372036854775807\n"
                      "solver:\n  abs_tol: 1E-8\n",
                      &err), 0, "%s", err.msg);
    cr_assert_eq(cfg.simulation.t_sim_ms, 250.0);
    cr_assert_eq(cfg.simulation.resolution_ms, 0.05);
    cr_assert_eq(cfg.simulation.seed, 9223372036854775807ull);
    cr_assert_eq(cfg.solver.abs_tol, 1e-8);
}

/* ---- every error kind: file, line, key ---- */

Test(config, wrong_type_names_file_line_key)
{
    expect_error("# line 1\n"
                 "network:\n"
                 "  preset: brunel_aeif\n"
                 "  order: 100\n"
                 "\n"
                 "simulation:\n"
                 "  t_sim_ms: abc\n",
                 ORIGIN ":7: simulation.t_sim_ms: expected a number > 0, got \"abc\"");
}

Test(config, out_of_range)
{
    expect_error("simulation:\n  threads: 0\n",
                 ORIGIN ":2: simulation.threads: expected an integer in [1, 1024], got \"0\"");
    expect_error("solver:\n  rel_tol: 1\n",
                 ORIGIN ":2: solver.rel_tol: expected a number in (0, 1), got \"1\"");
    expect_error("simulation:\n  t_presim_ms: -1\n",
                 ORIGIN ":2: simulation.t_presim_ms: expected a number >= 0, got \"-1\"");
    expect_error("network:\n  order: 0\n",
                 ORIGIN ":2: network.order: expected an integer in [1, 100000000], got \"0\"");
    expect_error("simulation:\n  seed: -5\n",
                 ORIGIN ":2: simulation.seed: expected an integer >= 0, got \"-5\"");
    expect_error("simulation:\n  seed: 9223372036854775808\n",
                 ORIGIN ":2: simulation.seed: expected an integer >= 0, got \"9223372036854775808\"");
}

Test(config, unknown_key_and_section)
{
    expect_error("simulation:\n  t_sim: 5\n",
                 ORIGIN ":2: simulation.t_sim: unknown key (known keys in simulation: t_sim_ms, "
                        "t_presim_ms, resolution_ms, seed, record_spikes, threads)");
    expect_error("network:\n  order: 5\nsimulaton:\n  t_sim_ms: 5\n",
                 ORIGIN ":3: simulaton: unknown section (known: network, simulation, recording, "
                        "counters, solver)");
}

Test(config, structure_errors)
{
    expect_error("network:\n  order: {a: 1}\n",
                 ORIGIN ":2: network.order: expected an integer in [1, 100000000], got a mapping");
    expect_error("network: 5\n", ORIGIN ":1: network: expected a mapping of keys, got a scalar");
    expect_error("network:\nsolver:\n  abs_tol: 1e-3\n", ORIGIN ":1: network: expected a mapping of keys, got nothing");
    expect_error("- a\n- b\n", ORIGIN ":1: expected a mapping with sections network, simulation, "
                                      "recording, counters, solver");
    expect_error("network:\n  order:\n",
                 ORIGIN ":2: network.order: expected an integer in [1, 100000000], got nothing");
}

Test(config, duplicates)
{
    expect_error("network:\n  order: 5\n  order: 6\n",
                 ORIGIN ":3: network.order: duplicate key (first given on line 2)");
    expect_error("network:\n  order: 5\nsolver:\n  abs_tol: 1e-3\nnetwork:\n  preset: x\n",
                 ORIGIN ":5: network: duplicate section (first given on line 1)");
}

Test(config, yaml_syntax_error_has_line)
{
    expect_error("network:\n  order: 5\n  preset: [a\n", ORIGIN ":4: YAML syntax error: did not find "
                                                          "expected ',' or ']' while parsing a flow sequence");
}

Test(config, lists)
{
    expect_error("counters:\n  events: PAPI_TOT_INS\n",
                 ORIGIN ":2: counters.events: expected a list of event names, e.g. [PAPI_TOT_INS, "
                        "PAPI_TOT_CYC], got \"PAPI_TOT_INS\"");
    expect_error("recording:\n  variables:\n    - V_m\n    - 3x\n",
                 ORIGIN ":4: recording.variables: expected a list of names, e.g. [V_m, w], got \"3x\"");
    expect_error("recording:\n  gids: [1, 0]\n",
                 ORIGIN ":2: recording.gids: expected a list of neuron ids >= 1, e.g. [1, 2, 3], got \"0\"");
}

Test(config, no_octal_hex_inf_nan_or_quoted_numbers)
{
    expect_error("network:\n  order: 010\n",
                 ORIGIN ":2: network.order: expected an integer in [1, 100000000], got \"010\"");
    expect_error("network:\n  order: 0x10\n",
                 ORIGIN ":2: network.order: expected an integer in [1, 100000000], got \"0x10\"");
    expect_error("simulation:\n  t_sim_ms: .inf\n",
                 ORIGIN ":2: simulation.t_sim_ms: expected a number > 0, got \".inf\"");
    expect_error("simulation:\n  t_sim_ms: nan\n",
                 ORIGIN ":2: simulation.t_sim_ms: expected a number > 0, got \"nan\"");
    expect_error("simulation:\n  t_sim_ms: \"100\"\n",
                 ORIGIN ":2: simulation.t_sim_ms: expected a number > 0, got \"100\"");
    expect_error("simulation:\n  record_spikes: 1\n",
                 ORIGIN ":2: simulation.record_spikes: expected true or false, got \"1\"");
}

Test(config, names_are_identifiers)
{
    expect_error("network:\n  preset: \"\"\n",
                 ORIGIN ":2: network.preset: expected a name ([A-Za-z_][A-Za-z0-9_]*), got \"\"");
    expect_error("network:\n  neuron: aeif psc\n",
                 ORIGIN ":2: network.neuron: expected a model name ([A-Za-z_][A-Za-z0-9_]*) or \"\", "
                        "got \"aeif psc\"");
}

Test(config, gids_and_per_population_exclusive)
{
    expect_error("recording:\n  gids: [1]\n  interval_ms: 1\n  per_population: 3\n",
                 ORIGIN ":4: recording.per_population: cannot be combined with recording.gids "
                        "(line 2): choose neurons by id or by count");
}

Test(config, missing_file)
{
    ss_err err = {{0}};
    cr_assert_neq(ss_config_load_file(&cfg, "/nonexistent/x.yaml", &err), 0);
    cr_assert_str_eq(err.msg, "/nonexistent/x.yaml: cannot open configuration: No such file or directory");
}

Test(config, real_file_error_names_its_path)
{
    char dir[] = "/tmp/ss-config-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[128], want[256];
    snprintf(path, sizeof path, "%s/bad.yaml", dir);
    FILE *f = fopen(path, "w");
    fputs("network:\n  order: 12\nsimulation:\n  resolution_ms: 0\n", f);
    fclose(f);
    ss_err err = {{0}};
    int rc = ss_config_load_file(&cfg, path, &err);
    unlink(path);
    rmdir(dir);
    cr_assert_neq(rc, 0);
    snprintf(want, sizeof want, "%s:4: simulation.resolution_ms: expected a number in (0, 100], got \"0\"", path);
    cr_assert_str_eq(err.msg, want);
    cr_assert_eq(cfg.network.order, 500, "partial load applied");
}

/* ---- --set ---- */

Test(config, set_overrides_after_file)
{
    ss_err err = {{0}};
    cr_assert_eq(load("network:\n  order: 100\n", &err), 0);
    cr_assert_eq(ss_config_set(&cfg, "network.order=250", &err), 0, "%s", err.msg);
    cr_assert_eq(cfg.network.order, 250);
    cr_assert_eq(ss_config_set(&cfg, "counters.events=[PAPI_TOT_INS, perf::TASK-CLOCK]", &err), 0, "%s", err.msg);
    cr_assert_eq(cfg.counters.events.n, 2);
    cr_assert_str_eq(cfg.counters.events.items[1], "perf::TASK-CLOCK");
    cr_assert_eq(ss_config_set(&cfg, "simulation.record_spikes=true", &err), 0);
    cr_assert(cfg.simulation.record_spikes);
    cr_assert_eq(ss_config_set(&cfg, "network.neuron=\"\"", &err), 0, "%s", err.msg);
    cr_assert_str_eq(cfg.network.neuron, "");
    cr_assert(ss_config_is_set(&cfg, SS_CFG_SIM_RECORD_SPIKES));
    cr_assert(ss_config_is_set(&cfg, SS_CFG_COUNTERS_EVENTS));
    cr_assert(!ss_config_is_set(&cfg, SS_CFG_SIM_THREADS));
}

Test(config, set_errors_name_the_argument)
{
    expect_set_error("simulation.t_sim_ms=abc",
                     "--set simulation.t_sim_ms=abc: simulation.t_sim_ms: expected a number > 0, got \"abc\"");
    expect_set_error("simulation.t_sim=5", "--set simulation.t_sim=5: simulation.t_sim: unknown key "
                                           "(known keys in simulation: t_sim_ms, t_presim_ms, "
                                           "resolution_ms, seed, record_spikes, threads)");
    expect_set_error("foo=5", "--set foo=5: foo: unknown key (keys are section.name; sections: network, "
                               "simulation, recording, counters, solver)");
    expect_set_error("network.order", "--set network.order: expected key=value, e.g. network.order=500");
    expect_set_error("network.order=", "--set network.order=: network.order: expected an integer in "
                                       "[1, 100000000], got nothing");
    expect_set_error("recording.variables=[V_m",
                     "--set recording.variables=[V_m: value is not valid YAML: did not find expected ',' or ']'");
    expect_set_error("simulation.threads=2000", "--set simulation.threads=2000: simulation.threads: expected "
                                                "an integer in [1, 1024], got \"2000\"");
    cr_assert_eq(cfg.simulation.threads, 1);
}

Test(config, later_neuron_choice_wins)
{
    ss_err err = {{0}};
    cr_assert_eq(load("recording:\n  gids: [4, 5]\n", &err), 0);
    cr_assert_eq(ss_config_set(&cfg, "recording.per_population=3", &err), 0, "%s", err.msg);
    cr_assert_eq(cfg.recording.gids.n, 0);
    cr_assert(!ss_config_is_set(&cfg, SS_CFG_REC_GIDS));
    cr_assert_eq(ss_config_set(&cfg, "recording.gids=[7]", &err), 0);
    cr_assert_eq(cfg.recording.per_population, 0);
    cr_assert_eq(cfg.recording.gids.items[0], 7);
}

Test(config, preset_defaults_fill_only_unset_keys)
{
    ss_err err = {{0}};
    cr_assert_eq(load("simulation:\n  t_sim_ms: 200\n", &err), 0);
    cr_assert_eq(ss_config_default(&cfg, "simulation.t_sim_ms=1000", &err), 0);
    cr_assert_eq(ss_config_default(&cfg, "simulation.resolution_ms=0.01", &err), 0);
    cr_assert_eq(cfg.simulation.t_sim_ms, 200.0);
    cr_assert_eq(cfg.simulation.resolution_ms, 0.01);
    cr_assert(!ss_config_is_set(&cfg, SS_CFG_SIM_RESOLUTION_MS));
    cr_assert_neq(ss_config_default(&cfg, "simulation.resolution_ms=x", &err), 0);
    cr_assert_str_eq(err.msg, "preset default simulation.resolution_ms=x: simulation.resolution_ms: "
                              "expected a number in (0, 100], got \"x\"");
}

/* ---- --print-config round trip ---- */

static void round_trip(void)
{
    char *text = ss_config_to_yaml(&cfg);
    cr_assert_not_null(text);
    ss_config back;
    cr_assert_eq(ss_config_init(&back), 0);
    ss_err err = {{0}};
    int rc = ss_config_load_buffer(&back, text, strlen(text), "printed", &err);
    cr_assert_eq(rc, 0, "%s\n%s", err.msg, text);
    cr_assert(ss_config_equal(&cfg, &back), "round trip differs:\n%s", text);
    for (int k = 0; k < SS_CFG_N_KEYS; k++)
        cr_assert(back.set[k], "printed config does not set %s", ss_config_key_name((ss_cfg_key)k));
    ss_config_free(&back);
    free(text);
}

Test(config, print_load_round_trip_defaults)
{
    round_trip();
}

Test(config, print_load_round_trip_everything_changed)
{
    const char *sets[] = {
        "network.preset=hpc_aeif_cond", "network.order=1234", "network.neuron=aeif_cond_alpha_nestml",
        "network.synapse_exc=stdp_synapse_nestml", "network.stdp_lambda=0.1",
        "simulation.t_sim_ms=0.30000000000000004", "simulation.t_presim_ms=0",
        "simulation.resolution_ms=0.01", "simulation.seed=18446744", "simulation.record_spikes=true",
        "simulation.threads=3", "recording.gids=[1, 99, 1000000]", "recording.variables=[V_m, w, I_syn_ex]",
        "recording.interval_ms=0.1", "counters.events=[]", "solver.abs_tol=1e-9", "solver.rel_tol=3.3e-7",
    };
    ss_err err = {{0}};
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        cr_assert_eq(ss_config_set(&cfg, sets[i], &err), 0, "%s: %s", sets[i], err.msg);
    cr_assert_eq(cfg.simulation.t_sim_ms, 0.1 + 0.2);
    round_trip();
}

Test(config, print_marks_defaults)
{
    ss_err err = {{0}};
    cr_assert_eq(ss_config_set(&cfg, "network.order=7", &err), 0);
    char *text = ss_config_to_yaml(&cfg);
    cr_assert_not_null(strstr(text, "network:\n  preset: \"brunel_aeif\"  # default\n  order: 7\n"), "%s", text);
    cr_assert_not_null(strstr(text, "  events: [\"PAPI_TOT_INS\", \"PAPI_TOT_CYC\", \"PAPI_L1_DCM\", "
                                    "\"PAPI_L2_DCM\", \"PAPI_L3_TCM\", \"PAPI_BR_MSP\"]  # default\n"), "%s", text);
    free(text);
}
