"""One object holding every aggregated number the renderers need."""
from dataclasses import dataclass

from .counters import CounterResult, compute_counters
from .dynamics import Thresholds, compute_dynamics
from .groups import configurations, group_runs
from .inputs import Collection
from .ratios import compute_ratios
from .scaling import build_series


@dataclass
class Analysis:
    collection: Collection
    baseline: str
    thresholds: Thresholds
    groups: list
    configs: list
    series: list
    ratios: list
    dynamics: list
    counters: CounterResult

    @property
    def runs(self):
        return self.collection.runs

    @property
    def problems(self):
        return self.collection.problems

    def flags(self) -> list:
        return [(d.configuration, d.order, f) for d in self.dynamics for f in d.flags]


def analyse(collection: Collection, baseline: str, thresholds: Thresholds) -> Analysis:
    groups = group_runs(collection.runs)
    return Analysis(collection, baseline, thresholds, groups,
                    configurations(groups, baseline), build_series(groups),
                    compute_ratios(groups, baseline),
                    compute_dynamics(collection.runs, baseline, thresholds),
                    compute_counters(groups))
