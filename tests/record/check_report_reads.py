"""bench-report's reader (analysis/spikescale_report) loads a run record
written by the C writer: the two sides of docs/run-record.md agree.
Usage: check_report_reads.py WRITE_SAMPLE ANALYSIS_DIR"""
import subprocess
import sys
import tempfile

sys.path.insert(0, sys.argv[2])
from spikescale_report.runrecord import load_run  # noqa: E402


def main():
    with tempfile.TemporaryDirectory() as tmp:
        path = tmp + "/run.h5"
        subprocess.run([sys.argv[1], path], check=True)
        r = load_run(path)
        assert (r.n_ranks, r.n_threads) == (2, 2)
        assert r.configuration == "builtin/builtin"
        assert r.order == 10, r.order            # from /meta config_yaml
        assert r.rtf == 8.375 and r.bytes_per_synapse == 15.75
        assert r.hosts == ["node-a", "node-b"]
        assert r.slurm["SLURM_JOB_ID"] == "42"
        assert list(r.counters["available"]) == [1, 1, 0]
        assert r.counters["reason"][2].startswith("PAPI_ENOEVNT")
        assert r.has_spikes and r.wall.shape == (2, 2, 8)
    print("bench-report's reader loaded the C writer's record")


if __name__ == "__main__":
    main()
