#!/usr/bin/env bash
# brunel_aeif with real plasticity (lambda 0.01) at a small order for 200 ms
# (no presimulation): spikes AND final E->all weights must be bitwise
# identical for 1x1, 1x2, 2x1, 2x2 ranks x threads, and the weights must have
# moved (otherwise the comparison would prove nothing about plasticity).
#   decomposition.sh STDP_NET MPIEXEC [DECOMPOSITIONS...]
set -euo pipefail
net=${1:?stdp-net}; mpiexec=${2:?mpiexec}; shift 2
decomps=("$@")
((${#decomps[@]})) || decomps=(1x1 1x2 2x1 2x2)
export OMP_WAIT_POLICY=passive
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ref=""
for d in "${decomps[@]}"; do
  r=${d%x*}; t=${d#*x}
  "$mpiexec" -n "$r" "$net" brunel_aeif 300 0 200 0.01 "$t" "$tmp/$d" > "$tmp/$d.out"
  cat "$tmp"/"$d".w.* | sort -s -k1,1n -k2,2n > "$tmp/$d.w"
  n=$(wc -l < "$tmp/$d.spikes"); nw=$(wc -l < "$tmp/$d.w")
  echo "$d: $n spikes, $nw plastic synapses: $(cat "$tmp/$d.out")"
  ((n > 1000)) || { echo "FAIL: $d: only $n spikes"; exit 1; }
  ((nw == 1500 * 1000)) || { echo "FAIL: $d: $nw plastic synapses, expected 1500000"; exit 1; }
  if [[ -z "$ref" ]]; then
    ref=$d
    # J_ex = 0x1.4ae1c1f... : at least 10 % of the weights must differ from it
    moved=$(awk '{ if ($3 != w0) m++ } NR == 1 { } END { print m + 0 }' w0="$(awk 'NR==1{print $3}' "$tmp/$d.w")" "$tmp/$d.w")
    echo "weights different from the first one: $moved"
    ((moved > 150000)) || { echo "FAIL: weights did not move (lambda 0.01)"; exit 1; }
    continue
  fi
  cmp "$tmp/$ref.spikes" "$tmp/$d.spikes" || { echo "FAIL: $d spikes differ from $ref"; exit 1; }
  cmp "$tmp/$ref.w" "$tmp/$d.w" || { echo "FAIL: $d weights differ from $ref"; exit 1; }
done
echo "PASS: ${decomps[*]}: spikes and weights bitwise identical"
