#!/bin/sh
# Presynaptic traces in onReceive(pre) (issue 5): the generated handler
# computes a pre trace's value at t once per spike, before the loop over the
# connections, and applies the handler's changes of it once after the loop.
# So a handler may read the trace before it changes it (generated, and the
# read sees the value before this spike's increment), but reading it after a
# change is refused with a positioned "not supported" diagnostic and no
# output, never compiled into code that would read the old value.
# usage: synapse_pre_trace.sh NESTMLC CC ENGINE_DIR WORKDIR
set -u
NESTMLC=$1 CC=$2 ENGINE=$3 WORK=$4
fail=0
rm -rf "$WORK" && mkdir -p "$WORK"
check() { # name, status
    if [ "$2" = 0 ]; then echo "ok   $1"; else fail=1; echo "FAIL $1"; fi
}
model() { # file, extra line after the increment
    cat > "$1" <<NESTML
model read_synapse:
    state:
        w real = 1
        pre_trace real = 0

    parameters:
        tau_tr_pre ms = 20 ms

    equations:
        pre_trace' = -pre_trace / tau_tr_pre

    input:
        pre_spikes <- spike

    output:
        spike

    onReceive(pre_spikes):
        w += pre_trace
        pre_trace += 1
$2
        emit_spike(w)

    update:
        integrate_odes()
NESTML
}

model "$WORK/before_synapse.nestml" ""
"$NESTMLC" gen "$WORK/before_synapse.nestml" -o "$WORK/before" 2> "$WORK/before.err"
check "reading the trace before its increment generates" $?
# two spikes (t = 10 and 20 steps, h = 0.1 ms, tau 20 ms): the first reads
# the trace 0, the second exp(-1/20) (the first's increment, decayed)
cat > "$WORK/drive.c" <<'C'
#include <math.h>
#include <stdio.h>
#include "synapse.h"
extern const ss_synapse_model ss_nestml_synapse_read_synapse_nestml;
int main(void)
{
    const ss_synapse_model *m = &ss_nestml_synapse_read_synapse_nestml;
    double common[32], presyn[4], slot[1] = {0}, *slots[1] = {slot}, w[1] = {1.0};
    uint32_t tg[1] = {ss_syn_pack(0, 0)};
    ss_err err;
    m->init_common(common);
    if (m->calibrate(common, 0.1, &err) || m->presyn_size > sizeof presyn)
        return 3;
    m->init_presyn(common, presyn);
    for (int k = 1; k <= 2; k++) {
        ss_syn_context ctx = {.slot = slots, .spike_step = 10 * k - 1, .delay_steps = 1, .h_ms = 0.1};
        m->deliver(common, presyn, (ss_syn_span){tg, w, 1}, &ctx);
    }
    const double want = 1.0 + exp(-1.0 / 20.0);
    printf("w %.17g, expected %.17g; delivered %.17g\n", w[0], want, slot[0]);
    return fabs(w[0] - want) <= 1e-15 && fabs(slot[0] - (1.0 + want)) <= 1e-15 ? 0 : 1;
}
C
"$CC" -std=c17 -Wall -Wextra -Werror -D_GNU_SOURCE -I "$ENGINE" -o "$WORK/drive" "$WORK/drive.c" \
    "$WORK/before/read_synapse_nestml.c" "$ENGINE/error.c" -lm 2> "$WORK/drive.err"
check "generated code compiles" $?
"$WORK/drive" > "$WORK/drive.out"
check "reads see the trace before this spike's increment: $(cat "$WORK/drive.out")" $?

model "$WORK/after_synapse.nestml" "        w += 0.5 * pre_trace"
"$NESTMLC" gen "$WORK/after_synapse.nestml" -o "$WORK/after" 2> "$WORK/after.err"
check "reading the trace after its increment exits 1" $([ $? = 1 ]; echo $?)
grep -q "after_synapse.nestml:21:20: error: not supported: reading a presynaptic trace after onReceive(pre) changed it" "$WORK/after.err"
check "the refusal names the read's position" $?
[ -z "$(ls -A "$WORK/after" 2> /dev/null)" ]
check "nothing written" $?
exit $fail
