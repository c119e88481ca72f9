#!/bin/sh
# nestmlc build + bench-run --module (issue 5): a user's model builds into a
# module that bench-run loads and runs; a module for another model ABI, a
# shared object that is no module and a missing file are refused with exit
# status 2 and a message naming the file (and both ABI versions).
# usage: module.sh NESTMLC BENCH_RUN SRCDIR WORKDIR
set -u
NESTMLC=$1 BENCH_RUN=$2 SRC=$3 WORK=$4
fail=0 pass=0
rm -rf "$WORK" && mkdir -p "$WORK"
check() { # name, condition result
    if [ "$2" = 0 ]; then pass=$((pass + 1)); echo "ok   $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi
}

"$NESTMLC" build "$SRC/my_model_neuron.nestml" -o "$WORK/mod" > "$WORK/build.out" 2> "$WORK/build.err"
check "nestmlc build exits 0" $?
[ -f "$WORK/mod/my_model_nestml.so" ] && [ -f "$WORK/mod/my_model_nestml.c" ]
check "module and its C written" $?

"$BENCH_RUN" --module "$WORK/mod/my_model_nestml.so" --preset brunel_iaf \
    --set network.neuron=my_model_nestml --set network.order=20 \
    --set simulation.t_sim_ms=100 > "$WORK/run.out" 2> "$WORK/run.err"
check "bench-run runs the module's model" $?
grep -q "rate" "$WORK/run.out"
check "bench-run printed a summary" $?

# a module built for another interface version
cat > "$WORK/other_abi.c" <<'C'
#include <stddef.h>
#include <stdint.h>
const uint32_t ss_module_abi_version = 999;
const void *ss_module_models(size_t *n) { *n = 0; return NULL; }
C
cc -shared -fPIC -o "$WORK/other_abi.so" "$WORK/other_abi.c"
"$BENCH_RUN" --module "$WORK/other_abi.so" --list > /dev/null 2> "$WORK/abi.err"
check "other ABI: exit status 2" $([ $? = 2 ]; echo $?)
grep -Eq "other_abi.so: built for model ABI version 999, this bench-run has version [0-9]+; rebuild it" "$WORK/abi.err"
check "other ABI: message names the file and both versions" $?

# a shared object that is not a module
printf 'int unrelated(void) { return 1; }\n' > "$WORK/plain.c"
cc -shared -fPIC -o "$WORK/plain.so" "$WORK/plain.c"
"$BENCH_RUN" --module "$WORK/plain.so" --list > /dev/null 2> "$WORK/plain.err"
check "not a module: exit status 2" $([ $? = 2 ]; echo $?)
grep -q "plain.so: not a spikescale model module" "$WORK/plain.err"
check "not a module: message" $?

"$BENCH_RUN" --module "$WORK/missing.so" --list > /dev/null 2> "$WORK/missing.err"
check "missing file: exit status 2" $([ $? = 2 ]; echo $?)
grep -q "missing.so: cannot load" "$WORK/missing.err"
check "missing file: message" $?

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
