#!/usr/bin/env bash
# Configurations (i) builtin/builtin, (ii) nestml/builtin, (iii) nestml/nestml
# of brunel_aeif, interleaved (i, ii, iii, i, ii, iii, ...) on one machine
# (issue 5's benchmark). Per configuration: simulate time (run record /timers
# attribute t_simulate), VmHWM (/memory/vm_hwm, max over ranks) and bytes per
# synapse (/memory attribute bytes_per_synapse), and CPU seconds of the
# update (neurons) and deliver (synapses) phases and of all phases
# (/timers/cpu, summed over ranks and threads, presimulation included: less
# disturbed by other jobs than wall time); then the ratios (ii)/(i) and
# (iii)/(i) of repetition k against (i) of the same repetition, min-max and mean ± sd.
#   config_ratio_bench.sh BUILD [ORDER=200] [T_SIM_MS=500] [REPS=3]
# Env: THREADS (default 1), RANKS (default 1; >1 runs under mpiexec),
# OUT (directory kept for the run records; default a temporary one).
set -euo pipefail
build=${1:?usage: config_ratio_bench.sh BUILD [ORDER] [T_SIM_MS] [REPS]}
order=${2:-200}; tsim=${3:-500}; reps=${4:-3}
threads=${THREADS:-1}; ranks=${RANKS:-1}
bench="$build/bench/bench-run"
[[ -x "$bench" ]] || { echo "config_ratio_bench.sh: $bench: not found (build it first)" >&2; exit 2; }
py=/usr/bin/python3
export OMP_WAIT_POLICY=passive
if [[ -n "${OUT:-}" ]]; then out=$OUT; mkdir -p "$out"; else out=$(mktemp -d); trap 'rm -rf "$out"' EXIT; fi
launch=()
((ranks > 1)) && launch=(mpiexec -n "$ranks")
names=(i ii iii)
neurons=(aeif_psc_alpha aeif_psc_alpha_nestml aeif_psc_alpha_nestml)
synapses=(stdp_synapse stdp_synapse stdp_synapse_nestml)
echo "brunel_aeif order $order, $tsim ms (+100 ms presim), $reps interleaved repetitions," \
     "$ranks rank(s) x $threads thread(s), seed 1; records in $out"
for ((k = 1; k <= reps; ++k)); do
  for c in 0 1 2; do
    rec="$out/${names[c]}-$k.h5"
    "${launch[@]}" "$bench" --preset brunel_aeif --set network.order="$order" \
      --set simulation.t_sim_ms="$tsim" --set simulation.seed=1 \
      --set network.neuron="${neurons[c]}" --set network.synapse_exc="${synapses[c]}" \
      --threads "$threads" --out "$rec" > "$out/${names[c]}-$k.txt"
    echo "rep $k (${names[c]}): $(grep -E '^time simulate' "$out/${names[c]}-$k.txt")"
  done
done
"$py" - "$out" "$reps" <<'PY'
import sys
import h5py
import numpy as np
out, reps = sys.argv[1], int(sys.argv[2])
names = ["i", "ii", "iii"]
def rec(name, k):
    with h5py.File(f"{out}/{name}-{k}.h5", "r") as f:
        cpu = f["/timers/cpu"][()]  # [R][T][P], presimulation included
        ph = list(f["/timers"].attrs["phases"])
        upd, dlv = ph.index("update"), ph.index("deliver")
        return (float(f["/timers"].attrs["t_simulate"]),
                float(np.max(f["/memory/vm_hwm"][()])) / 2**20,
                float(f["/memory"].attrs["bytes_per_synapse"]),
                float(cpu[:, :, upd].sum()), float(cpu.sum()),
                f["/meta"].attrs["configuration"], float(cpu[:, :, dlv].sum()))
d = {n: [rec(n, k) for k in range(1, reps + 1)] for n in names}
def ms(x):
    x = np.asarray(x)
    sd = x.std(ddof=1) if len(x) > 1 else 0.0
    return f"mean {x.mean():.4f} ± {sd:.4f} (min {x.min():.4f}, max {x.max():.4f})"
for n in names:
    cfg = d[n][0][5]
    cfg = cfg.decode() if isinstance(cfg, bytes) else cfg
    print(f"({n}) {cfg}: t_simulate s {ms([r[0] for r in d[n]])}; "
          f"VmHWM MiB {ms([r[1] for r in d[n]])}; bytes/synapse {d[n][0][2]:.3f}")
    print(f"      update CPU s {ms([r[3] for r in d[n]])}; deliver CPU s {ms([r[6] for r in d[n]])}; "
          f"all-phase CPU s {ms([r[4] for r in d[n]])}")
for n in ("ii", "iii"):
    for j, what in ((0, "time"), (3, "update CPU"), (6, "deliver CPU"), (4, "all CPU"), (1, "VmHWM"),
                    (2, "bytes/synapse")):
        print(f"({n})/(i) {what}: {ms([a[j] / b[j] for a, b in zip(d[n], d['i'])])}")
PY
