#!/usr/bin/env bash
# Runs bench/main-job.sh at a tiny size into a temporary directory and checks
# that every run finished and the report (HTML, Markdown, LaTeX, summary,
# figures) exists and names all three configurations.
set -euo pipefail
build=${1:?build dir}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MAIN_ORDER=60 MAIN_T_SIM_MS=40 MAIN_REPEAT=1 MAIN_THREADS=1,2 MAIN_OUT="$tmp/exp"
export OMP_WAIT_POLICY=passive
bash "$root/bench/main-job.sh" "$build" > "$tmp/out.txt" 2>&1 || { cat "$tmp/out.txt"; echo "main job failed"; exit 1; }
fail() { cat "$tmp/out.txt"; echo "FAIL: $*"; exit 1; }
grep -q "main job: report at $tmp/exp/report/report.html" "$tmp/out.txt" || fail "report location not printed"
for f in report.html report.md key_numbers.tex summary.h5; do
  [[ -s "$tmp/exp/report/$f" ]] || fail "missing $f"
done
ls "$tmp/exp/report/figures/"*.png > /dev/null 2>&1 || fail "no figures"
n_runs=$(ls "$tmp/exp/runs/"*.h5 | wc -l)
[[ $n_runs -eq 6 ]] || fail "expected 6 run files (3 configurations x 2 thread counts), found $n_runs"
for c in builtin/builtin nestml/builtin nestml/nestml; do
  grep -q "$c" "$tmp/exp/report/report.md" || fail "configuration $c missing from report.md"
done
/usr/bin/python3 - "$tmp/exp/manifest.json" <<'PY' || fail "manifest states"
import json, sys
m = json.load(open(sys.argv[1]))
states = [r["state"] for r in m["runs"]]
assert states and all(s == "done" for s in states), states
PY
echo "main job tiny: 6 runs done, report complete"
