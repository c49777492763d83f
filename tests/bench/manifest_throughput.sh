#!/bin/sh
# Builds the manifest throughput benchmark optimized (RelWithDebInfo: -O2 -g) in its own build
# directory and runs it. Arguments go to the benchmark: [copies (150)] [runs (7)].
set -eu
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${BUILD_DIR:-"$source_dir/build-bench"}
cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j2 --target manifest_throughput_bench >/dev/null
exec "$build_dir/tests/bench/manifest_throughput_bench" "$@"
