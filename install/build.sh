#!/usr/bin/env bash
# Configures and builds Slipway into build/ (warnings are errors); prints where the binaries are.
# A new build directory uses Ninja (faster than make: no recursive make, and a target's objects
# compile while the library they link is still building); an existing one keeps its generator.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${SLIPWAY_BUILD_DIR:-$root/build}"
generator=()
if [ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then
  generator=(-G Ninja)
fi
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLIPWAY_WERROR=ON "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
echo "build: binaries in $build/hooks"
