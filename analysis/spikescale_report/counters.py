"""Hardware counters: IPC and cache misses per synaptic event, or why there are none.

IPC = PAPI_TOT_INS / PAPI_TOT_CYC per counted phase, summed over ranks and threads.
Misses per synaptic event = misses in the phase / synaptic events, where synaptic
events are estimated as (excitatory + inhibitory spikes) x (synapses / neurons),
i.e. every spike reaches the mean out-degree. Where no run counted an event, the
reasons recorded in /counters/reason are collected for the "not available" text.
"""
from dataclasses import dataclass, field

import numpy as np

from .stats import summarize

MISS_MARKERS = ("_DCM", "_TCM", "_ICM", "_LDM", "_STM", "MISS", "TLB_")


@dataclass
class CounterResult:
    available: bool
    reasons: list = field(default_factory=list)     # distinct 'event: reason' texts
    rows: list = field(default_factory=list)        # (group, phase, metric, Summary)


def _synaptic_events(run) -> float:
    s = run.stats
    n_neurons = float(s.get("n_neurons", 0))
    if n_neurons <= 0:
        return float("nan")
    spikes = float(s.get("spikes_exc", 0)) + float(s.get("spikes_inh", 0))
    return spikes * float(s.get("n_synapses", 0)) / n_neurons


def _run_metrics(run) -> dict:
    """{(phase, metric): value} for one run's available counters."""
    c = run.counters
    if c is None or c["values"] is None:
        return {}
    ok = {e: i for i, e in enumerate(c["events"]) if c["available"][i]}
    out = {}
    events = _synaptic_events(run)
    for q, phase in enumerate(c["phases"]):
        total = {e: float(c["values"][:, :, q, i].sum()) for e, i in ok.items()}
        if "PAPI_TOT_INS" in total and total.get("PAPI_TOT_CYC", 0) > 0:
            out[(phase, "IPC")] = total["PAPI_TOT_INS"] / total["PAPI_TOT_CYC"]
        for e, v in total.items():
            if any(m in e for m in MISS_MARKERS) and events > 0:
                out[(phase, f"{e} per synaptic event")] = v / events
    return out


def _missing_reasons(groups) -> list:
    """'event, event: reason' per distinct reason, in first-seen order."""
    by_reason = {}
    for g in groups:
        for r in g.runs:
            if r.counters is None:
                by_reason.setdefault("run file has no /counters group", [])
                continue
            for e, avail, why in zip(r.counters["events"], r.counters["available"],
                                     r.counters["reason"]):
                if not avail:
                    events = by_reason.setdefault(why or "not counted", [])
                    if e not in events:
                        events.append(e)
    return [f"{', '.join(ev)}: {why}" if ev else why for why, ev in by_reason.items()]


def compute_counters(groups) -> CounterResult:
    rows = []
    for g in groups:
        per_run = [_run_metrics(r) for r in g.runs]
        for k in sorted({k for m in per_run for k in m}):
            vals = [m[k] for m in per_run if k in m]
            rows.append((g, k[0], k[1], summarize(np.array(vals))))
    return CounterResult(bool(rows), _missing_reasons(groups), rows)
