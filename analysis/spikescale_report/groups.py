"""Groups runs that differ only in seed and repetition, and summarises each group.

A group is one (scaling type, configuration, order, nodes, ranks per node, threads).
Its runs are the samples behind every mean and interval (seeds x repetitions).
"""
from dataclasses import dataclass, field

import numpy as np

from .runrecord import PHASES_SIM
from .stats import Summary, summarize


@dataclass
class Group:
    scaling: str
    configuration: str
    neuron: str
    synapse: str
    order: int
    nodes: int
    ranks_per_node: int
    threads: int
    runs: list = field(default_factory=list)

    @property
    def key(self):
        return (self.scaling, self.configuration, self.order, self.nodes,
                self.ranks_per_node, self.threads)

    @property
    def resources(self) -> int:
        return self.nodes * self.ranks_per_node * self.threads

    @property
    def label(self) -> str:
        """nodes x ranks per node x threads, the axis label of every scaling figure."""
        return f"{self.nodes}\u00d7{self.ranks_per_node}\u00d7{self.threads}"

    @property
    def n(self) -> int:
        return len(self.runs)

    def values(self, name: str) -> np.ndarray:
        return np.array([getattr(r, name) for r in self.runs], dtype=float)

    def summary(self, name: str) -> Summary:
        return summarize(self.values(name))

    # --- phases -------------------------------------------------------------
    def phase_samples(self, phase: str) -> np.ndarray:
        """Per run: the phase's wall time averaged over all ranks and threads."""
        return np.array([r.phase_wall(phase).mean() if phase in r.phases else np.nan
                         for r in self.runs])

    def imbalance_samples(self, phase: str) -> np.ndarray:
        """Per run: max / mean of the phase's wall time over all (rank, thread) pairs."""
        out = []
        for r in self.runs:
            if phase not in r.phases:
                out.append(np.nan)
                continue
            w = r.phase_wall(phase)
            m = w.mean()
            out.append(w.max() / m if m > 0 else np.nan)
        return np.array(out)

    def phases(self) -> dict:
        """Summary per simulation phase; runs that lack the phase are left out."""
        return {p: _summarize_finite(self.phase_samples(p)) for p in PHASES_SIM}

    def imbalance(self) -> dict:
        return {p: _summarize_finite(self.imbalance_samples(p)) for p in PHASES_SIM}

    # --- memory -------------------------------------------------------------
    def categories(self) -> list:
        return self.runs[0].categories

    def memory_by_category(self) -> dict:
        """Ledger bytes summed over ranks, summarised over runs, per category."""
        cats = self.categories()
        totals = np.array([r.mem_bytes.sum(axis=0) for r in self.runs], dtype=float)
        return {c: summarize(totals[:, i]) for i, c in enumerate(cats)}

    def ledger_total(self) -> np.ndarray:
        return np.array([float(r.mem_bytes.sum()) for r in self.runs])

    def vm_hwm_max(self) -> np.ndarray:
        """Largest VmHWM over ranks, per run (the rank that limits the problem size)."""
        return np.array([float(r.vm_hwm.max()) for r in self.runs])

    def vm_hwm_per_rank(self) -> np.ndarray:
        """Mean over runs of VmHWM for each rank index."""
        return np.mean(np.array([r.vm_hwm for r in self.runs], dtype=float), axis=0)


def _summarize_finite(samples) -> Summary:
    return summarize(samples[np.isfinite(samples)])


def group_runs(runs) -> list:
    """Groups, sorted by scaling, configuration, order and resources."""
    groups = {}
    for r in runs:
        key = (r.scaling, r.configuration, r.order, r.nodes, r.ranks_per_node, r.n_threads)
        if key not in groups:
            groups[key] = Group(r.scaling, r.configuration, r.neuron, r.synapse, r.order,
                                r.nodes, r.ranks_per_node, r.n_threads)
        groups[key].runs.append(r)
    return sorted(groups.values(), key=lambda g: (g.scaling, g.configuration, g.order,
                                                  g.resources, g.nodes, g.ranks_per_node))


def configurations(groups, baseline: str) -> list:
    """Configurations in a stable order: the baseline first, then the rest sorted."""
    names = sorted({g.configuration for g in groups})
    if baseline in names:
        names.remove(baseline)
        names.insert(0, baseline)
    return names
