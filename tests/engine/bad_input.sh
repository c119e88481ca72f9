#!/usr/bin/env bash
# Bad input: each case must exit with status 2, print one line naming the
# argument, and write no spike file.
#   bad_input.sh BENCH_RUN
set -uo pipefail
bench=${1:?bench-run}
export OMP_WAIT_POLICY=passive
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # expected-substring args...
  local want=$1; shift
  rm -f "$tmp"/spikes*
  "$bench" "$@" --spikes "$tmp/spikes.txt" > "$tmp/out" 2> "$tmp/err"
  local st=$?
  local lines; lines=$(wc -l < "$tmp/err")
  if [[ $st -ne 2 ]]; then echo "FAIL [$*]: exit $st, want 2"; fail=1; return; fi
  if [[ $lines -ne 1 ]]; then echo "FAIL [$*]: $lines lines on stderr, want 1"; cat "$tmp/err"; fail=1; return; fi
  if ! grep -qF -- "$want" "$tmp/err"; then echo "FAIL [$*]: message lacks '$want': $(cat "$tmp/err")"; fail=1; return; fi
  if compgen -G "$tmp/spikes*" > /dev/null; then echo "FAIL [$*]: a spike file was written"; fail=1; return; fi
  echo "ok [$*]: $(cat "$tmp/err")"
}
check "--frobnicate" --frobnicate
check "nope" --preset nope
check "network.order=abc" --set network.order=abc
check "network.order=0" --set network.order=0
check "simulation.t_sim_ms=-10" --set simulation.t_sim_ms=-10
check "simulation.t_presim_ms=-1" --set simulation.t_presim_ms=-1
check "simulation.resolution_ms=0" --set simulation.resolution_ms=0
check "--threads" --threads 0
check "--threads" --threads two
check "simulation.seed" --set simulation.seed=1e99
check "network.neuron" --set network.neuron=no_such_model
check "network.synapse_exc" --set network.synapse_exc=iaf_psc_alpha
check "unknown key" --set network.colour=red
check "--wait" --wait sometimes
check "--wait" --wait
# an unwritable place for the spike file is a usage error too, before simulating
rm -f "$tmp"/spikes*
"$bench" --set network.order=5 --spikes /nonexistent-dir/s.txt > /dev/null 2> "$tmp/err"
st=$?
if [[ $st -ne 2 ]] || ! grep -q "/nonexistent-dir/s.txt" "$tmp/err"; then
  echo "FAIL: unwritable spike file: exit $st: $(cat "$tmp/err")"; fail=1
else echo "ok [unwritable]: $(cat "$tmp/err")"; fi
# an unwritable place for the run record: exit 2 before simulating
"$bench" --set network.order=5 --out /nonexistent-dir/r.h5 > /dev/null 2> "$tmp/err"
st=$?
if [[ $st -ne 2 ]] || ! grep -q "nonexistent-dir" "$tmp/err" || grep -q "^bench-run summary" "$tmp/err"; then
  echo "FAIL: unwritable run record: exit $st: $(cat "$tmp/err")"; fail=1
else echo "ok [unwritable --out]: $(cat "$tmp/err")"; fi
# --help documents every option and key
"$bench" --help > "$tmp/help" || { echo "FAIL: --help exit status"; fail=1; }
for w in --preset --config --set --threads --spikes --out --print-config --wait --bind --list --help network.preset network.order \
         network.neuron network.synapse_exc network.stdp_lambda simulation.t_sim_ms \
         simulation.t_presim_ms simulation.resolution_ms simulation.seed simulation.record_spikes \
         simulation.threads; do
  grep -qF -- "$w" "$tmp/help" || { echo "FAIL: --help does not mention $w"; fail=1; }
done
((fail)) && exit 1
echo PASS
