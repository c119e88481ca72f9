#!/usr/bin/env bash
# Validation (not a unit test): brunel_aeif at order 500, 100 ms presimulation
# + 1000 ms, against NEST 3.9's figures (reference/brunel_aeif-nest-3.9.md):
# rate within 3 % of 14.2 Hz for E and for I, ISI CV (E) within 0.03 of 0.22.
# Statistics as DESIGN §9 defines them, computed here from the spike file
# (independently of bench-run's summary, which is printed beside them).
#   bench/validate_nest.sh BUILDDIR [THREADS] [ORDER] [LAMBDA]
# Exit 0 when both checks pass, 1 otherwise. Takes a few minutes at 2 threads.
set -euo pipefail
build=${1:?usage: bench/validate_nest.sh BUILDDIR [THREADS] [ORDER] [LAMBDA]}
threads=${2:-2}; order=${3:-500}; lambda=${4:-0}
bench="$build/bench/bench-run"
[[ -x "$bench" ]] || { echo "validate_nest: $bench not found (build first)" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
"$bench" --preset brunel_aeif --set network.order="$order" --set simulation.t_presim_ms=100 \
  --set simulation.t_sim_ms=1000 --set network.stdp_lambda="$lambda" --threads "$threads" \
  --spikes "$tmp/spikes.txt" > "$tmp/summary.txt"
grep -E '^(preset|decomposition|spikes|rate|cv|time simulate|real-time)' "$tmp/summary.txt"
/usr/bin/python3 - "$tmp/spikes.txt" "$order" <<'PY'
import sys
import numpy as np
path, order = sys.argv[1], int(sys.argv[2])
ne, ni, t0, t1 = 4 * order, order, 100.0, 1100.0
d = np.loadtxt(path, ndmin=2)
gid, t = d[:, 0].astype(np.int64), d[:, 1]
keep = (t > t0) & (t <= t1)
gid, t = gid[keep], t[keep]
sec = (t1 - t0) / 1000.0
rate_e = np.count_nonzero(gid <= ne) / (ne * sec)
rate_i = np.count_nonzero(gid > ne) / (ni * sec)
cvs = []
order_ix = np.lexsort((t, gid))
gid, t = gid[order_ix], t[order_ix]
for g in np.unique(gid[gid <= ne]):
    ts = t[gid == g]
    if len(ts) >= 3:
        isi = np.diff(ts)
        cvs.append(isi.std() / isi.mean())
cv = float(np.mean(cvs))
ok = True
for name, v in (("E", rate_e), ("I", rate_i)):
    dev = (v - 14.2) / 14.2
    good = abs(dev) <= 0.03
    ok &= good
    print(f"rate {name}: {v:.3f} Hz (NEST 14.2 Hz; {100 * dev:+.1f} %, limit 3 %): {'ok' if good else 'FAIL'}")
good = abs(cv - 0.22) <= 0.03
ok &= good
print(f"ISI CV E: {cv:.4f} over {len(cvs)} neurons (NEST 0.22; {cv - 0.22:+.4f}, limit 0.03): {'ok' if good else 'FAIL'}")
print("VALIDATION", "PASSED" if ok else "FAILED")
sys.exit(0 if ok else 1)
PY
