"""Statistics over repetitions: means, t intervals, ratio intervals (Fieller, bootstrap).

Every function returns NaN bounds where an interval does not exist (fewer than two
samples, or a Fieller interval that is unbounded because the denominator's mean is
not significantly different from zero); callers show "n/a" then, never a made-up
number. Intervals are two-sided at `level` (default 95 %).
"""
from dataclasses import dataclass
import math

import numpy as np
from scipy import stats as sps

BOOTSTRAP_SEED = 20251122
BOOTSTRAP_RESAMPLES = 10000


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its interval and the number of samples behind it."""
    value: float
    lo: float
    hi: float
    n: int

    def scaled(self, factor: float) -> "Estimate":
        return Estimate(self.value * factor, self.lo * factor, self.hi * factor, self.n)


@dataclass(frozen=True)
class Summary:
    mean: float
    std: float      # sample standard deviation (ddof = 1); NaN for n < 2
    lo: float
    hi: float
    n: int

    @property
    def estimate(self) -> Estimate:
        return Estimate(self.mean, self.lo, self.hi, self.n)


def t_quantile(df: float, level: float = 0.95) -> float:
    return float(sps.t.ppf(0.5 + level / 2.0, df))


def summarize(samples, level: float = 0.95) -> Summary:
    """Mean, sample std and the t interval mean +- t(df=n-1) * s / sqrt(n)."""
    x = np.asarray(samples, dtype=float)
    n = x.size
    if n == 0:
        nan = float("nan")
        return Summary(nan, nan, nan, nan, 0)
    mean = float(x.mean())
    if n < 2:
        return Summary(mean, float("nan"), float("nan"), float("nan"), 1)
    std = float(x.std(ddof=1))
    half = t_quantile(n - 1, level) * std / math.sqrt(n)
    return Summary(mean, std, mean - half, mean + half, n)


def fieller(num, den, level: float = 0.95) -> Estimate:
    """Interval for mean(num) / mean(den) of two independent samples (Fieller 1954).

    With a = mean(num), b = mean(den), va = s_a^2/n_a, vb = s_b^2/n_b (covariance 0
    for independent samples), t = t quantile with df = n_a + n_b - 2, g = t^2 vb / b^2:
        (r +- (t/b) sqrt((1 - g) va + r^2 vb)) / (1 - g),   r = a / b.
    The interval is bounded only for g < 1.
    """
    x, y = np.asarray(num, float), np.asarray(den, float)
    na, nb = x.size, y.size
    nan = float("nan")
    if na == 0 or nb == 0:
        return Estimate(nan, nan, nan, min(na, nb))
    a, b = float(x.mean()), float(y.mean())
    r = a / b if b != 0 else nan
    n = min(na, nb)
    if na < 2 or nb < 2 or b == 0:
        return Estimate(r, nan, nan, n)
    va, vb = x.var(ddof=1) / na, y.var(ddof=1) / nb
    t = t_quantile(na + nb - 2, level)
    g = t * t * vb / (b * b)
    if g >= 1.0:
        return Estimate(r, nan, nan, n)
    half = abs(t / b) * math.sqrt((1.0 - g) * va + r * r * vb)
    lo, hi = (r - half) / (1.0 - g), (r + half) / (1.0 - g)
    return Estimate(r, min(lo, hi), max(lo, hi), n)


def bootstrap_ratio(num, den, level: float = 0.95, resamples: int = BOOTSTRAP_RESAMPLES,
                    seed: int = BOOTSTRAP_SEED) -> Estimate:
    """Percentile bootstrap interval for mean(num) / mean(den), each sample resampled
    independently with replacement, from a fixed seed (reproducible reports)."""
    x, y = np.asarray(num, float), np.asarray(den, float)
    nan = float("nan")
    n = min(x.size, y.size)
    if x.size == 0 or y.size == 0:
        return Estimate(nan, nan, nan, n)
    r = float(x.mean() / y.mean()) if y.mean() != 0 else nan
    if x.size < 2 or y.size < 2:
        return Estimate(r, nan, nan, n)
    rng = np.random.default_rng(seed)
    mx = x[rng.integers(0, x.size, size=(resamples, x.size))].mean(axis=1)
    my = y[rng.integers(0, y.size, size=(resamples, y.size))].mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = mx / my
    ratios = ratios[np.isfinite(ratios)]
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(ratios, [alpha, 1.0 - alpha])
    return Estimate(r, float(lo), float(hi), n)


def fmt_estimate(e: Estimate, digits: int = 3) -> str:
    """'1.23 [1.10, 1.36] (n=5)' or '1.23 [n/a] (n=1)'."""
    if not math.isfinite(e.value):
        return f"n/a (n={e.n})"
    v = f"{e.value:.{digits}g}"
    if math.isfinite(e.lo) and math.isfinite(e.hi):
        return f"{v} [{e.lo:.{digits}g}, {e.hi:.{digits}g}] (n={e.n})"
    return f"{v} [n/a] (n={e.n})"
