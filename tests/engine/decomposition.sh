#!/usr/bin/env bash
# Decomposition independence: the same seed run as 1x1, 1x2, 2x1, 2x2 and 4x1
# (ranks x threads) must write byte-identical spike files, with visible
# activity (mean rate above 1 Hz in E and I) over >= 200 ms. A trailing "s"
# (1x2s) runs with SS_UPDATE_SCHEDULE=swapped: every thread updates the other
# threads' neurons first (engine/update.c), which must not change a bit.
#   decomposition.sh BENCH_RUN MPIEXEC [DECOMPOSITIONS...]
set -euo pipefail
bench=${1:?bench-run}; mpiexec=${2:?mpiexec}; shift 2
decomps=("$@")
((${#decomps[@]})) || decomps=(1x1 1x2 1x2s 2x1 2x2 4x1)
export OMP_WAIT_POLICY=passive
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
args=(--preset brunel_iaf --set network.order=60 --set simulation.t_sim_ms=200
      --set simulation.t_presim_ms=50 --set simulation.seed=20261122)
ref=""
for d in "${decomps[@]}"; do
  r=${d%x*}; t=${d#*x}; sched=dynamic
  if [[ $t == *s ]]; then t=${t%s}; sched=swapped; fi
  SS_UPDATE_SCHEDULE=$sched "$mpiexec" -n "$r" "$bench" "${args[@]}" --threads "$t" \
    --spikes "$tmp/$d.txt" > "$tmp/$d.out"
  n=$(wc -l < "$tmp/$d.txt")
  rate_e=$(awk '/^rate E:/ {print $3}' "$tmp/$d.out")
  rate_i=$(awk '/^rate I:/ {print $3}' "$tmp/$d.out")
  echo "$d: $n spikes, rate E $rate_e Hz, rate I $rate_i Hz, md5 $(md5sum < "$tmp/$d.txt" | cut -c1-32)"
  awk -v e="$rate_e" -v i="$rate_i" 'BEGIN { exit !(e > 1 && i > 1) }' || {
    echo "FAIL: $d: no visible activity"; exit 1; }
  # sorted by time, then gid; times after the presimulation
  sort -s -k2,2g -k1,1n "$tmp/$d.txt" | cmp -s - "$tmp/$d.txt" || { echo "FAIL: $d: not sorted"; exit 1; }
  awk '$2 <= 50 { bad = 1 } END { exit bad }' "$tmp/$d.txt" || { echo "FAIL: $d: presimulation spikes in the file"; exit 1; }
  if [[ -z "$ref" ]]; then ref=$d; continue; fi
  cmp "$tmp/$ref.txt" "$tmp/$d.txt" || { echo "FAIL: $d differs from $ref"; exit 1; }
done
# the knob itself refuses values it does not know
if SS_UPDATE_SCHEDULE=sideways "$bench" "${args[@]}" > "$tmp/bad.out" 2> "$tmp/bad.err"; then
  echo "FAIL: SS_UPDATE_SCHEDULE=sideways accepted"; exit 1
fi
grep -q "SS_UPDATE_SCHEDULE: expected dynamic or swapped (got 'sideways')" "$tmp/bad.err" || {
  echo "FAIL: SS_UPDATE_SCHEDULE=sideways: $(cat "$tmp/bad.err")"; exit 1; }
echo "PASS: ${decomps[*]} byte-identical"
