#!/bin/sh
# Writes the sample run record and checks that h5dump reads all of it.
# Usage: check_h5dump.sh WRITE_SAMPLE H5DUMP
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$1" "$tmp/run.h5"
"$2" "$tmp/run.h5" > "$tmp/dump.txt"
fail=0
for want in 'GROUP "/" {' 'ATTRIBUTE "format"' '"spikescale-run"' 'GROUP "meta"' \
            'DATASET "hwloc_topology_xml"' 'GROUP "timers"' 'DATASET "wall"' 'GROUP "memory"' \
            'GROUP "counters"' 'DATASET "values"' 'GROUP "stats"' 'GROUP "spikes"' 'GROUP "exc"' \
            'DATASET "timestamps"' 'DATASET "node_ids"' 'GROUP "report"' 'GROUP "mapping"' \
            'DATASET "index_pointers"' '"PAPI_ENOEVNT: event does not exist on this machine"'; do
  if ! grep -qF "$want" "$tmp/dump.txt"; then
    echo "h5dump output lacks: $want"; fail=1
  fi
done
# One exact value of each numeric kind, as h5dump prints it.
grep -qF '(0): 100.5, 101.75, 103, 104.25, 105.5' "$tmp/dump.txt" || { echo "spike times not as written"; fail=1; }
exit $fail
