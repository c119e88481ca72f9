"""Dynamics check: do the configurations simulate the same network activity?

Per (configuration, order), pooling every decomposition (the engine promises the
same spikes for any decomposition): excitatory and inhibitory rate and the ISI CV
over runs (mean, 95 % t interval, n), and the pooled excitatory ISI distribution
when spikes were recorded. Each configuration is compared with the baseline at the
same order and flagged when
  |rate - rate_base| / rate_base > rate_tol      (default 3 %),
  |CV - CV_base| > cv_tol                        (default 0.03),
  KS distance of the ISI distributions > ks_tol  (default 0.1, only with spikes).
KS distances between every pair of configurations are also reported.
"""
from dataclasses import dataclass, field

import numpy as np
from scipy import stats as sps

from .stats import Summary, summarize

ISI_SAMPLE_CAP = 200000   # KS on more ISIs adds nothing but time


@dataclass
class Dyn:
    configuration: str
    order: int
    rate_exc: Summary
    rate_inh: Summary
    cv: Summary
    isis: np.ndarray
    flags: list = field(default_factory=list)
    rate_rel_diff: float = float("nan")
    cv_abs_diff: float = float("nan")
    ks_vs_base: float = float("nan")


@dataclass
class Thresholds:
    rate: float = 0.03
    cv: float = 0.03
    ks: float = 0.1


def _pooled_isis(runs) -> np.ndarray:
    parts = [r.isis_exc() for r in runs if r.has_spikes]
    if not parts:
        return np.empty(0)
    isis = np.concatenate(parts)
    if isis.size > ISI_SAMPLE_CAP:   # deterministic thinning keeps the report reproducible
        isis = isis[:: int(np.ceil(isis.size / ISI_SAMPLE_CAP))]
    return isis


def _stat(runs, name) -> Summary:
    return summarize([float(r.stats[name]) for r in runs if name in r.stats])


def ks_distance(a: np.ndarray, b: np.ndarray) -> float:
    if a.size == 0 or b.size == 0:
        return float("nan")
    return float(sps.ks_2samp(a, b).statistic)


def compute_dynamics(runs, baseline: str, th: Thresholds) -> list:
    by = {}
    for r in runs:
        by.setdefault((r.configuration, r.order), []).append(r)
    out = []
    for (conf, order), members in sorted(by.items()):
        out.append(Dyn(conf, order, _stat(members, "rate_exc_hz"), _stat(members, "rate_inh_hz"),
                       _stat(members, "cv_isi_exc"), _pooled_isis(members)))
    base = {d.order: d for d in out if d.configuration == baseline}
    for d in out:
        b = base.get(d.order)
        if b is None or d is b:
            continue
        _compare(d, b, th)
    return out


def _compare(d: Dyn, b: Dyn, th: Thresholds):
    if b.rate_exc.mean > 0:
        d.rate_rel_diff = abs(d.rate_exc.mean - b.rate_exc.mean) / b.rate_exc.mean
        if d.rate_rel_diff > th.rate:
            d.flags.append(f"rate differs by {100 * d.rate_rel_diff:.1f} % "
                           f"(> {100 * th.rate:g} %) from {b.configuration}")
    d.cv_abs_diff = abs(d.cv.mean - b.cv.mean)
    if d.cv_abs_diff > th.cv:
        d.flags.append(f"ISI CV differs by {d.cv_abs_diff:.3f} (> {th.cv:g}) from {b.configuration}")
    d.ks_vs_base = ks_distance(d.isis, b.isis)
    if d.ks_vs_base > th.ks:
        d.flags.append(f"ISI distribution KS distance {d.ks_vs_base:.3f} (> {th.ks:g}) "
                       f"from {b.configuration}")


def ks_matrix(dyns) -> tuple:
    """Pairwise KS distances of pooled ISIs; (labels, matrix) over entries with spikes."""
    with_spikes = [d for d in dyns if d.isis.size]
    labels = [f"{d.configuration} (K={d.order})" for d in with_spikes]
    m = np.full((len(with_spikes), len(with_spikes)), np.nan)
    for i, a in enumerate(with_spikes):
        for j, b in enumerate(with_spikes):
            m[i, j] = 0.0 if i == j else ks_distance(a.isis, b.isis)
    return labels, m
