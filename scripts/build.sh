#!/usr/bin/env bash
# scripts/build.sh BUILDDIR [meson setup options...]
# Configures BUILDDIR once (later calls only rebuild) and compiles it.
set -euo pipefail
dir=${1:?usage: scripts/build.sh BUILDDIR [meson options]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ ! -f "$dir/build.ninja" ]]; then
  meson setup "$dir" "$root" "$@"
fi
meson compile -C "$dir"
