"""stats.py against closed forms: t intervals, Fieller intervals, bootstrap intervals."""
import math
import unittest

import numpy as np

from helpers import T975  # also puts analysis/ on sys.path
from spikescale_report import stats


def fieller_by_quadratic(num, den, t):
    """Fieller's interval as the roots of (a - r b)^2 = t^2 (va + r^2 vb), independent
    samples: (b^2 - t^2 vb) r^2 - 2 a b r + (a^2 - t^2 va) = 0."""
    a, b = np.mean(num), np.mean(den)
    va, vb = np.var(num, ddof=1) / len(num), np.var(den, ddof=1) / len(den)
    qa, qb, qc = b * b - t * t * vb, -2 * a * b, a * a - t * t * va
    disc = math.sqrt(qb * qb - 4 * qa * qc)
    return sorted(((-qb - disc) / (2 * qa), (-qb + disc) / (2 * qa)))


class TestSummarize(unittest.TestCase):
    def test_mean_std_t_interval_by_hand(self):
        x = [10.0, 12.0, 11.0, 13.0, 14.0]          # mean 12, sum of squares 10, s^2 = 2.5
        s = stats.summarize(x)
        self.assertEqual(s.n, 5)
        self.assertEqual(s.mean, 12.0)
        self.assertAlmostEqual(s.std, math.sqrt(2.5), places=14)
        half = T975[4] * math.sqrt(2.5) / math.sqrt(5)
        self.assertAlmostEqual(s.lo, 12.0 - half, places=12)
        self.assertAlmostEqual(s.hi, 12.0 + half, places=12)

    def test_constant_samples_have_zero_width(self):
        s = stats.summarize([3.0, 3.0, 3.0])
        self.assertEqual((s.mean, s.std, s.lo, s.hi), (3.0, 0.0, 3.0, 3.0))

    def test_one_sample_has_no_interval(self):
        s = stats.summarize([7.0])
        self.assertEqual((s.mean, s.n), (7.0, 1))
        self.assertTrue(math.isnan(s.std) and math.isnan(s.lo) and math.isnan(s.hi))

    def test_no_samples(self):
        s = stats.summarize([])
        self.assertEqual(s.n, 0)
        self.assertTrue(math.isnan(s.mean))

    def test_level_changes_quantile(self):
        s90 = stats.summarize([1.0, 2.0, 3.0], level=0.90)
        # t(0.95, 2) = 2.919985580353725
        self.assertAlmostEqual(s90.hi - s90.mean, 2.919985580353725 / math.sqrt(3), places=10)


class TestFieller(unittest.TestCase):
    num = [11.0, 11.5, 10.5, 11.2, 10.8]
    den = [10.0, 10.4, 9.6, 10.1, 9.9]

    def test_closed_form_matches_quadratic_roots(self):
        e = stats.fieller(self.num, self.den)
        lo, hi = fieller_by_quadratic(self.num, self.den, T975[8])   # df = 5 + 5 - 2
        self.assertEqual(e.n, 5)
        self.assertAlmostEqual(e.value, 55.0 / 50.0, places=14)
        self.assertAlmostEqual(e.lo, lo, places=12)
        self.assertAlmostEqual(e.hi, hi, places=12)
        self.assertLess(e.lo, e.value)
        self.assertGreater(e.hi, e.value)

    def test_closed_form_by_hand(self):
        # a = 6, b = 3, va = 1/3 (s^2 = 1, n = 3), vb = 1/3, df = 4
        num, den = [5.0, 6.0, 7.0], [2.0, 3.0, 4.0]
        t = T975[4]
        g = t * t * (1 / 3) / 9
        r = 2.0
        half = (t / 3) * math.sqrt((1 - g) / 3 + r * r / 3)
        e = stats.fieller(num, den)
        self.assertAlmostEqual(e.lo, (r - half) / (1 - g), places=12)
        self.assertAlmostEqual(e.hi, (r + half) / (1 - g), places=12)

    def test_unequal_sizes_use_pooled_df(self):
        num, den = [4.0, 5.0, 6.0, 5.5], [2.0, 2.2, 1.8, 2.1, 1.9, 2.0, 2.0]
        e = stats.fieller(num, den)
        lo, hi = fieller_by_quadratic(num, den, T975[9])
        self.assertAlmostEqual(e.lo, lo, places=12)
        self.assertAlmostEqual(e.hi, hi, places=12)
        self.assertEqual(e.n, 4)

    def test_zero_variance_is_exact(self):
        e = stats.fieller([3.0, 3.0], [2.0, 2.0])
        self.assertEqual((e.value, e.lo, e.hi), (1.5, 1.5, 1.5))

    def test_unbounded_when_denominator_not_significant(self):
        e = stats.fieller([1.0, 1.1, 0.9], [0.1, -0.2, 0.3])
        self.assertTrue(math.isnan(e.lo) and math.isnan(e.hi))
        self.assertAlmostEqual(e.value, 1.0 / (0.2 / 3), places=12)

    def test_single_samples_give_point_only(self):
        e = stats.fieller([4.0], [2.0, 2.0])
        self.assertEqual(e.value, 2.0)
        self.assertTrue(math.isnan(e.lo))


class TestBootstrap(unittest.TestCase):
    # Tolerance: with 30 samples per side, each percentile-bootstrap bound lies within
    # 15 % of the Fieller half-width of the Fieller bound (bootstrap uses the plug-in
    # variance and normal-like quantiles, Fieller t(df=58); they differ by a few %).
    TOL = 0.15

    def samples(self):
        rng = np.random.default_rng(7)
        return rng.normal(105.0, 4.0, 30), rng.normal(100.0, 4.0, 30)

    def test_close_to_fieller(self):
        num, den = self.samples()
        f = stats.fieller(num, den)
        b = stats.bootstrap_ratio(num, den)
        half = (f.hi - f.lo) / 2
        self.assertAlmostEqual(b.value, f.value, places=14)
        self.assertLess(abs(b.lo - f.lo), self.TOL * half)
        self.assertLess(abs(b.hi - f.hi), self.TOL * half)

    def test_fixed_seed_is_reproducible(self):
        num, den = self.samples()
        self.assertEqual(stats.bootstrap_ratio(num, den), stats.bootstrap_ratio(num, den))
        other = stats.bootstrap_ratio(num, den, seed=1)
        self.assertNotEqual(other.lo, stats.bootstrap_ratio(num, den).lo)

    def test_too_few_samples(self):
        b = stats.bootstrap_ratio([1.0], [2.0, 3.0])
        self.assertTrue(math.isnan(b.lo))
        self.assertEqual(b.value, 0.4)


class TestFormat(unittest.TestCase):
    def test_fmt_estimate(self):
        self.assertEqual(stats.fmt_estimate(stats.Estimate(1.2345, 1.1, 1.3, 5)),
                         "1.23 [1.1, 1.3] (n=5)")
        self.assertEqual(stats.fmt_estimate(stats.Estimate(2.0, math.nan, math.nan, 1)),
                         "2 [n/a] (n=1)")


if __name__ == "__main__":
    unittest.main()
