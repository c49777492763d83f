#!/usr/bin/env bash
# Configures and builds Slipway into build/ (warnings are errors); prints where the binaries are.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${SLIPWAY_BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLIPWAY_WERROR=ON "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
echo "build: binaries in $build/hooks"
