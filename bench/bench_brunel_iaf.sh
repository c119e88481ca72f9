#!/usr/bin/env bash
# Benchmark (not a test): the brunel_iaf network at a size that takes about a
# minute in total, with 1 and 2 threads; prints real-time factor, ns per
# delivered synaptic event and bytes per synapse.
#   bench/bench_brunel_iaf.sh BUILDDIR [ORDER] [T_SIM_MS] [RANKS]
# Defaults: order 4000 (20000 neurons, 40 M synapses), 1000 ms, 1 rank: about a
# minute in total on two dedicated cores.
set -euo pipefail
build=${1:?usage: bench/bench_brunel_iaf.sh BUILDDIR [ORDER] [T_SIM_MS] [RANKS]}
order=${2:-4000}; tsim=${3:-1000}; ranks=${4:-1}
bench="$build/bench/bench-run"
[[ -x "$bench" ]] || { echo "bench_brunel_iaf: $bench not found (build first)" >&2; exit 1; }
cores=$(nproc)
printf '%-8s %-8s %10s %12s %14s %12s %10s %10s %8s\n' ranks threads "sim [s]" "RTF" "ns/event" "deliver ns/ev" "B/synapse" "rate E Hz" "CV E"
for threads in 1 2; do
  extra=()
  if (( ranks * threads > cores )); then
    export OMP_WAIT_POLICY=passive
    echo "note: $ranks x $threads exceeds $cores cores: timings show correctness, not speed" >&2
  fi
  out=$(mpiexec -n "$ranks" "$bench" --preset brunel_iaf --set network.order="$order" \
        --set simulation.t_sim_ms="$tsim" --threads "$threads" "${extra[@]}")
  get() { awk -v k="$1" 'index($0, k) == 1 { sub(/^[^:]*: */, ""); print $1; exit }' <<< "$out"; }
  sim=$(get "time simulate:")
  events=$(awk '/^synaptic events:/ {print $3; exit}' <<< "$out")
  nsev=$(awk -v t="$sim" -v e="$events" -v v=$((ranks * threads)) 'BEGIN { printf "%.2f", t * v * 1e9 / e }')
  printf '%-8s %-8s %10s %12s %14s %12s %10s %10s %8s\n' "$ranks" "$threads" "$sim" \
    "$(get 'real-time factor:')" "$nsev" "$(get 'ns per synaptic event (deliver CPU):')" \
    "$(get 'bytes per synapse:')" "$(get 'rate E:')" "$(get 'cv isi E:')"
done
echo "ns/event = simulate wall x ranks x threads / network synaptic events (Poisson input excluded)"
