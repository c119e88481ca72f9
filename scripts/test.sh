#!/usr/bin/env bash
# README command (2): install, build (warnings are errors) and run the whole
# test suite, then the sanitizer suite (ASan+UBSan build), and print
# "N passed, N failed" computed from meson's test logs.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/deps.sh --test || exit 1

export OMP_WAIT_POLICY=passive   # tests oversubscribe the 2 cores (DESIGN §9)
logs=()
status=0
if scripts/build.sh build-ci -Dwerror=true -Dbuildtype=debugoptimized; then
  meson test -C build-ci --print-errorlogs --num-processes 2 || status=1
  logs+=(build-ci/meson-logs/testlog.json)
else
  echo "test.sh: build-ci failed to build" >&2; status=1
fi
if scripts/build.sh build-asan -Dwerror=true -Dbuildtype=debug \
     -Db_sanitize=address,undefined -Db_lundef=false; then
  meson test -C build-asan --suite sanitize --print-errorlogs --num-processes 2 || status=1
  [[ -f build-asan/meson-logs/testlog.json ]] && logs+=(build-asan/meson-logs/testlog.json)
else
  echo "test.sh: build-asan failed to build" >&2; status=1
fi
if ((${#logs[@]})); then
  /usr/bin/python3 scripts/test-summary.py "${logs[@]}" || status=1
else
  echo "0 passed, 1 failed"
fi
exit $status
