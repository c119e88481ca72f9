#!/usr/bin/env bash
# Installs what spikescale needs on Debian 12 (root, apt-get). Skips apt
# entirely when dpkg says everything is present, so repeated runs are fast.
#   scripts/deps.sh          packages to build and run the main job
#   scripts/deps.sh --test   also what the test suite needs (SLURM, clang for fuzzing)
set -euo pipefail

pkgs=(build-essential git mpich libmpich-dev libhdf5-mpich-dev libhdf5-dev hdf5-tools
      libpapi-dev papi-tools libhwloc-dev hwloc meson ninja-build pkg-config
      libgsl-dev librandom123-dev libcyaml-dev
      python3 python3-h5py python3-numpy python3-scipy python3-matplotlib python3-yaml)
if [[ "${1:-}" == "--test" ]]; then
  pkgs+=(libcriterion-dev slurmctld slurmd slurm-client munge clang libclang-rt-14-dev valgrind)
fi

missing=()
for p in "${pkgs[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "deps: all ${#pkgs[@]} packages present"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "deps: missing packages: ${missing[*]}" >&2
  echo "deps: run as root, or install them (or load modules) yourself; see README 'Building elsewhere'" >&2
  exit 1
fi
echo "deps: installing ${missing[*]}"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
