"""Scaling series: speedup and parallel efficiency against the smallest resource level.

Strong scaling (fixed order): speedup S(p) = T(p0) / T(p) with T the mean simulation
wall time (state propagation, /timers t_simulate) over the group's runs; parallel
efficiency E(p) = S(p) * p0 / p, with p = nodes x ranks per node x threads.
Weak scaling (order grows with the nodes): efficiency E(p) = T(p0) / T(p).
Intervals on S and E are Fieller intervals for the ratio of the two means.
Runs of unknown scaling type (bare run files) are treated as strong-scaling series
of one order each.
"""
from dataclasses import dataclass, field

from .stats import Estimate, fieller, Summary


@dataclass
class Point:
    group: object
    t_sim: Summary
    t_solution: Summary
    rtf: Summary
    speedup: Estimate
    efficiency: Estimate


@dataclass
class Series:
    scaling: str          # strong | weak
    configuration: str
    order: int            # strong: the fixed order; weak: the base level's order
    points: list = field(default_factory=list)


def series_key(g):
    if g.scaling == "weak":
        return ("weak", g.configuration)
    return ("strong", g.configuration, g.order)


def build_series(groups) -> list:
    by_key = {}
    for g in groups:
        by_key.setdefault(series_key(g), []).append(g)
    out = []
    for key, members in sorted(by_key.items(), key=lambda kv: tuple(str(k) for k in kv[0])):
        members.sort(key=lambda g: (g.resources, g.nodes, g.ranks_per_node, g.threads))
        out.append(_series(key[0], members))
    return out


def _series(scaling, members) -> Series:
    base = members[0]
    s = Series(scaling, base.configuration, base.order)
    t0 = base.values("t_simulate")
    for g in members:
        ratio = fieller(t0, g.values("t_simulate"))
        if scaling == "weak":
            speedup, eff = ratio.scaled(g.resources / base.resources), ratio
        else:
            speedup, eff = ratio, ratio.scaled(base.resources / g.resources)
        s.points.append(Point(g, g.summary("t_simulate"), g.summary("t_solution"),
                              g.summary("rtf"), speedup, eff))
    return s
