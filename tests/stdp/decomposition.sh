#!/usr/bin/env bash
# brunel_aeif with real plasticity (lambda 0.01) at a small order for 200 ms
# (no presimulation): spikes AND final E->all weights must be bitwise
# identical for 1x1, 1x2, 2x1, 2x2 ranks x threads, and the weights must have
# moved (otherwise the comparison would prove nothing about plasticity). A
# trailing "s" (1x2s) runs with SS_UPDATE_SCHEDULE=swapped: every thread
# updates the other threads' neurons first (engine/update.c).
# Then hpc_aeif_cond (random initial V_m from the keyed RNG, E->E STDP with
# Wmax, two static types) at order 100 for 200 ms: the same comparison.
#   [STDP_T_MS=200] [STDP_PRESETS="brunel_aeif hpc_aeif_cond"]
#   [STDP_NEURON=.. STDP_SYNAPSE_EXC=..] decomposition.sh STDP_NET MPIEXEC [DECOMPOSITIONS...]
# (a shorter STDP_T_MS is the ASan+UBSan variant; thresholds scale with it;
# STDP_NEURON/STDP_SYNAPSE_EXC select other models, e.g. configuration (iii))
set -euo pipefail
net=${1:?stdp-net}; mpiexec=${2:?mpiexec}; shift 2
decomps=("$@")
((${#decomps[@]})) || decomps=(1x1 1x2 1x2s 2x1 2x2)
export OMP_WAIT_POLICY=passive
T=${STDP_T_MS:-200}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
presets=${STDP_PRESETS:-brunel_aeif hpc_aeif_cond}
ref=""
decomps_b=("${decomps[@]}")
[[ " $presets " == *" brunel_aeif "* ]] || decomps_b=()
for d in "${decomps_b[@]}"; do
  r=${d%x*}; t=${d#*x}; sched=dynamic
  if [[ $t == *s ]]; then t=${t%s}; sched=swapped; fi
  SS_UPDATE_SCHEDULE=$sched "$mpiexec" -n "$r" "$net" brunel_aeif 300 0 "$T" 0.01 "$t" "$tmp/$d" \
    > "$tmp/$d.out"
  cat "$tmp"/"$d".w.* | sort -s -k1,1n -k2,2n > "$tmp/$d.w"
  n=$(wc -l < "$tmp/$d.spikes"); nw=$(wc -l < "$tmp/$d.w")
  echo "$d: $n spikes, $nw plastic synapses: $(cat "$tmp/$d.out")"
  ((n > 5 * T)) || { echo "FAIL: $d: only $n spikes"; exit 1; }
  ((nw == 1500 * 1000)) || { echo "FAIL: $d: $nw plastic synapses, expected 1500000"; exit 1; }
  if [[ -z "$ref" ]]; then
    ref=$d
    # every E weight started at J_ex exactly: enough of them must have moved
    jex=$(sed -n 's/.*j_ex=\([^ ]*\).*/\1/p' "$tmp/$d.out")
    moved=$(awk -v w0="$jex" '$3 != w0 { m++ } END { print m + 0 }' "$tmp/$d.w")
    echo "weights different from J_ex ($jex): $moved"
    ((moved > 750 * T)) || { echo "FAIL: weights did not move (lambda 0.01)"; exit 1; }
    continue
  fi
  cmp "$tmp/$ref.spikes" "$tmp/$d.spikes" || { echo "FAIL: $d spikes differ from $ref"; exit 1; }
  cmp "$tmp/$ref.w" "$tmp/$d.w" || { echo "FAIL: $d weights differ from $ref"; exit 1; }
done
# hpc_aeif_cond: NE = 400, 1000 E->E inputs each (multapses), 0.1 ms steps
ref=""
decomps_h=("${decomps[@]}")
[[ " $presets " == *" hpc_aeif_cond "* ]] || decomps_h=()
for d in "${decomps_h[@]}"; do
  r=${d%x*}; t=${d#*x}; sched=dynamic
  if [[ $t == *s ]]; then t=${t%s}; sched=swapped; fi
  SS_UPDATE_SCHEDULE=$sched "$mpiexec" -n "$r" "$net" hpc_aeif_cond 100 0 "$T" 0.01 "$t" "$tmp/h$d" \
    > "$tmp/h$d.out"
  cat "$tmp"/h"$d".w.* | sort -s -k1,1n -k2,2n > "$tmp/h$d.w"
  n=$(wc -l < "$tmp/h$d.spikes"); nw=$(wc -l < "$tmp/h$d.w")
  echo "hpc_aeif_cond $d: $n spikes, $nw plastic synapses: $(cat "$tmp/h$d.out")"
  ((2 * n > T)) || { echo "FAIL: hpc $d: only $n spikes"; exit 1; }
  ((nw == 400 * 1000)) || { echo "FAIL: hpc $d: $nw plastic synapses, expected 400000"; exit 1; }
  if [[ -z "$ref" ]]; then ref=$d; continue; fi
  cmp "$tmp/h$ref.spikes" "$tmp/h$d.spikes" || { echo "FAIL: hpc $d spikes differ from $ref"; exit 1; }
  cmp "$tmp/h$ref.w" "$tmp/h$d.w" || { echo "FAIL: hpc $d weights differ from $ref"; exit 1; }
done
echo "PASS: ${decomps[*]}: spikes and weights bitwise identical ($presets${STDP_NEURON:+, $STDP_NEURON}${STDP_SYNAPSE_EXC:+ + $STDP_SYNAPSE_EXC})"
