"""Reading inputs: failed and missing runs are reported, unknown schemas refused."""
import json
import os
import unittest

import h5py

import helpers
from spikescale_report import synthetic as S
from spikescale_report.inputs import collect, read_manifest
from spikescale_report.runrecord import InputError, SchemaError, load_run


class TestProblems(unittest.TestCase):
    def setUp(self):
        self.dir = helpers.tempdir(self)
        S.write_experiment(self.dir, "strong", [
            dict(repetition=0),
            dict(repetition=1, state="failed", reason="bench-run exited with status 1"),
            dict(repetition=2, state="pending"),
            dict(repetition=3, state="running"),
            dict(repetition=4, no_file=True),
            dict(repetition=5),
        ])
        # a done run whose file is corrupt
        with open(os.path.join(self.dir, "runs", "bb-n1-r1-t1-s12345-rep5.h5"), "wb") as f:
            f.write(b"not hdf5 at all")

    def test_every_unusable_run_is_listed(self):
        c = collect([self.dir])
        self.assertEqual([r.run_id for r in c.runs], ["bb-n1-r1-t1-s12345-rep0"])
        got = [(p.run_id, p.state) for p in c.problems]
        self.assertEqual(got, [("bb-n1-r1-t1-s12345-rep1", "failed"),
                               ("bb-n1-r1-t1-s12345-rep2", "pending"),
                               ("bb-n1-r1-t1-s12345-rep3", "running"),
                               ("bb-n1-r1-t1-s12345-rep4", "missing"),
                               ("bb-n1-r1-t1-s12345-rep5", "unreadable")])
        self.assertEqual(c.problems[0].reason, "bench-run exited with status 1")
        self.assertEqual(c.problems[0].decomposition, "1\u00d71\u00d71")
        self.assertIn("does not exist", c.problems[3].reason)
        self.assertIn("cannot be read as HDF5", c.problems[4].reason)
        self.assertIn("rep5.h5", c.problems[4].reason)

    def test_manifest_fields_are_used(self):
        (run,) = collect([self.dir]).runs
        self.assertEqual((run.scaling, run.repetition, run.order, run.seed), ("strong", 0, 100,
                                                                             12345))

    def test_report_lists_them(self):
        out = os.path.join(self.dir, "rep")
        res = helpers.bench_report(self.dir, "-o", out, "--format", "md",
                                   "--figure-formats", "png", "--dpi", "30")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("1 runs used, 5 failed/unfinished/missing", res.stdout)
        with open(os.path.join(out, "report.md"), encoding="utf-8") as f:
            md = f.read()
        for rep, state in ((1, "failed"), (2, "pending"), (3, "running"), (4, "missing"),
                           (5, "unreadable")):
            self.assertRegex(md, rf"\| bb-n1-r1-t1-s12345-rep{rep} \| builtin/builtin \| "
                                 rf"1×1×1 \| {state} \|")
        with h5py.File(os.path.join(out, "summary.h5"), "r") as f:
            states = [s.decode() for s in f["problems"]["state"]]
        self.assertEqual(states, ["failed", "pending", "running", "missing", "unreadable"])


class TestSchema(unittest.TestCase):
    def setUp(self):
        self.dir = helpers.tempdir(self)

    def test_unknown_version_refused(self):
        path = S.write_run(os.path.join(self.dir, "v2.h5"), schema_version=2)
        with self.assertRaises(SchemaError) as cm:
            load_run(path)
        msg = str(cm.exception)
        self.assertIn(path, msg)
        self.assertIn("unknown run-record schema_version 2", msg)

    def test_unknown_version_in_experiment_refused_by_command(self):
        S.write_experiment(self.dir, "strong", [dict(repetition=0), dict(repetition=1,
                                                                         schema_version=7)])
        res = helpers.bench_report(self.dir, "--format", "md")
        self.assertEqual(res.returncode, 2)
        self.assertIn("bb-n1-r1-t1-s12345-rep1.h5: unknown run-record schema_version 7",
                      res.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "report", "report.md")))

    def test_not_a_run_file(self):
        path = os.path.join(self.dir, "other.h5")
        with h5py.File(path, "w") as f:
            f.attrs["format"] = "something-else"
        with self.assertRaises(SchemaError) as cm:
            load_run(path)
        self.assertIn("not a spikescale run file", str(cm.exception))
        self.assertIn(path, str(cm.exception))

    def test_version_one_accepted(self):
        run = load_run(S.write_run(os.path.join(self.dir, "ok.h5"), n_ranks=2, n_threads=3,
                                   order=40, t_simulate=2.5))
        self.assertEqual((run.n_ranks, run.n_threads, run.order, run.t_simulate),
                         (2, 3, 40, 2.5))
        self.assertEqual(run.wall.shape, (2, 3, 8))
        self.assertEqual(run.configuration, "builtin/builtin")


class TestManifestAndPaths(unittest.TestCase):
    def setUp(self):
        self.dir = helpers.tempdir(self)

    def test_bad_json_names_file_and_line(self):
        with open(os.path.join(self.dir, "manifest.json"), "w") as f:
            f.write('{"format": "spikescale-experiment",\n "version": 1,\n "runs": [,]}\n')
        with self.assertRaises(InputError) as cm:
            read_manifest(self.dir)
        self.assertRegex(str(cm.exception), r"manifest\.json:3:\d+: invalid JSON")

    def test_wrong_manifest_version(self):
        with open(os.path.join(self.dir, "manifest.json"), "w") as f:
            json.dump({"format": "spikescale-experiment", "version": 3, "runs": []}, f)
        with self.assertRaises(InputError) as cm:
            collect([self.dir])
        self.assertIn("unknown experiment manifest version 3", str(cm.exception))

    def test_missing_path(self):
        res = helpers.bench_report(os.path.join(self.dir, "nope"))
        self.assertEqual(res.returncode, 2)
        self.assertIn("nope: no such file or directory", res.stderr)

    def test_unwritable_output(self):
        path = S.write_run(os.path.join(self.dir, "r.h5"))
        blocker = os.path.join(self.dir, "file")
        with open(blocker, "w", encoding="utf-8") as f:
            f.write("x")
        res = helpers.bench_report(path, "-o", os.path.join(blocker, "out"))
        self.assertEqual(res.returncode, 2)
        self.assertIn(f"bench-report: error: {blocker}/out:", res.stderr)
        self.assertNotIn("Traceback", res.stderr)

    def test_bad_option_is_usage_error(self):
        res = helpers.bench_report(self.dir, "--format", "html,docx")
        self.assertEqual(res.returncode, 2)
        self.assertIn("invalid value 'html,docx'", res.stderr)

    def test_directory_of_run_files(self):
        for th in (1, 2):
            S.write_run(os.path.join(self.dir, f"r{th}.h5"), n_threads=th)
        c = collect([self.dir])
        self.assertEqual(sorted(r.n_threads for r in c.runs), [1, 2])
        self.assertEqual({r.scaling for r in c.runs}, {"unknown"})

    def test_same_file_twice_counts_once(self):
        path = S.write_run(os.path.join(self.dir, "r.h5"))
        self.assertEqual(len(collect([path, self.dir, path]).runs), 1)

    def test_help(self):
        res = helpers.bench_report("--help")
        self.assertEqual(res.returncode, 0)
        for word in ("--baseline", "--format", "--rate-tol", "--cv-tol", "manifest.json"):
            self.assertIn(word, res.stdout)


if __name__ == "__main__":
    unittest.main()
