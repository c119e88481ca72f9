#!/usr/bin/env bash
# The main job (README command 1), given the build directory: the three
# configurations of brunel_aeif — (i) builtin/builtin, (ii) nestml/builtin,
# (iii) nestml/nestml — as a strong-scaling experiment over 1 and 2 threads with
# repetitions, run locally by bench-scale, then the report by bench-report.
#
# Size and place can be changed through the environment (the test suite runs
# it tiny):  MAIN_ORDER (250), MAIN_T_SIM_MS (500), MAIN_REPEAT (2),
# MAIN_THREADS (1,2), MAIN_OUT (experiments/main-<order>-<t_sim>-<repeat>).
# Re-running resumes: finished runs are kept; delete the directory to measure anew.
set -euo pipefail
build=$(cd "${1:?usage: bench/main-job.sh BUILDDIR}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
order=${MAIN_ORDER:-250}
t_sim=${MAIN_T_SIM_MS:-500}
repeat=${MAIN_REPEAT:-2}
threads=${MAIN_THREADS:-1,2}
out=${MAIN_OUT:-$root/experiments/main-$order-$t_sim-$repeat}

scale="$build/bench/scale/bench-scale"
for exe in "$scale" "$build/bench/bench-run" "$build/analysis/bench-report"; do
  [[ -x "$exe" ]] || { echo "main job: $exe not found (build first)" >&2; exit 1; }
done
export BENCH_REPORT="$build/analysis/bench-report"

echo "main job: brunel_aeif order $order ($((5 * order)) neurons), ${t_sim} ms after 100 ms presimulation;"
echo "          configurations builtin/builtin, nestml/builtin, nestml/nestml; threads $threads; $repeat repetitions"
echo "          experiment directory: $out"
status=0
"$scale" --strong --nodes 1 --ranks-per-node 1 --threads "$threads" \
  --configs builtin/builtin,nestml/builtin,nestml/nestml --preset brunel_aeif \
  --order "$order" --t-sim "$t_sim" --t-presim 100 --seeds 1 --repeat "$repeat" \
  --backend local --bench-run "$build/bench/bench-run" --out "$out" || status=$?

report="$out/report"
if [[ -f "$report/report.md" ]]; then
  echo
  sed -n '1,40p' "$report/report.md"
  echo
  echo "main job: report at $report/report.html (Markdown: $report/report.md, LaTeX table: $report/key_numbers.tex, figures: $report/figures/)"
else
  echo "main job: no report was written (bench-scale exit status $status)" >&2
  exit 1
fi
exit $status
