#!/usr/bin/env bash
# bench-run's multimeter end to end: recording.* keys -> /report/{exc,inh} in
# the run record (docs/run-record.md), on 2 ranks x 1 thread (samples of
# neurons on both ranks gathered), frames after the presimulation only.
#   report_h5.sh BENCH_RUN MPIEXEC
set -euo pipefail
bench=${1:?bench-run}; mpiexec=${2:?mpiexec}
export OMP_WAIT_POLICY=passive
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$mpiexec" -n 2 "$bench" --preset brunel_aeif --set network.order=300 --set simulation.t_sim_ms=20 \
  --set simulation.t_presim_ms=10 --set 'recording.gids=[1,2,3,1201,1500]' \
  --set 'recording.variables=[V_m,w]' --set recording.interval_ms=0.5 --out "$tmp/r.h5" > "$tmp/out"
/usr/bin/python3 - "$tmp/r.h5" <<'PY'
import sys
import h5py
import numpy as np
f = h5py.File(sys.argv[1], "r")
e, i = f["report/exc"], f["report/inh"]
assert list(e["mapping/node_ids"][:]) == [0, 1, 2], e["mapping/node_ids"][:]
assert list(i["mapping/node_ids"][:]) == [0, 299], i["mapping/node_ids"][:]
assert np.allclose(e["mapping/time"][:], [10.5, 30.5, 0.5]), e["mapping/time"][:]
assert e["data"].shape == (40, 6) and i["data"].shape == (40, 4), (e["data"].shape, i["data"].shape)
assert [v.decode() if isinstance(v, bytes) else v for v in e.attrs["variables"]] == ["V_m", "w"]
assert [v.decode() if isinstance(v, bytes) else v for v in e.attrs["variable_units"]] == ["mV", "pA"]
v = e["data"][:, 0]
# everything starts at V_m = 0 and is driven: V_m moves within (-inf, V_peak = 20]
assert np.all(np.isfinite(e["data"][:])) and v.max() <= 20.0 and np.ptp(v) > 1.0, v
print("PASS: /report/exc", e["data"].shape, "/report/inh", i["data"].shape)
PY
