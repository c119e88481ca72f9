"""Writes synthetic run files and experiment directories with known numbers.

Used by the tests (and handy for trying the report without running the engine).
Files follow docs/run-record.md schema v1 exactly; every number that the analysis
reads can be set by the caller, everything else gets a plausible default.
"""
import json
import os

import h5py
import numpy as np

PHASES = ["create", "connect", "prepare", "update", "collect", "communicate", "deliver", "wait"]
CATEGORIES = ["neurons", "ring_buffers", "connections", "source_index", "presynaptic_state",
              "post_history", "spike_buffers", "mpi_buffers"]
# How a thread's simulate time splits over update, collect, communicate, deliver, wait.
SIM_SPLIT = {"update": 0.55, "collect": 0.05, "communicate": 0.10, "deliver": 0.25, "wait": 0.05}
CONFIG_MODELS = {
    "builtin/builtin": ("aeif_psc_alpha", "stdp_synapse"),
    "nestml/builtin": ("aeif_psc_alpha_nestml", "stdp_synapse"),
    "nestml/nestml": ("aeif_psc_alpha_nestml", "stdp_synapse_nestml"),
}
NOT_AVAILABLE = "PAPI_ECMP_DISABLED: perf_event component disabled: libpfm4 no default PMU found"

_STR = h5py.string_dtype("utf-8")


def _attr_str(obj, name, value):
    obj.attrs.create(name, value, dtype=_STR)


def _attr_strs(obj, name, values):
    obj.attrs.create(name, np.array(values, dtype=object), dtype=_STR)


def default_wall(n_ranks, n_threads, t_simulate, imbalance=None, setup=(0.1, 0.5, 0.05)):
    """[R][T][P] wall times: setup phases as given, the simulate time split by SIM_SPLIT.
    `imbalance` (optional [R][T] factors) scales each thread's simulation phases."""
    wall = np.zeros((n_ranks, n_threads, len(PHASES)))
    for i, p in enumerate(PHASES[:3]):
        wall[:, :, i] = setup[i]
    for p, share in SIM_SPLIT.items():
        wall[:, :, PHASES.index(p)] = share * t_simulate
    if imbalance is not None:
        for p in SIM_SPLIT:
            wall[:, :, PHASES.index(p)] *= np.asarray(imbalance, dtype=float)
    return wall


def _spike_trains(rng, n, rate_hz, cv, t_start_ms, t_stop_ms):
    """Gamma renewal trains (shape 1/CV^2) for n neurons, sorted by time (SONATA by_time)."""
    shape = 1.0 / (cv * cv)
    mean_isi = 1000.0 / rate_hz
    times, ids = [], []
    count = int((t_stop_ms - t_start_ms) / mean_isi * 1.5) + 10
    for nid in range(n):
        isi = rng.gamma(shape, mean_isi / shape, size=count)
        t = t_start_ms + rng.uniform(0, mean_isi) + np.cumsum(isi)
        t = t[t < t_stop_ms]
        times.append(t)
        ids.append(np.full(t.size, nid, dtype=np.uint64))
    t, i = np.concatenate(times), np.concatenate(ids)
    order = np.lexsort((i, t))
    return t[order], i[order]


def write_run(path, configuration="builtin/builtin", n_ranks=1, n_threads=1, seed=12345,
              order=100, t_simulate=1.0, t_presimulate=0.1, wall=None, mem_bytes=None,
              vm_hwm=None, bytes_per_neuron=1000.0, bytes_per_synapse=50.0,
              rate_exc=14.0, rate_inh=14.0, cv=0.22, t_sim_ms=1000.0, t_presim_ms=100.0,
              counters_available=False, counter_values=None, spikes=False, spike_neurons=50,
              schema_version=1, hosts=None, slurm=None, generated=None, git_dirty=0,
              neuron=None, synapse=None, config_yaml=None):
    """Writes one run record; returns the path. Numbers not given get plausible defaults."""
    neuron = neuron or CONFIG_MODELS.get(configuration, ("?", "?"))[0]
    synapse = synapse or CONFIG_MODELS.get(configuration, ("?", "?"))[1]
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with h5py.File(path, "w") as f:
        _attr_str(f, "format", "spikescale-run")
        f.attrs["schema_version"] = np.int64(schema_version)
        _write_meta(f.create_group("meta"), locals())
        _write_timers(f.create_group("timers"), wall if wall is not None else
                      default_wall(n_ranks, n_threads, t_simulate), t_simulate, t_presimulate)
        _write_memory(f.create_group("memory"), n_ranks, mem_bytes, vm_hwm,
                      bytes_per_neuron, bytes_per_synapse)
        _write_counters(f.create_group("counters"), n_ranks, n_threads,
                        counters_available, counter_values)
        _write_stats(f.create_group("stats"), locals())
        if spikes:
            _write_spikes(f.create_group("spikes"), seed, order, spike_neurons, rate_exc,
                          rate_inh, cv, t_presim_ms, t_presim_ms + t_sim_ms)
    return path


def _write_meta(g, a):
    g.attrs["schema_version"] = np.int64(a["schema_version"])
    strings = {
        "tool_version": "0.1.0", "git_commit": "0123456789abcdef0123456789abcdef01234567",
        "compiler": "gcc 12.2.0", "c_flags": "-O2 -march=x86-64", "build_type": "release",
        "sanitize": "none", "lib_mpi": "MPICH 4.0.2", "lib_hdf5": "1.10.8", "lib_papi": "7.0.0",
        "lib_hwloc": "2.9.0", "lib_gsl": "2.7.1",
        "command_line": f"bench-run --preset brunel_aeif --set network.order={a['order']}",
        "config_yaml": a["config_yaml"] or f"preset: brunel_aeif\nnetwork:\n  order: "
                                           f"{a['order']}\nseed: {a['seed']}\n",
        "preset": "brunel_aeif", "configuration": a["configuration"],
        "neuron_model": a["neuron"], "synapse_exc_model": a["synapse"],
        "start_time": "2026-11-22T02:00:00Z", "end_time": "2026-11-22T02:01:00Z", "status": "ok",
    }
    for k, v in strings.items():
        _attr_str(g, k, v)
    for k, v in (("git_dirty", a["git_dirty"]), ("seed", a["seed"]), ("n_ranks", a["n_ranks"]),
                 ("n_threads", a["n_threads"]), ("polite_wait", 0)):
        g.attrs[k] = np.int64(v)
    hosts = a["hosts"] or ["node01"] * a["n_ranks"]
    g.create_dataset("hosts", data=np.array(hosts, dtype=object), dtype=_STR)
    g.create_dataset("binding", data=np.arange(a["n_ranks"] * a["n_threads"],
                                               dtype=np.int64).reshape(a["n_ranks"], a["n_threads"]))
    g.create_dataset("hwloc_topology_xml", data=_HWLOC_XML, dtype=_STR)
    if a["slurm"]:
        s = g.create_group("slurm")
        for k, v in a["slurm"].items():
            _attr_str(s, k, v)
    env = g.create_group("environment")
    _attr_str(env, "OMP_WAIT_POLICY", "passive")
    gen = g.create_group("generated")
    for k, v in (a["generated"] or {}).items():
        _attr_str(gen, k, v)


_HWLOC_XML = """<?xml version="1.0" encoding="UTF-8"?>
<topology version="2.0">
  <object type="Machine" os_index="0">
    <info name="CPUModel" value="Synthetic CPU"/>
    <object type="Package" os_index="0">
      <object type="NUMANode" os_index="0" local_memory="25769803776"/>
      <object type="Core" os_index="0"><object type="PU" os_index="0"/></object>
      <object type="Core" os_index="1"><object type="PU" os_index="1"/></object>
    </object>
  </object>
</topology>
"""


def _write_timers(g, wall, t_simulate, t_presimulate):
    g.create_dataset("wall", data=np.asarray(wall, dtype=np.float64))
    g.create_dataset("cpu", data=np.asarray(wall, dtype=np.float64) * 0.98)
    _attr_strs(g, "phases", PHASES)
    g.attrs["t_simulate"] = np.float64(t_simulate)
    g.attrs["t_presimulate"] = np.float64(t_presimulate)


def _write_memory(g, n_ranks, mem_bytes, vm_hwm, bpn, bps):
    if mem_bytes is None:
        mem_bytes = np.tile(np.array([1, 2, 40, 3, 4, 5, 1, 1], dtype=np.int64) * 100000,
                            (n_ranks, 1))
    mem_bytes = np.asarray(mem_bytes, dtype=np.int64)
    g.create_dataset("bytes", data=mem_bytes)
    _attr_strs(g, "categories", CATEGORIES)
    hwm = np.asarray(vm_hwm if vm_hwm is not None else [200 << 20] * n_ranks, dtype=np.int64)
    g.create_dataset("vm_hwm", data=hwm)
    g.create_dataset("vm_rss", data=hwm - (1 << 20))
    g.create_dataset("rss_growth_connect", data=np.asarray(mem_bytes.sum(axis=1), np.int64))
    g.attrs["bytes_per_neuron"] = np.float64(bpn)
    g.attrs["bytes_per_synapse"] = np.float64(bps)


COUNTER_EVENTS = ["PAPI_TOT_INS", "PAPI_TOT_CYC", "PAPI_L2_TCM"]


def _write_counters(g, n_ranks, n_threads, available, values):
    _attr_strs(g, "events", COUNTER_EVENTS)
    _attr_strs(g, "phases", ["update", "deliver"])
    e = len(COUNTER_EVENTS)
    # available: one flag for all events, or a list with one flag per event
    flags = [bool(x) for x in available] if isinstance(available, (list, tuple)) else \
        [bool(available)] * e
    g.create_dataset("available", data=np.array(flags, dtype=np.int8))
    reasons = ["" if ok else NOT_AVAILABLE for ok in flags]
    g.create_dataset("reason", data=np.array(reasons, dtype=object), dtype=_STR)
    if values is None:
        values = np.full((n_ranks, n_threads, 2, e), -1, dtype=np.int64)
    g.create_dataset("values", data=np.asarray(values, dtype=np.int64))


def _write_stats(g, a):
    n = 5 * a["order"]
    sim_s = a["t_sim_ms"] / 1000.0
    ints = {"n_neurons": n, "n_synapses": n * 1250,
            "spikes_exc": int(round(a["rate_exc"] * 4 * a["order"] * sim_s)),
            "spikes_inh": int(round(a["rate_inh"] * a["order"] * sim_s))}
    for k, v in ints.items():
        g.attrs[k] = np.int64(v)
    floats = {"t_sim_ms": a["t_sim_ms"], "t_presim_ms": a["t_presim_ms"],
              "rate_exc_hz": a["rate_exc"], "rate_inh_hz": a["rate_inh"], "cv_isi_exc": a["cv"],
              "weight_mean_before": 20.68, "weight_std_before": 0.0,
              "weight_mean_after": 20.68, "weight_std_after": 0.0,
              "real_time_factor": a["t_simulate"] / sim_s}
    for k, v in floats.items():
        g.attrs[k] = np.float64(v)


def _write_spikes(g, seed, order, n_show, rate_exc, rate_inh, cv, t0, t1):
    rng = np.random.default_rng(seed)
    for pop, rate, n in (("exc", rate_exc, min(n_show, 4 * order)),
                         ("inh", rate_inh, min(max(1, n_show // 4), order))):
        t, ids = _spike_trains(rng, n, rate, cv, t0, t1)
        p = g.create_group(pop)
        _attr_str(p, "sorting", "by_time")
        ts = p.create_dataset("timestamps", data=t)
        _attr_str(ts, "units", "ms")
        p.create_dataset("node_ids", data=ids)


def manifest_entry(run_id, configuration="builtin/builtin", nodes=1, ranks_per_node=1,
                   threads=1, order=100, seed=12345, repetition=0, state="done", reason=""):
    neuron, synapse = CONFIG_MODELS.get(configuration, ("?", "?"))
    return {"id": run_id, "configuration": configuration, "neuron": neuron,
            "synapse_exc": synapse, "nodes": nodes, "ranks_per_node": ranks_per_node,
            "threads": threads, "order": order, "seed": seed, "repetition": repetition,
            "state": state, "reason": reason, "job_id": "", "run_file": f"runs/{run_id}.h5",
            "log": f"logs/{run_id}.log", "attempts": 1}


def write_manifest(directory, scaling, entries, experiment=None):
    """Writes DIR/manifest.json atomically (temp + rename), as bench-scale does."""
    os.makedirs(os.path.join(directory, "runs"), exist_ok=True)
    doc = {"format": "spikescale-experiment", "version": 1, "scaling": scaling,
           "experiment": experiment or {"preset": "brunel_aeif"}, "runs": entries}
    tmp = os.path.join(directory, "manifest.json.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
    os.replace(tmp, os.path.join(directory, "manifest.json"))


def run_id(configuration, nodes, rpn, threads, seed, rep):
    short = {"builtin/builtin": "bb", "nestml/builtin": "nb", "nestml/nestml": "nn"}
    return f"{short.get(configuration, 'xx')}-n{nodes}-r{rpn}-t{threads}-s{seed}-rep{rep}"


def write_experiment(directory, scaling, runs, experiment=None):
    """runs: list of dicts with manifest fields (configuration, nodes, ranks_per_node,
    threads, order, seed, repetition, state) plus write_run keywords. A run whose
    state is not 'done', or that has 'no_file': True, gets no run file."""
    entries = []
    for spec in runs:
        spec = dict(spec)
        keys = ("configuration", "nodes", "ranks_per_node", "threads", "order", "seed",
                "repetition", "state", "reason")
        man = {k: spec.pop(k) for k in keys if k in spec}
        no_file = spec.pop("no_file", False)
        rid = run_id(man.get("configuration", "builtin/builtin"), man.get("nodes", 1),
                     man.get("ranks_per_node", 1), man.get("threads", 1),
                     man.get("seed", 12345), man.get("repetition", 0))
        if any(e["id"] == rid for e in entries):
            raise ValueError(f"duplicate run id {rid} (one order per experiment, as bench-scale)")
        entry = manifest_entry(rid, **man)
        entries.append(entry)
        if entry["state"] == "done" and not no_file:
            write_run(os.path.join(directory, entry["run_file"]),
                      configuration=entry["configuration"],
                      n_ranks=entry["nodes"] * entry["ranks_per_node"],
                      n_threads=entry["threads"], seed=entry["seed"], order=entry["order"],
                      **spec)
    write_manifest(directory, scaling, entries, experiment)
    return entries
