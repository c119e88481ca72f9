#!/bin/sh
# tests/nestmlc/library_check.sh DIR [NESTMLC]
#
# Outside-CI acceptance check of the public NESTML model library (issue 4):
# runs `nestmlc check` on every *.nestml file directly in DIR, one file at a
# time (library files repeat model names across versions, so they are not
# checked together), prints "accepted" or "rejected" per file (with the error
# lines of a rejected one) and a total. Exit status: 0 when every file is
# accepted, 1 when any is rejected, 2 for a usage error (no DIR, no files,
# no nestmlc). The library files themselves are someone else's code and are
# never committed: fetch them into a directory outside the repository.
#
# NESTMLC defaults to $NESTMLC, then build-lib/nestmlc/nestmlc next to the
# source tree, then `nestmlc` on PATH.
set -u

usage() { echo "usage: $0 DIR [NESTMLC]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
dir=$1
[ -d "$dir" ] || { echo "$0: $dir: not a directory" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
nestmlc=${2:-${NESTMLC:-}}
if [ -z "$nestmlc" ]; then
    for cand in "$here/../../../build-lib/nestmlc/nestmlc" "$here/../../build/nestmlc/nestmlc"; do
        [ -x "$cand" ] && { nestmlc=$cand; break; }
    done
fi
[ -n "$nestmlc" ] || nestmlc=$(command -v nestmlc || true)
[ -n "$nestmlc" ] && [ -x "$nestmlc" ] || { echo "$0: nestmlc not found (give it as second argument or in \$NESTMLC)" >&2; exit 2; }

total=0 accepted=0 rejected=0
err=$(mktemp) || exit 2
trap 'rm -f "$err"' EXIT INT TERM
for f in "$dir"/*.nestml; do
    [ -f "$f" ] || continue
    total=$((total + 1))
    if "$nestmlc" check "$f" >/dev/null 2>"$err"; then
        accepted=$((accepted + 1))
        warnings=$(grep -c ': warning: ' "$err")
        if [ "$warnings" -gt 0 ]; then
            printf 'accepted  %s  (%s warnings)\n' "$(basename "$f")" "$warnings"
        else
            printf 'accepted  %s\n' "$(basename "$f")"
        fi
    else
        rejected=$((rejected + 1))
        printf 'rejected  %s\n' "$(basename "$f")"
        grep -E ': error: ' "$err" | sed 's/^/    /'
    fi
done
[ "$total" -gt 0 ] || { echo "$0: no *.nestml files in $dir" >&2; exit 2; }
echo "total: $total files, $accepted accepted, $rejected rejected"
[ "$rejected" -eq 0 ]
