"""The analysis reads what the C writer (bench/run/record_write.c) writes.

Uses tests/record's write_sample_record (SS_WRITE_SAMPLE, set by meson); its values
are documented in tests/record/sample_record.c, the expectations below follow them."""
import os
import subprocess
import unittest

import helpers
from spikescale_report.analyse import analyse
from spikescale_report.dynamics import Thresholds
from spikescale_report.inputs import collect
from spikescale_report.runrecord import load_run

WRITER = os.environ.get("SS_WRITE_SAMPLE", "")
R, T, Q, E, P = 2, 2, 2, 3, 8


@unittest.skipUnless(WRITER and os.path.isfile(WRITER),
                     "write_sample_record not built (SS_WRITE_SAMPLE unset): C round trip skipped")
class TestCRecord(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = helpers.class_tempdir(cls)
        cls.path = os.path.join(cls.dir, "run.h5")
        subprocess.run([WRITER, cls.path], check=True, timeout=60)

    def test_fields(self):
        r = load_run(self.path)
        self.assertEqual((r.configuration, r.neuron, r.synapse),
                         ("builtin/builtin", "aeif_psc_alpha", "stdp_synapse"))
        self.assertEqual((r.n_ranks, r.n_threads, r.nodes, r.ranks_per_node, r.order),
                         (2, 2, 2, 1, 10))
        self.assertEqual((r.t_simulate, r.t_presimulate, r.rtf), (12.5, 1.25, 8.375))
        self.assertEqual(r.phases[3], "update")
        for rank in range(R):
            for t in range(T):
                for p in range(P):
                    self.assertEqual(r.wall[rank, t, p], 0.5 + 0.25 * ((rank * T + t) * P + p))
        self.assertEqual(r.mem_bytes[1, 7], 1000 + 7 * 15)
        self.assertEqual(list(r.vm_hwm), [1 << 20, 1 << 21])
        self.assertEqual((r.bytes_per_neuron, r.bytes_per_synapse), (812.5, 15.75))
        self.assertEqual(r.slurm["SLURM_JOB_ID"], "42")
        self.assertEqual(r.generated["aeif_psc_alpha_nestml.c"], "sha256:00ff")
        self.assertEqual(r.hosts, ["node-a", "node-b"])
        self.assertTrue(r.has_spikes)
        self.assertEqual(r.isis_exc().size, 0)      # every sample neuron spikes once
        # slowest thread's create + connect + prepare: rank 1, thread 1 (flat base 24)
        self.assertEqual(r.t_setup, 3 * 0.5 + 0.25 * (24 + 25 + 26))

    def test_counters(self):
        a = analyse(collect([self.path]), "builtin/builtin", Thresholds())
        res = a.counters
        self.assertTrue(res.available)
        self.assertEqual(res.reasons,
                         ["PAPI_L3_TCM: PAPI_ENOEVNT: event does not exist on this machine"])
        got = {ph: s.mean for _, ph, m, s in res.rows if m == "IPC"}

        def total(q, e):
            return sum(10 ** 12 + ((rank * T + t) * Q + q) * E + e
                       for rank in range(R) for t in range(T))
        self.assertEqual(got, {"update": total(0, 0) / total(0, 1),
                               "deliver": total(1, 0) / total(1, 1)})

    def test_report_renders(self):
        out = os.path.join(self.dir, "rep")
        res = helpers.bench_report(self.path, "-o", out, "--format", "html",
                                   "--figure-formats", "png", "--dpi", "30")
        self.assertEqual(res.returncode, 0, res.stderr)
        with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
            text = f.read()
        self.assertIn("0123456789abcdef0123456789abcdef01234567-dirty", text)
        self.assertIn("node-a, node-b", text)


if __name__ == "__main__":
    unittest.main()
