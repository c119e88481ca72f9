"""bench-report on run records written by the real bench-run (tiny network): the
reader accepts what the engine writes, and the report renders from it."""
import os
import subprocess
import unittest

import h5py
import numpy as np

import helpers
from spikescale_report.analyse import analyse
from spikescale_report.dynamics import Thresholds
from spikescale_report.inputs import collect

BENCH_RUN = os.environ.get("SS_BENCH_RUN", "")


@unittest.skipUnless(BENCH_RUN and os.path.isfile(BENCH_RUN),
                     "bench-run not built (SS_BENCH_RUN unset): real run files skipped")
class TestRealRunFiles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = helpers.class_tempdir(cls)
        env = dict(os.environ, OMP_WAIT_POLICY="passive")
        cls.files = []
        for threads in (1, 2):
            out = os.path.join(cls.dir, f"t{threads}.h5")
            res = subprocess.run(
                [BENCH_RUN, "--set", "network.order=20", "--set", "simulation.t_sim_ms=50",
                 "--set", "simulation.t_presim_ms=10", "--set", "simulation.seed=3",
                 "--set", "simulation.record_spikes=true", "--threads", str(threads),
                 "--out", out], capture_output=True, text=True, env=env, timeout=300,
                check=False)
            if res.returncode != 0:
                raise AssertionError(f"bench-run failed: {res.stderr[-2000:]}")
            cls.files.append(out)

    def test_reader_matches_the_file(self):
        c = collect([self.dir])
        self.assertEqual(c.problems, [])
        runs = sorted(c.runs, key=lambda r: r.n_threads)
        self.assertEqual([r.n_threads for r in runs], [1, 2])
        for r in runs:
            with h5py.File(r.path, "r") as f:
                self.assertEqual(r.t_simulate, f["timers"].attrs["t_simulate"])
                self.assertEqual(r.rtf, f["stats"].attrs["real_time_factor"])
                self.assertEqual(r.wall.shape, f["timers/wall"].shape)
                self.assertEqual(r.bytes_per_synapse, f["memory"].attrs["bytes_per_synapse"])
            self.assertEqual(r.order, 20)
            self.assertEqual(r.seed, 3)
            self.assertTrue(r.has_spikes)
            # one ISI per consecutive pair of a neuron's spikes after the presimulation
            with h5py.File(r.path, "r") as f:
                t = f["spikes/exc/timestamps"][...]
                ids = f["spikes/exc/node_ids"][...][t >= f["stats"].attrs["t_presim_ms"]]
            counts = np.bincount(ids.astype(np.int64))
            self.assertEqual(r.isis_exc().size, int(np.sum(np.maximum(counts - 1, 0))))
            self.assertTrue(np.all(r.isis_exc() > 0))

    def test_groups_and_report(self):
        a = analyse(collect([self.dir]), "builtin/builtin", Thresholds())
        (s,) = a.series
        self.assertEqual([p.group.label for p in s.points], ["1\u00d71\u00d71", "1\u00d71\u00d72"])
        t1, t2 = (p.t_sim.mean for p in s.points)
        self.assertAlmostEqual(s.points[1].speedup.value, t1 / t2, places=12)
        out = os.path.join(self.dir, "rep")
        res = helpers.bench_report(self.dir, "-o", out, "--format", "html,tex",
                                   "--figure-formats", "png", "--dpi", "30")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("2 runs used, 0 failed/unfinished/missing", res.stdout)
        self.assertTrue(os.path.isfile(os.path.join(out, "report.html")))


if __name__ == "__main__":
    unittest.main()
