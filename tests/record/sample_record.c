/* tests/record/sample_record.c — see sample_record.h. Values are chosen
 * exactly representable so comparisons can be exact. */
#include <string.h>

#include "sample_record.h"

static void fill_meta(sample *s)
{
    ss_rec_meta *m = &s->rec.meta;
    m->tool_version = "0.1.0";
    m->git_commit = "0123456789abcdef0123456789abcdef01234567-dirty";
    m->git_dirty = 1;
    m->compiler = "gcc 12.2.0";
    m->c_flags = "-O3 -march=native";
    m->build_type = "release";
    m->sanitize = "none";
    m->lib_mpi = "MPICH Version: 4.0.2";
    m->lib_hdf5 = "1.10.8";
    m->lib_papi = "7.0.0.0";
    m->lib_hwloc = "2.9.0";
    m->lib_gsl = "2.7.1";
    m->command_line = "bench-run --config 'my file.yaml' --out run.h5";
    m->config_yaml = "network:\n  order: 10\n";
    m->preset = "brunel_aeif";
    m->configuration = "builtin/builtin";
    m->neuron_model = "aeif_psc_alpha";
    m->synapse_exc_model = "stdp_synapse";
    m->seed = 12345;
    m->n_ranks = S_R;
    m->n_threads = S_T;
    m->polite_wait = 1;
    m->start_time = "2026-11-22T02:00:00Z";
    m->end_time = "2026-11-22T02:01:30Z";
    m->status = "ok";
    s->hosts[0] = "node-a";
    s->hosts[1] = "node-b";
    m->hosts = s->hosts;
    for (int i = 0; i < S_R * S_T; i++)
        s->binding[i] = i == 3 ? -1 : i;
    m->binding = s->binding;
    m->hwloc_topology_xml = "<?xml version=\"1.0\"?><topology/>";
    s->slurm[0] = (ss_rec_kv){"SLURM_JOB_ID", "42"};
    s->slurm[1] = (ss_rec_kv){"SLURM_NNODES", "2"};
    s->env[0] = (ss_rec_kv){"OMP_WAIT_POLICY", "passive"};
    s->env[1] = (ss_rec_kv){"HOME", "/root"};
    s->generated[0] = (ss_rec_kv){"aeif_psc_alpha_nestml.c", "sha256:00ff"};
    s->generated[1] = (ss_rec_kv){"aeif_psc_alpha_neuron.nestml", "sha256:ff00"};
    m->slurm = s->slurm;
    m->n_slurm = 2;
    m->environment = s->env;
    m->n_environment = 2;
    m->generated = s->generated;
    m->n_generated = 2;
}

static void fill_measurements(sample *s)
{
    for (int i = 0; i < S_R * S_T * S_P; i++) {
        s->wall[i] = 0.5 + 0.25 * i;
        s->cpu[i] = 0.125 * i;
    }
    s->rec.timers = (ss_rec_timers){S_P, ss_record_timer_phases, s->wall, s->cpu, 12.5, 1.25};
    for (int i = 0; i < S_R * S_C; i++)
        s->bytes[i] = 1000 + 7 * i;
    for (int r = 0; r < S_R; r++) {
        s->vm_hwm[r] = 1 << 20 << r;
        s->vm_rss[r] = 1 << 19 << r;
        s->growth[r] = 4096 * (r + 1);
    }
    s->rec.memory = (ss_rec_memory){S_C, ss_record_memory_categories, s->bytes, s->vm_hwm,
                                    s->vm_rss, s->growth, 812.5, 15.75};
    s->events[0] = "PAPI_TOT_INS";
    s->events[1] = "PAPI_TOT_CYC";
    s->events[2] = "PAPI_L3_TCM";
    s->reason[0] = "";
    s->reason[1] = "";
    s->reason[2] = "PAPI_ENOEVNT: event does not exist on this machine";
    s->available[0] = 1;
    s->available[1] = 1;
    s->available[2] = 0;
    for (int i = 0; i < S_R * S_T * S_Q * S_E; i++)
        s->values[i] = (i % S_E == 2) ? -1 : 1000000000000LL + i;
    s->components[0] = (ss_rec_kv){"perf_event", "enabled, 6 counters"};
    s->components[1] = (ss_rec_kv){"sysdetect", "enabled, 0 counters"};
    s->rec.counters = (ss_rec_counters){"scripted", S_E, s->events, s->available, s->reason,
                                        S_Q, ss_record_counter_phases, s->values, s->components, 2};
    s->rec.stats = (ss_rec_stats){
        .n_neurons = 12500, .n_synapses = 15625000, .spikes_exc = 5, .spikes_inh = 5,
        .t_sim_ms = 1000, .t_presim_ms = 100, .rate_exc_hz = 14.25, .rate_inh_hz = 14.5,
        .cv_isi_exc = 0.21875, .weight_mean_before = 87.8125, .weight_std_before = 0,
        .weight_mean_after = 86.5, .weight_std_after = 2.25, .real_time_factor = 8.375};
}

static void fill_recordings(sample *s)
{
    for (int i = 0; i < S_NSPK; i++) {
        s->ts_exc[i] = 100.5 + 1.25 * i;
        s->ts_inh[i] = 101.0 + 2.5 * i;
        s->id_exc[i] = (uint64_t)(9 - i);
        s->id_inh[i] = (uint64_t)i;
    }
    s->spikes[0] = (ss_rec_spikes){"exc", S_NSPK, s->ts_exc, s->id_exc};
    s->spikes[1] = (ss_rec_spikes){"inh", S_NSPK, s->ts_inh, s->id_inh};
    s->rec.spikes = s->spikes;
    s->rec.n_spike_populations = 2;
    s->rep_ids[0] = 0;
    s->rep_ids[1] = 1;
    s->vars[0] = "V_m";
    s->vars[1] = "w";
    s->units[0] = "mV";
    s->units[1] = "pA";
    for (int i = 0; i < S_NT * S_N * S_V; i++)
        s->rep_data[i] = -70.0 + 0.5 * i;
    s->report = (ss_rec_report){"exc", S_N, s->rep_ids, S_V, s->vars, s->units,
                                0.0, 0.4, 0.1, S_NT, s->rep_data};
    s->rec.reports = &s->report;
    s->rec.n_reports = 1;
}

void sample_fill(sample *s)
{
    memset(s, 0, sizeof *s);
    fill_meta(s);
    fill_measurements(s);
    fill_recordings(s);
}
