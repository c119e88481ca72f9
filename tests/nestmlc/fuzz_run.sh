#!/usr/bin/env bash
# Builds nestmlc's libFuzzer harness with clang (ASan + UBSan) and fuzzes the
# front end for a bounded time, seeded with the test corpus and our models.
# usage: fuzz_run.sh SOURCE_ROOT WORK_DIR SECONDS
# Exit 0: no crash; 1: crash (input saved in WORK_DIR/crash-*; add it to
# tests/nestmlc/fuzz-regressions/); 77: skipped (no clang/libFuzzer).
set -u
src=$1; work=$2; secs=${3:-15}
cc=""
for c in clang clang-14; do command -v "$c" >/dev/null 2>&1 && { cc=$c; break; }; done
if [[ -z $cc ]]; then echo "fuzz_run: clang not found: skipped"; exit 77; fi
mkdir -p "$work/corpus" || exit 1
# The front end only (the back end's files in nestmlc/ are not needed here).
sources=()
for f in arena diag lexer parser ast symbols types check frontend units; do
  sources+=("$src/nestmlc/$f.c")
done
exe=$work/fuzz-frontend
# Rebuild only when a source changed.
if [[ ! -x $exe ]] || [[ -n $(find "${sources[@]}" "$src/nestmlc"/*.h "$src/nestmlc/fuzz" -newer "$exe" | head -1) ]]; then
  if ! "$cc" -std=c17 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined \
        -fno-sanitize-recover=undefined -I"$src/nestmlc" "${sources[@]}" \
        "$src/nestmlc/fuzz/fuzz_frontend.c" -lm -o "$exe" 2>"$work/build.log"; then
    if grep -qi "fuzzer" "$work/build.log"; then
      echo "fuzz_run: libFuzzer not available: skipped"; cat "$work/build.log"; exit 77
    fi
    cat "$work/build.log"; exit 1
  fi
fi
seeds=()
for d in "$src/tests/nestmlc/corpus/accept" "$src/tests/nestmlc/corpus/reject" \
         "$src/models_nestml" "$src/tests/nestmlc/fuzz-regressions"; do
  [[ -d $d ]] && seeds+=("$d")
done
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
"$exe" -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=1536 \
  -dict="$src/nestmlc/fuzz/nestml.dict" -artifact_prefix="$work/" -print_final_stats=1 \
  "$work/corpus" "${seeds[@]}" 2>&1 | tail -25
rc=${PIPESTATUS[0]}
if [[ $rc -ne 0 ]]; then
  echo "fuzz_run: CRASH (exit $rc); inputs:"; ls "$work"/crash-* "$work"/timeout-* "$work"/leak-* 2>/dev/null
  exit 1
fi
echo "fuzz_run: no crash in ${secs}s"
exit 0
