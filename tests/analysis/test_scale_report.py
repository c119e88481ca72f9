"""bench-scale (local backend, a complete fake bench-run) runs bench-report at the end:
the experiment-directory contract (manifest, runs/, report/) end to end."""
import importlib.machinery
import importlib.util
import os
import subprocess
import unittest

import h5py

import helpers

BENCH_SCALE = os.environ.get("SS_BENCH_SCALE", "")
FAKE = os.path.join(helpers.HERE, "fake-bench-run-full")


def fake_module():
    loader = importlib.machinery.SourceFileLoader("fake_bench_run_full", FAKE)
    spec = importlib.util.spec_from_loader(loader.name, loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


@unittest.skipUnless(BENCH_SCALE and os.path.isfile(BENCH_SCALE) and
                     os.environ.get("SS_BENCH_REPORT"),
                     "bench-scale or bench-report not configured (SS_BENCH_SCALE, SS_BENCH_REPORT)")
class TestScaleThenReport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        tmp = helpers.class_tempdir(cls)
        cls.dir = os.path.join(tmp, "exp")
        # bench-scale calls "$BENCH_REPORT DIR": a wrapper keeps the figures cheap here
        wrapper = os.path.join(tmp, "bench-report")
        with open(wrapper, "w", encoding="utf-8") as f:
            f.write(f"#!/bin/sh\nexec '{os.environ['SS_BENCH_REPORT']}' \"$@\" "
                    "--format html --figure-formats png --dpi 40\n")
        os.chmod(wrapper, 0o755)
        env = dict(os.environ, BENCH_REPORT=wrapper,
                   SS_ANALYSIS_DIR=helpers.PKG_PARENT, OMP_WAIT_POLICY="passive")
        cls.res = subprocess.run(
            [BENCH_SCALE, "--strong", "--nodes", "1", "--threads", "1,2", "--seeds", "1,2",
             "--configs", "builtin/builtin,nestml/nestml", "--order", "20", "--out", cls.dir,
             "--bench-run", FAKE], capture_output=True, text=True, env=env, timeout=600,
            check=False)

    def test_report_written_by_bench_scale(self):
        self.assertEqual(self.res.returncode, 0, self.res.stdout + self.res.stderr)
        self.assertIn("report is at", self.res.stdout)
        self.assertTrue(os.path.isfile(os.path.join(self.dir, "report", "report.html")))

    def test_numbers_follow_the_runs(self):
        fake = fake_module()
        with h5py.File(os.path.join(self.dir, "report", "summary.h5"), "r") as f:
            sc = f["scaling"][...]
            ra = f["ratios"][...]
            self.assertEqual(len(f["problems"]), 0)
        self.assertEqual(len(sc), 4)
        for conf in ("builtin/builtin", "nestml/nestml"):
            t = {th: [fake.t_simulate(conf, th, s) for s in (1, 2)] for th in (1, 2)}
            rows = {int(r["threads"]): r for r in sc if r["configuration"] == conf.encode()}
            self.assertEqual(rows[2]["n"], 2)
            self.assertEqual(rows[2]["order"], 20)
            self.assertAlmostEqual(rows[2]["t_sim_mean"], sum(t[2]) / 2, places=12)
            self.assertAlmostEqual(rows[2]["speedup_value"], sum(t[1]) / sum(t[2]), places=12)
            self.assertAlmostEqual(rows[2]["efficiency_value"], sum(t[1]) / sum(t[2]) / 2,
                                   places=12)
        r = [x for x in ra if x["metric"] == b"t_simulate" and x["threads"] == 1][0]
        self.assertAlmostEqual(r["fieller_value"], 8.8 / 8.0, places=12)
        b = [x for x in ra if x["metric"] == b"bytes_per_synapse" and x["threads"] == 2][0]
        self.assertEqual((b["fieller_value"], b["fieller_lo"], b["fieller_hi"]),
                         (50 / 48, 50 / 48, 50 / 48))


if __name__ == "__main__":
    unittest.main()
