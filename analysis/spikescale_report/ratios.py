"""Generated versus handwritten: ratios of time and memory against the baseline.

Every group whose configuration is not the baseline is paired with the baseline
group of the same scaling type, order and decomposition. Each ratio is
mean(configuration) / mean(baseline) with a Fieller interval (analytic) and a
percentile bootstrap interval (fixed seed); a ratio above 1 means the
configuration is slower or larger than the baseline.
"""
from dataclasses import dataclass

from .stats import Estimate, bootstrap_ratio, fieller

# (name, how to read one sample per run from a group, unit shown in tables)
METRICS = (
    ("t_simulate", lambda g: g.values("t_simulate"), "time"),
    ("rtf", lambda g: g.values("rtf"), "time"),
    ("bytes_per_synapse", lambda g: g.values("bytes_per_synapse"), "memory"),
    ("bytes_per_neuron", lambda g: g.values("bytes_per_neuron"), "memory"),
    ("ledger_total", lambda g: g.ledger_total(), "memory"),
    ("vm_hwm_max", lambda g: g.vm_hwm_max(), "memory"),
)


@dataclass
class Ratio:
    configuration: str
    baseline: str
    group: object
    base_group: object
    metric: str
    kind: str               # time | memory
    fieller: Estimate
    bootstrap: Estimate
    n_base: int


def compute_ratios(groups, baseline: str) -> list:
    base = {(g.scaling, g.order, g.nodes, g.ranks_per_node, g.threads): g
            for g in groups if g.configuration == baseline}
    out = []
    for g in groups:
        if g.configuration == baseline:
            continue
        b = base.get((g.scaling, g.order, g.nodes, g.ranks_per_node, g.threads))
        if b is None:
            continue
        for name, read, kind in METRICS:
            num, den = read(g), read(b)
            out.append(Ratio(g.configuration, baseline, g, b, name, kind,
                             fieller(num, den), bootstrap_ratio(num, den), b.n))
    return out
