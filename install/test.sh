#!/usr/bin/env bash
# The test command: installs dependencies, builds with warnings as errors, runs every test
# (unit and e2e: real git pushes into temp bare repositories).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/install/deps.sh"
"$root/install/build.sh"
build="${SLIPWAY_BUILD_DIR:-$root/build}"
cd "$build"
# This machine's terraform config points at a missing file; tests set their own.
export TF_CLI_CONFIG_FILE=/dev/null
ctest --output-on-failure -j "$(nproc)" "$@"
