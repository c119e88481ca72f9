"""summary.h5: the aggregated numbers of the report, for other tools.

Layout (format 'spikescale-summary', version 1): root attributes format, version,
baseline, generated_at; compound datasets /scaling, /ratios, /dynamics, /phases,
/memory, /problems (one row each, fields named as in docs/report.md), and /inputs.
"""
import os

import h5py
import numpy as np

from . import SUMMARY_FORMAT, SUMMARY_VERSION
from .runrecord import PHASES_SIM

STR = h5py.string_dtype("utf-8")
GROUP_FIELDS = [("scaling", STR), ("configuration", STR), ("order", "i8"), ("nodes", "i8"),
                ("ranks_per_node", "i8"), ("threads", "i8"), ("cores", "i8"), ("n", "i8")]


def _stat_fields(name):
    return [(f"{name}_{k}", "f8") for k in ("mean", "std", "lo", "hi")]


def _est_fields(name):
    return [(f"{name}_{k}", "f8") for k in ("value", "lo", "hi")]


def _group_cells(g, scaling=None):
    return [scaling or g.scaling, g.configuration, g.order, g.nodes, g.ranks_per_node,
            g.threads, g.resources, g.n]


def _s(s):
    return [s.mean, s.std, s.lo, s.hi]


def _e(e):
    return [e.value, e.lo, e.hi]


def _write(f, name, fields, rows):
    dt = np.dtype(fields)
    data = np.array([tuple(r) for r in rows], dtype=dt) if rows else np.empty(0, dtype=dt)
    f.create_dataset(name, data=data)


def write_summary(path, a, inputs, generated_at) -> str:
    tmp = path + ".tmp"
    with h5py.File(tmp, "w") as f:
        f.attrs.create("format", SUMMARY_FORMAT, dtype=STR)
        f.attrs["version"] = np.int64(SUMMARY_VERSION)
        f.attrs.create("baseline", a.baseline, dtype=STR)
        f.attrs.create("generated_at", generated_at, dtype=STR)
        f.create_dataset("inputs", data=np.array(list(inputs), dtype=object), dtype=STR)
        _write(f, "scaling", GROUP_FIELDS + _stat_fields("t_sim") + _stat_fields("t_solution")
               + _stat_fields("rtf") + _est_fields("speedup") + _est_fields("efficiency"),
               [_group_cells(p.group, s.scaling) + _s(p.t_sim) + _s(p.t_solution) + _s(p.rtf)
                + _e(p.speedup) + _e(p.efficiency) for s in a.series for p in s.points])
        _write(f, "ratios", GROUP_FIELDS + [("metric", STR), ("baseline", STR), ("n_base", "i8")]
               + _est_fields("fieller") + _est_fields("bootstrap"),
               [_group_cells(r.group) + [r.metric, r.baseline, r.n_base] + _e(r.fieller)
                + _e(r.bootstrap) for r in a.ratios])
        _write(f, "phases", GROUP_FIELDS + [(f"{p}_mean", "f8") for p in PHASES_SIM]
               + [(f"{p}_imbalance", "f8") for p in PHASES_SIM],
               [_group_cells(g) + [g.phases()[p].mean for p in PHASES_SIM]
                + [g.imbalance()[p].mean for p in PHASES_SIM] for g in a.groups])
        _write(f, "memory", GROUP_FIELDS + _stat_fields("bytes_per_synapse")
               + _stat_fields("bytes_per_neuron") + [("ledger_total_mean", "f8"),
                                                     ("vm_hwm_max_mean", "f8")],
               [_group_cells(g) + _s(g.summary("bytes_per_synapse"))
                + _s(g.summary("bytes_per_neuron"))
                + [float(np.mean(g.ledger_total())), float(np.mean(g.vm_hwm_max()))]
                for g in a.groups])
        _write(f, "dynamics", [("configuration", STR), ("order", "i8"), ("n", "i8")]
               + _stat_fields("rate_exc") + _stat_fields("rate_inh") + _stat_fields("cv")
               + [("rate_rel_diff", "f8"), ("cv_abs_diff", "f8"), ("ks_vs_base", "f8"),
                  ("flags", STR)],
               [[d.configuration, d.order, d.cv.n] + _s(d.rate_exc) + _s(d.rate_inh) + _s(d.cv)
                + [d.rate_rel_diff, d.cv_abs_diff, d.ks_vs_base, "; ".join(d.flags)]
                for d in a.dynamics])
        _write(f, "problems", [("run", STR), ("configuration", STR), ("decomposition", STR),
                               ("state", STR), ("reason", STR), ("path", STR)],
               [[p.run_id, p.configuration, p.decomposition, p.state, p.reason, p.path]
                for p in a.problems])
    os.replace(tmp, path)
    return path
