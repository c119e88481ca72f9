"""Small helpers shared by the figure modules."""
from dataclasses import dataclass, field
import math

import numpy as np

MIB = float(2 ** 20)


@dataclass
class FigureFile:
    name: str
    title: str
    caption: str
    paths: dict = field(default_factory=dict)   # format -> file path


def yerr(estimates) -> np.ndarray:
    """Asymmetric error bars [2][n] from objects with value/lo/hi (or mean/lo/hi);
    no bar (0) where the interval does not exist."""
    lo, hi = [], []
    for e in estimates:
        v = getattr(e, "value", None)
        v = e.mean if v is None else v
        ok = math.isfinite(e.lo) and math.isfinite(e.hi) and math.isfinite(v)
        lo.append(v - e.lo if ok else 0.0)
        hi.append(e.hi - v if ok else 0.0)
    return np.array([lo, hi])


def decomposition_axis(groups) -> list:
    """Sorted distinct decomposition labels (by cores, then nodes, ranks, threads)."""
    seen = {}
    for g in groups:
        seen[g.label] = (g.resources, g.nodes, g.ranks_per_node, g.threads)
    return sorted(seen, key=lambda k: seen[k])


def annotate_n(ax, xs, ys, ns, color):
    for x, y, n in zip(xs, ys, ns):
        if math.isfinite(y):
            ax.annotate(f"n={n}", (x, y), textcoords="offset points", xytext=(3, 3),
                        fontsize=5.5, color=color)
