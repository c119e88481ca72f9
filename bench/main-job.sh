#!/usr/bin/env bash
# The main job (README command 1), given the build directory. It grows with the
# project (DESIGN §9 "The main job grows with the project"): for now a small
# brunel_iaf benchmark (well under a minute) with its printed summary.
set -euo pipefail
build=${1:?usage: bench/main-job.sh BUILDDIR}
bench="$build/bench/bench-run"
[[ -x "$bench" ]] || { echo "main job: $bench not found (build first)" >&2; exit 1; }
threads=$(( $(nproc) >= 2 ? 2 : 1 ))
echo "main job: brunel_iaf benchmark, order 1000 (5000 neurons), 500 ms, 1 rank x $threads threads"
mpiexec -n 1 "$bench" --preset brunel_iaf --set network.order=1000 --set simulation.t_sim_ms=500 \
  --set simulation.seed=12345 --threads "$threads"
