"""The report's tables as plain rows of text, shared by the HTML and Markdown writers."""
from dataclasses import dataclass, field
import math

from .runrecord import PHASES_SIM
from .stats import Estimate, Summary, summarize

MIB = float(2 ** 20)


@dataclass
class Table:
    key: str
    title: str
    header: list
    rows: list = field(default_factory=list)
    note: str = ""


def num(v, digits=4) -> str:
    if v is None or not math.isfinite(v):
        return "n/a"
    return f"{v:.{digits}g}"


def interval(lo, hi, digits=4) -> str:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return "[n/a]"
    return f"[{lo:.{digits}g}, {hi:.{digits}g}]"


def summ(s: Summary, digits=4) -> str:
    """mean ± std [95 % CI]"""
    if s.n == 0:
        return "n/a"
    sd = 0.0 if abs(s.std) <= 1e-12 * max(abs(s.mean), 1.0) else s.std   # rounding noise
    std = f" \u00b1 {sd:.{digits}g}" if math.isfinite(s.std) else ""
    return f"{s.mean:.{digits}g}{std} {interval(s.lo, s.hi, digits)}"


def est(e: Estimate, digits=4) -> str:
    return f"{num(e.value, digits)} {interval(e.lo, e.hi, digits)}"


def problems_table(a) -> Table:
    t = Table("problems", "Failed, unfinished and missing runs",
              ["run", "configuration", "nodes\u00d7ranks\u00d7threads", "state", "reason", "file"],
              note="Every run the inputs name but the report could not use. None are dropped "
                   "silently.")
    for p in a.problems:
        t.rows.append([p.run_id, p.configuration, p.decomposition, p.state, p.reason or "-",
                       p.path])
    return t


def scaling_table(a) -> Table:
    t = Table("scaling", "Scaling: time, real-time factor, speedup, efficiency",
              ["scaling", "configuration", "order K", "nodes\u00d7ranks\u00d7threads", "cores", "n",
               "T_sim (s)", "time to solution (s)", "real-time factor", "speedup",
               "efficiency"],
              note="mean \u00b1 std [95 % t interval] over seeds and repetitions; speedup and "
                   "efficiency with 95 % Fieller intervals against the series' first row.")
    for s in a.series:
        for p in s.points:
            g = p.group
            t.rows.append([s.scaling, s.configuration, str(g.order), g.label, str(g.resources),
                           str(g.n), summ(p.t_sim), summ(p.t_solution), summ(p.rtf),
                           est(p.speedup), est(p.efficiency)])
    return t


def phases_table(a) -> Table:
    t = Table("phases", "Phase breakdown (wall seconds per thread, share of their sum)",
              ["configuration", "order K", "nodes\u00d7ranks\u00d7threads", "n"] + list(PHASES_SIM),
              note="Mean over runs of each phase's wall time averaged over ranks and threads.")
    for g in a.groups:
        ph = g.phases()
        total = sum(ph[p].mean for p in PHASES_SIM if ph[p].n)
        cells = [f"{num(ph[p].mean)} ({100 * ph[p].mean / total:.1f} %)"
                 if ph[p].n and total > 0 else "n/a" for p in PHASES_SIM]
        t.rows.append([g.configuration, str(g.order), g.label, str(g.n)] + cells)
    return t


def imbalance_table(a) -> Table:
    t = Table("imbalance", "Load imbalance (max / mean over ranks and threads)",
              ["configuration", "order K", "nodes\u00d7ranks\u00d7threads", "n"] + list(PHASES_SIM),
              note="mean \u00b1 std [95 % t interval] over runs; 1 = perfectly balanced.")
    for g in a.groups:
        im = g.imbalance()
        t.rows.append([g.configuration, str(g.order), g.label, str(g.n)] +
                      [summ(im[p], 3) for p in PHASES_SIM])
    return t


def ratios_table(a) -> Table:
    t = Table("ratios", f"Ratios to the baseline {a.baseline}",
              ["configuration", "order K", "nodes\u00d7ranks\u00d7threads", "metric", "ratio",
               "95 % Fieller", "95 % bootstrap", "n (conf / base)"],
              note="mean(configuration) / mean(baseline); bootstrap: percentile, 10000 "
                   "resamples, fixed seed. Above 1 = slower or larger than the baseline.")
    for r in a.ratios:
        t.rows.append([r.configuration, str(r.group.order), r.group.label, r.metric,
                       num(r.fieller.value), interval(r.fieller.lo, r.fieller.hi),
                       interval(r.bootstrap.lo, r.bootstrap.hi), f"{r.group.n} / {r.n_base}"])
    return t


def memory_table(a) -> Table:
    t = Table("memory", "Memory",
              ["configuration", "order K", "nodes\u00d7ranks\u00d7threads", "n", "bytes/synapse",
               "bytes/neuron", "ledger total (MiB)", "max VmHWM over ranks (MiB)"],
              note="mean \u00b1 std [95 % t interval] over runs.")
    for g in a.groups:
        led, hwm = g.ledger_total() / MIB, g.vm_hwm_max() / MIB
        t.rows.append([g.configuration, str(g.order), g.label, str(g.n),
                       summ(g.summary("bytes_per_synapse")), summ(g.summary("bytes_per_neuron")),
                       summ(summarize(led)), summ(summarize(hwm))])
    return t


def counters_table(a) -> Table:
    res = a.counters
    reasons = "; ".join(res.reasons)
    if not res.available:
        return Table("counters", "Hardware counters", ["status"],
                     [[f"not available on this machine: "
                       f"{reasons or 'no counter data in the run files'}"]])
    t = Table("counters", "Hardware counters",
              ["configuration", "nodes\u00d7ranks\u00d7threads", "phase", "metric", "n", "value"],
              note="mean \u00b1 std [95 % t interval] over runs."
                   + (f" Not counted: {reasons}." if reasons else ""))
    for g, phase, metric, s in res.rows:
        t.rows.append([g.configuration, g.label, phase, metric, str(s.n), summ(s)])
    return t


def dynamics_table(a) -> Table:
    th = a.thresholds
    t = Table("dynamics", "Dynamics check",
              ["configuration", "order K", "n", "rate E (spikes/s)", "rate I (spikes/s)",
               "ISI CV (E)", "|\u0394rate|/rate", "|\u0394CV|", "KS (ISI)", "flags"],
              note=f"Against {a.baseline} at the same order. Flag thresholds: rate "
                   f"{100 * th.rate:g} %, CV {th.cv:g}, KS {th.ks:g}.")
    for d in a.dynamics:
        rel = "-" if math.isnan(d.rate_rel_diff) else f"{100 * d.rate_rel_diff:.2f} %"
        t.rows.append([d.configuration, str(d.order), str(d.cv.n), summ(d.rate_exc),
                       summ(d.rate_inh), summ(d.cv, 3), rel,
                       "-" if math.isnan(d.cv_abs_diff) else f"{d.cv_abs_diff:.4f}",
                       "-" if math.isnan(d.ks_vs_base) else f"{d.ks_vs_base:.3f}",
                       "; ".join(d.flags) or "ok"])
    return t


def all_tables(a) -> list:
    return [problems_table(a), scaling_table(a), phases_table(a), ratios_table(a),
            memory_table(a), imbalance_table(a), counters_table(a), dynamics_table(a)]
