#!/usr/bin/env bash
# Benchmark (not a test): the brunel_aeif preset (configuration (i): built-in
# aeif_psc_alpha + built-in stdp_synapse) at a given order with 1 and 2
# threads, 100 ms presimulation + T_SIM. Prints, per thread count: simulate
# time, real-time factor, ns per synaptic event, ns per neuron update, bytes
# per synapse and per neuron, the phase breakdown, and NEST 3.9's figures for
# the same preset on a machine of this kind (reference/brunel_aeif-nest-3.9.md)
# side by side.
#   bench/brunel_aeif_bench.sh BUILDDIR [ORDER] [T_SIM_MS] [LAMBDA] [NEURON] [SYNAPSE]
# Defaults: order 500, 1000 ms, lambda 0, aeif_psc_alpha, stdp_synapse.
set -euo pipefail
build=${1:?usage: bench/brunel_aeif_bench.sh BUILDDIR [ORDER] [T_SIM_MS] [LAMBDA] [NEURON] [SYNAPSE]}
order=${2:-500}; tsim=${3:-1000}; lambda=${4:-0}
neuron=${5:-aeif_psc_alpha}; synapse=${6:-stdp_synapse}
bench="$build/bench/bench-run"
[[ -x "$bench" ]] || { echo "brunel_aeif_bench: $bench not found (build first)" >&2; exit 1; }
cores=$(nproc)
# NEST 3.9, order 500, 1000 ms, configuration (i): simulate s at 1 / 2 threads.
declare -A nest_sim=([1]=83.8 [2]=46.4)
nest_bps=118   # bytes per synapse (RSS growth during connect / connections)
rows=()
for threads in 1 2; do
  if (( threads > cores )); then
    export OMP_WAIT_POLICY=passive
    echo "note: $threads threads exceed $cores cores: timings show correctness, not speed" >&2
  fi
  out=$("$bench" --preset brunel_aeif --set network.order="$order" --set simulation.t_sim_ms="$tsim" \
        --set simulation.t_presim_ms=100 --set network.stdp_lambda="$lambda" \
        --set network.neuron="$neuron" --set network.synapse_exc="$synapse" --threads "$threads")
  get() { awk -v k="$1" 'index($0, k) == 1 { sub(/^[^:]*: */, ""); print $1; exit }' <<< "$out"; }
  sim=$(get "time simulate:")
  events=$(awk '/^synaptic events:/ {print $3; exit}' <<< "$out")
  neurons=$(get "neurons:")
  steps=$(awk -v t="$tsim" 'BEGIN { printf "%d", t / 0.01 }')
  nsev=$(awk -v t="$sim" -v e="$events" -v v="$threads" 'BEGIN { printf "%.1f", t * v * 1e9 / e }')
  nsnu=$(awk -v t="$sim" -v n="$neurons" -v s="$steps" -v v="$threads" 'BEGIN { printf "%.1f", t * v * 1e9 / (n * s) }')
  echo "== $threads thread(s)"
  grep -E '^(spikes|rate|cv|time simulate|real-time|phases|synaptic events|ns per|memory|bytes per)' <<< "$out"
  nest="-"; ratio="-"
  if [[ "$order" == 500 && "$tsim" == 1000 ]]; then
    nest=${nest_sim[$threads]}
    ratio=$(awk -v a="$sim" -v b="$nest" 'BEGIN { printf "%.3f", a / b }')
  fi
  rows+=("$(printf '%-8s %10s %10s %10s %12s %12s %10s %10s %10s' "$threads" "$sim" "$nest" "$ratio" \
    "$nsev" "$nsnu" "$(get 'bytes per synapse:')" "$nest_bps" "$(get 'bytes per neuron:')")")
done
echo
echo "brunel_aeif order $order, $tsim ms (+100 ms presim), lambda $lambda, $neuron + $synapse"
printf '%-8s %10s %10s %10s %12s %12s %10s %10s %10s\n' threads "sim [s]" "NEST [s]" "ours/NEST" \
  "ns/syn.ev" "ns/neur.step" "B/synapse" "NEST B/syn" "B/neuron"
printf '%s\n' "${rows[@]}"
echo "ns/syn.ev and ns/neur.step: simulate wall x threads over network synaptic events, resp."
echo "over neuron steps (each figure charges the whole simulate time to one kind of work);"
echo "NEST: ~335 ns per neuron step including its events at 1 thread. Goal: ours/NEST <= 0.1."
