#include "run_record_out.h"

#include <stdio.h>
#include <string.h>

#include "record.h"
#include "record_results.h"

static int is_nestml(const char *name)
{
    size_t n = strlen(name), s = strlen("_nestml");
    return n > s && strcmp(name + n - s, "_nestml") == 0;
}

void ss_configuration_name(const char *neuron, const char *synapse, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s", is_nestml(neuron) ? "nestml" : "builtin",
             is_nestml(synapse) ? "nestml" : "builtin");
}

int ss_bench_write_record(const ss_record_inputs *in, ss_err *err)
{
    ss_run_record rec;
    memset(&rec, 0, sizeof rec);
    ss_provenance_to_meta(in->prov, &rec.meta);
    ss_record_use_results(&rec, in->r);
    char conf[128];
    ss_configuration_name(in->p->neuron, in->p->synapse_exc, conf, sizeof conf);
    rec.meta.config_yaml = in->config_yaml;
    rec.meta.preset = in->preset;
    rec.meta.configuration = conf;
    rec.meta.neuron_model = in->p->neuron;
    rec.meta.synapse_exc_model = in->p->synapse_exc;
    rec.meta.seed = (int64_t)in->p->seed;
    rec.meta.status = "ok";
    rec.timers.t_simulate = in->t_sim;
    rec.timers.t_presimulate = in->t_presim;
    rec.counters = in->counters->rec;
    ss_rec_stats *st = &rec.stats;
    st->spikes_exc = in->exc.spikes;
    st->spikes_inh = in->inh.spikes;
    st->t_sim_ms = in->p->t_sim_ms;
    st->t_presim_ms = in->p->t_presim_ms;
    st->rate_exc_hz = in->exc.rate_hz;
    st->rate_inh_hz = in->inh.rate_hz;
    st->cv_isi_exc = in->exc.cv_isi;
    st->weight_mean_before = in->weight_mean_before;
    st->weight_std_before = in->weight_std_before;
    st->weight_mean_after = in->weight_mean_after;
    st->weight_std_after = in->weight_std_after;
    st->real_time_factor = in->t_sim / (in->p->t_sim_ms * 1e-3);
    ss_sonata_spikes sp;
    memset(&sp, 0, sizeof sp);
    if (in->p->record_spikes) {
        if (ss_sonata_spikes_split(in->spikes, in->net->exc.n, in->net->inh.n, &sp, err) != 0)
            return -1;
        rec.spikes = sp.pop;
        rec.n_spike_populations = 2;
    }
    rec.reports = in->reports;
    rec.n_reports = in->n_reports;
    int rc = ss_record_write(in->out, &rec, err);
    ss_sonata_spikes_free(&sp);
    return rc;
}
