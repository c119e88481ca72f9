#!/usr/bin/env bash
# README command (1): install what is needed, build an optimised tree and run
# the main job. The main job grows with the project (DESIGN §9); it is defined
# in bench/main-job.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/deps.sh
scripts/build.sh build -Dbuildtype=release -Dtests=false
exec bash bench/main-job.sh "$root/build" "$@"
