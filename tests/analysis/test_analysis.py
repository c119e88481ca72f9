"""Aggregation on synthetic run files with known numbers: scaling, ratios, phases,
imbalance, memory, counters and the dynamics flags."""
import math
import os
import unittest

import numpy as np

import helpers
from helpers import T975
from test_stats import fieller_by_quadratic
from spikescale_report import synthetic as S
from spikescale_report.analyse import analyse
from spikescale_report.dynamics import Thresholds
from spikescale_report.inputs import collect
from spikescale_report.keynumbers import key_numbers

# t_simulate per (configuration, threads) and repetition: chosen so every mean is exact.
T_STRONG = {
    ("builtin/builtin", 1): [10.0, 10.4, 9.6],
    ("builtin/builtin", 2): [5.2, 5.0, 4.8],
    ("nestml/builtin", 1): [10.5, 10.9, 10.1],
    ("nestml/builtin", 2): [5.5, 5.3, 5.1],
}
BPS = {"builtin/builtin": 48.0, "nestml/builtin": 60.0}


def strong_experiment(directory, **extra):
    runs = []
    for (conf, threads), times in T_STRONG.items():
        for rep, t in enumerate(times):
            runs.append(dict(configuration=conf, threads=threads, repetition=rep, seed=100 + rep,
                             t_simulate=t, bytes_per_synapse=BPS[conf], **extra))
    S.write_experiment(directory, "strong", runs)


def by_label(series, conf):
    s = next(s for s in series if s.configuration == conf)
    return {p.group.label: p for p in s.points}


class TestStrongScaling(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = helpers.class_tempdir(cls)
        strong_experiment(cls.dir)
        cls.a = analyse(collect([cls.dir]), "builtin/builtin", Thresholds())

    def test_groups(self):
        self.assertEqual(len(self.a.runs), 12)
        self.assertEqual([(g.configuration, g.label, g.n) for g in self.a.groups],
                         [("builtin/builtin", "1\u00d71\u00d71", 3),
                          ("builtin/builtin", "1\u00d71\u00d72", 3),
                          ("nestml/builtin", "1\u00d71\u00d71", 3),
                          ("nestml/builtin", "1\u00d71\u00d72", 3)])
        self.assertEqual(self.a.problems, [])

    def test_time_summary(self):
        p = by_label(self.a.series, "builtin/builtin")["1\u00d71\u00d72"]
        self.assertAlmostEqual(p.t_sim.mean, 5.0, places=14)
        self.assertAlmostEqual(p.t_sim.std, 0.2, places=14)
        half = T975[2] * 0.2 / math.sqrt(3)
        self.assertAlmostEqual(p.t_sim.lo, 5.0 - half, places=12)
        # real-time factor = t_simulate / 1 s simulated
        self.assertAlmostEqual(p.rtf.mean, 5.0, places=12)
        # time to solution = setup (0.1 + 0.5 + 0.05) + presimulation 0.1 + simulation
        self.assertAlmostEqual(p.t_solution.mean, 0.65 + 0.1 + 5.0, places=12)

    def test_speedup_and_efficiency(self):
        pts = by_label(self.a.series, "builtin/builtin")
        one, two = pts["1\u00d71\u00d71"], pts["1\u00d71\u00d72"]
        self.assertAlmostEqual(one.speedup.value, 1.0, places=14)
        self.assertAlmostEqual(two.speedup.value, 10.0 / 5.0, places=14)
        self.assertAlmostEqual(two.efficiency.value, 2.0 * 1 / 2, places=14)
        lo, hi = fieller_by_quadratic(T_STRONG[("builtin/builtin", 1)],
                                      T_STRONG[("builtin/builtin", 2)], T975[4])
        self.assertAlmostEqual(two.speedup.lo, lo, places=12)
        self.assertAlmostEqual(two.speedup.hi, hi, places=12)
        self.assertAlmostEqual(two.efficiency.lo, lo / 2, places=12)
        self.assertAlmostEqual(two.efficiency.hi, hi / 2, places=12)
        n = by_label(self.a.series, "nestml/builtin")["1\u00d71\u00d72"]
        self.assertAlmostEqual(n.speedup.value, 10.5 / 5.3, places=13)
        self.assertAlmostEqual(n.efficiency.value, 10.5 / 5.3 / 2, places=13)

    def test_time_ratio_fieller_and_bootstrap(self):
        r = next(r for r in self.a.ratios if r.metric == "t_simulate"
                 and r.group.label == "1\u00d71\u00d71")
        self.assertEqual((r.configuration, r.baseline, r.n_base), ("nestml/builtin",
                                                                  "builtin/builtin", 3))
        self.assertAlmostEqual(r.fieller.value, 10.5 / 10.0, places=14)
        lo, hi = fieller_by_quadratic(T_STRONG[("nestml/builtin", 1)],
                                      T_STRONG[("builtin/builtin", 1)], T975[4])
        self.assertAlmostEqual(r.fieller.lo, lo, places=12)
        self.assertAlmostEqual(r.fieller.hi, hi, places=12)
        self.assertEqual(r.bootstrap.value, r.fieller.value)
        self.assertTrue(r.fieller.lo <= r.bootstrap.lo <= r.bootstrap.hi <= r.fieller.hi)

    def test_memory_ratio_exact(self):
        r = next(r for r in self.a.ratios if r.metric == "bytes_per_synapse"
                 and r.group.label == "1\u00d71\u00d72")
        self.assertEqual((r.fieller.value, r.fieller.lo, r.fieller.hi), (1.25, 1.25, 1.25))
        self.assertEqual(r.kind, "memory")
        self.assertEqual(len([r for r in self.a.ratios]), 2 * 6)

    def test_key_numbers(self):
        lines = key_numbers(self.a)
        self.assertEqual(len(lines), 3 + 2)      # time, bytes/synapse, VmHWM; 2 series
        self.assertRegex(lines[0], r"^nestml/builtin / builtin/builtin, simulation time: "
                                   r"1\.06 \[[0-9.]+, [0-9.]+\] at 1×1×2 \(K=100, n=3/3\); "
                                   r"1\.05–1\.06 over 2 resource levels$")
        self.assertEqual(lines[1], "nestml/builtin / builtin/builtin, bytes per synapse: "
                                   "1.25 [1.25, 1.25] at 1×1×2 (K=100, n=3/3)")
        self.assertEqual(lines[2], "nestml/builtin / builtin/builtin, peak memory (VmHWM): "
                                   "1 [1, 1] at 1×1×2 (K=100, n=3/3)")
        self.assertRegex(lines[3], r"^builtin/builtin \(K=100\): parallel efficiency 1 \[")

    def test_phases_and_imbalance(self):
        g = self.a.groups[0]                   # builtin/builtin 1x1x1, mean t_sim 10
        ph = g.phases()
        for phase, share in S.SIM_SPLIT.items():
            self.assertAlmostEqual(ph[phase].mean, share * 10.0, places=12)
        self.assertAlmostEqual(g.imbalance()["update"].mean, 1.0, places=14)

    def test_memory_categories(self):
        g = self.a.groups[0]
        cats = g.memory_by_category()
        self.assertEqual(list(cats), S.CATEGORIES)
        self.assertEqual(cats["connections"].mean, 40 * 100000)
        self.assertEqual(g.ledger_total()[0], 57 * 100000)
        self.assertEqual(g.vm_hwm_max()[0], 200 << 20)

    def test_counters_not_available_reason(self):
        self.assertFalse(self.a.counters.available)
        self.assertEqual(self.a.counters.reasons,
                         ["PAPI_TOT_INS, PAPI_TOT_CYC, PAPI_L2_TCM: " + S.NOT_AVAILABLE])


class TestWeakAndImbalance(unittest.TestCase):
    def setUp(self):
        self.dir = helpers.tempdir(self)

    def test_weak_efficiency(self):
        runs = []
        for nodes, times in ((1, [4.0, 4.2]), (2, [5.0, 5.0]), (4, [6.2, 5.8])):
            for rep, t in enumerate(times):
                runs.append(dict(nodes=nodes, threads=1, order=100 * nodes, repetition=rep,
                                 t_simulate=t))
        S.write_experiment(self.dir, "weak", runs)
        a = analyse(collect([self.dir]), "builtin/builtin", Thresholds())
        (s,) = a.series
        self.assertEqual(s.scaling, "weak")
        eff = {p.group.nodes: p.efficiency for p in s.points}
        self.assertAlmostEqual(eff[2].value, 4.1 / 5.0, places=14)
        self.assertAlmostEqual(eff[4].value, 4.1 / 6.0, places=14)
        # [5.0, 5.0] has zero variance: g = 0, the interval is a/b +- t sqrt(va) / b
        lo, hi = fieller_by_quadratic([4.0, 4.2], [5.0, 5.0], T975[2])
        self.assertAlmostEqual(eff[2].lo, lo, places=12)
        self.assertAlmostEqual(eff[2].hi, hi, places=12)
        lo, hi = fieller_by_quadratic([4.0, 4.2], [6.2, 5.8], T975[2])
        self.assertAlmostEqual(eff[4].lo, lo, places=12)
        self.assertAlmostEqual(eff[4].hi, hi, places=12)
        self.assertEqual([p.group.order for p in s.points], [100, 200, 400])
        self.assertEqual([p.group.resources for p in s.points], [1, 2, 4])
        self.assertAlmostEqual(s.points[2].speedup.value, 4 * 4.1 / 6.0, places=13)

    def test_imbalance_max_over_mean(self):
        path = os.path.join(self.dir, "r.h5")
        wall = S.default_wall(2, 2, 10.0, imbalance=[[1.0, 1.0], [1.0, 2.0]])
        S.write_run(path, n_ranks=2, n_threads=2, t_simulate=10.0, wall=wall,
                    vm_hwm=[100 << 20, 300 << 20])
        a = analyse(collect([path]), "builtin/builtin", Thresholds())
        g = a.groups[0]
        self.assertEqual(g.scaling, "unknown")
        self.assertEqual((g.nodes, g.ranks_per_node, g.threads), (1, 2, 2))
        for phase in S.SIM_SPLIT:
            self.assertAlmostEqual(g.imbalance()[phase].mean, 2.0 / 1.25, places=12)
            self.assertAlmostEqual(g.phases()[phase].mean, S.SIM_SPLIT[phase] * 10 * 1.25,
                                   places=12)
        self.assertEqual(list(g.vm_hwm_per_rank()), [100 << 20, 300 << 20])
        self.assertEqual(g.vm_hwm_max()[0], 300 << 20)


class TestCounters(unittest.TestCase):
    def test_ipc_and_misses_per_event(self):
        d = helpers.tempdir(self)
        values = np.zeros((1, 2, 2, 3), dtype=np.int64)   # [R][T][Q=update,deliver][E]
        values[0, :, 0] = [3000, 2000, 10]                # update: INS, CYC, L2_TCM per thread
        values[0, :, 1] = [1000, 1000, 500]               # deliver
        path = S.write_run(os.path.join(d, "c.h5"), n_threads=2, order=100, rate_exc=10.0,
                           rate_inh=10.0, counters_available=True, counter_values=values)
        a = analyse(collect([path]), "builtin/builtin", Thresholds())
        res = a.counters
        self.assertTrue(res.available)
        got = {(ph, m): s.mean for _, ph, m, s in res.rows}
        self.assertAlmostEqual(got[("update", "IPC")], 6000 / 4000, places=14)
        self.assertAlmostEqual(got[("deliver", "IPC")], 1.0, places=14)
        # spikes: 10 Hz x 400 E + 10 Hz x 100 I over 1 s = 5000; 1250 synapses per neuron
        events = 5000 * 1250
        self.assertAlmostEqual(got[("deliver", "PAPI_L2_TCM per synaptic event")],
                               1000 / events, places=18)
        self.assertEqual(res.reasons, [])

    def test_partly_available(self):
        d = helpers.tempdir(self)
        values = np.full((1, 1, 2, 3), -1, dtype=np.int64)
        values[0, 0, :, :2] = [[300, 100], [50, 100]]
        path = S.write_run(os.path.join(d, "p.h5"), counters_available=[1, 1, 0],
                           counter_values=values)
        res = analyse(collect([path]), "builtin/builtin", Thresholds()).counters
        self.assertTrue(res.available)
        self.assertEqual([(ph, m, s.mean) for _, ph, m, s in res.rows],
                         [("deliver", "IPC", 0.5), ("update", "IPC", 3.0)])
        self.assertEqual(res.reasons, ["PAPI_L2_TCM: " + S.NOT_AVAILABLE])


class TestDynamics(unittest.TestCase):
    def make(self, rate_nn, cv_nn, spikes=False):
        d = helpers.tempdir(self)
        runs = []
        for conf, rate, cv in (("builtin/builtin", 14.0, 0.22), ("nestml/nestml", rate_nn, cv_nn)):
            for rep in range(2):
                runs.append(dict(configuration=conf, repetition=rep, seed=10 + rep,
                                 rate_exc=rate, cv=cv, spikes=spikes))
        S.write_experiment(d, "strong", runs)
        return collect([d])

    def dyn(self, a, conf):
        return next(x for x in a.dynamics if x.configuration == conf)

    def test_within_thresholds_not_flagged(self):
        a = analyse(self.make(14.0 * 1.02, 0.24), "builtin/builtin", Thresholds())
        d = self.dyn(a, "nestml/nestml")
        self.assertAlmostEqual(d.rate_rel_diff, 0.02, places=12)
        self.assertAlmostEqual(d.cv_abs_diff, 0.02, places=12)
        self.assertEqual(d.flags, [])
        self.assertEqual(a.flags(), [])

    def test_rate_and_cv_flagged(self):
        c = self.make(14.0 * 1.05, 0.26)
        a = analyse(c, "builtin/builtin", Thresholds())
        flags = self.dyn(a, "nestml/nestml").flags
        self.assertEqual(len(flags), 2)
        self.assertIn("rate differs by 5.0 %", flags[0])
        self.assertIn("ISI CV differs by 0.040", flags[1])
        # thresholds are options
        a2 = analyse(c, "builtin/builtin", Thresholds(rate=0.06, cv=0.05))
        self.assertEqual(self.dyn(a2, "nestml/nestml").flags, [])

    def test_isi_ks(self):
        c = self.make(14.0, 0.6, spikes=True)
        a = analyse(c, "builtin/builtin", Thresholds(cv=1.0))
        base, other = self.dyn(a, "builtin/builtin"), self.dyn(a, "nestml/nestml")
        self.assertGreater(base.isis.size, 1000)
        self.assertTrue(np.all(base.isis > 0))
        # gamma ISIs with the requested CV (0.22 and 0.6): sample CV close to it
        self.assertAlmostEqual(np.std(base.isis) / np.mean(base.isis), 0.22, delta=0.03)
        self.assertGreater(other.ks_vs_base, 0.1)
        self.assertEqual(len(other.flags), 1)
        self.assertIn("KS distance", other.flags[0])


if __name__ == "__main__":
    unittest.main()
