#!/usr/bin/env bash
# bench-run --out: the HDF5 run record of a 2-rank run agrees with the printed
# summary and the spike file (counts, ranks, threads, spikes per population),
# and a failed run (bad model) leaves neither file.
#   run_record.sh BENCH_RUN MPIEXEC
set -euo pipefail
bench=${1:?bench-run}; mpiexec=${2:?mpiexec}
export OMP_WAIT_POLICY=passive
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$mpiexec" -n 2 "$bench" --set network.order=20 --set simulation.t_sim_ms=100 \
  --set simulation.t_presim_ms=20 --set simulation.seed=3 --threads 2 \
  --out "$tmp/run.h5" --spikes "$tmp/spikes.txt" > "$tmp/out"
/usr/bin/python3 - "$tmp/run.h5" "$tmp/spikes.txt" "$tmp/out" <<'PY'
import sys, h5py
h5, spikes, out = sys.argv[1:4]
f = h5py.File(h5, "r")
lines = [l.split() for l in open(spikes)]
summary = dict(l.split(": ", 1) for l in open(out) if ": " in l)
st = f["/stats"].attrs
n_exc = sum(1 for g, t in lines if int(g) <= 80)
assert st["spikes_exc"] == n_exc, (st["spikes_exc"], n_exc)
assert st["spikes_inh"] == len(lines) - n_exc
assert st["n_neurons"] == 100 and st["n_synapses"] == 100 * (8 + 2), st["n_synapses"]
assert f["/meta"].attrs["n_ranks"] == 2 and f["/meta"].attrs["n_threads"] == 2
assert f["/timers/wall"].shape == (2, 2, 8)
assert f["/memory/bytes"].shape == (2, 8)
assert len(f["/spikes/exc/timestamps"]) == n_exc
assert abs(float(summary["rate E"].split()[0]) - st["rate_exc_hz"]) < 1e-3
assert min(float(t) for g, t in lines) > 20.0
print("PASS: run record agrees with summary and spike file;", len(lines), "spikes")
PY
if "$mpiexec" -n 2 "$bench" --set network.order=5 --set network.neuron=nope \
     --out "$tmp/bad.h5" --spikes "$tmp/bad.txt" > /dev/null 2>&1; then
  echo "FAIL: bad model accepted"; exit 1; fi
if compgen -G "$tmp/bad*" > /dev/null; then echo "FAIL: failed run left a file"; ls "$tmp"; exit 1; fi
echo "PASS: failed run left no file"
