"""Writes the sample run record and reads every group with h5py (Debian's
/usr/bin/python3). Usage: check_h5py.py WRITE_SAMPLE"""
import subprocess
import sys
import tempfile

import h5py
import numpy as np


def main():
    with tempfile.TemporaryDirectory() as tmp:
        path = tmp + "/run.h5"
        subprocess.run([sys.argv[1], path], check=True)
        with h5py.File(path, "r") as f:
            assert f.attrs["format"] == "spikescale-run", f.attrs["format"]
            assert f.attrs["schema_version"] == 1
            meta = f["meta"]
            assert meta.attrs["schema_version"] == 1
            assert meta.attrs["git_commit"].endswith("-dirty")
            assert meta.attrs["command_line"] == "bench-run --config 'my file.yaml' --out run.h5"
            assert [h.decode() for h in meta["hosts"][()]] == ["node-a", "node-b"]
            assert meta["binding"].shape == (2, 2) and meta["binding"][1, 1] == -1
            assert meta["hwloc_topology_xml"][()].decode().startswith("<?xml")
            assert meta["slurm"].attrs["SLURM_JOB_ID"] == "42"
            assert meta["environment"].attrs["OMP_WAIT_POLICY"] == "passive"
            wall = f["timers/wall"][()]
            assert wall.shape == (2, 2, 8) and wall.dtype == np.float64
            assert wall[1, 1, 7] == 0.5 + 0.25 * 31
            assert list(f["timers"].attrs["phases"])[3] == "update"
            assert f["memory/bytes"].shape == (2, 8) and f["memory/bytes"][1, 7] == 1000 + 7 * 15
            assert f["memory"].attrs["bytes_per_synapse"] == 15.75
            c = f["counters"]
            assert list(c.attrs["events"]) == ["PAPI_TOT_INS", "PAPI_TOT_CYC", "PAPI_L3_TCM"]
            assert list(c["available"][()]) == [1, 1, 0] and c["available"].dtype == np.int8
            assert c["reason"][2].decode().startswith("PAPI_ENOEVNT")
            assert c["values"].shape == (2, 2, 2, 3) and c["values"][0, 0, 0, 2] == -1
            assert f["stats"].attrs["n_synapses"] == 15625000
            assert f["stats"].attrs["cv_isi_exc"] == 0.21875
            exc = f["spikes/exc"]
            assert exc.attrs["sorting"] == "by_time"
            assert exc["timestamps"].attrs["units"] == "ms"
            assert exc["node_ids"].dtype == np.uint64
            assert np.all(np.diff(exc["timestamps"][()]) >= 0)
            rep = f["report/exc"]
            assert rep["data"].shape == (4, 4) and rep["data"].attrs["units"] == "mV,pA"
            assert list(rep["mapping/index_pointers"][()]) == [0, 2, 4]
            assert list(rep["mapping/time"][()]) == [0.0, 0.4, 0.1]
            assert list(rep.attrs["variables"]) == ["V_m", "w"]
    print("h5py read every group of the run record")


if __name__ == "__main__":
    main()
