#!/usr/bin/env bash
# Condenses build output (Ninja's "[12/230] ..." or make's "[ 45%] ...") read on stdin into a
# progress line: updated in place when stdout is a terminal, else one line every 10%. Lines the
# build scripts print themselves ("build: ...", "deps: ...") pass through.
set -euo pipefail
tty=0
[ -t 1 ] && tty=1
awk -v tty="$tty" '
  function show(percent, detail) {
    if (tty) {
      printf "\rbuild: %3d%%%s\033[K", percent, detail
      shown = 1
    } else if (percent >= next_line) {
      printf "build: %3d%%%s\n", percent, detail
      next_line = percent - percent % 10 + 10
    }
    fflush()
  }
  BEGIN { next_line = 0 }
  match($0, /^\[[0-9]+\/[0-9]+\]/) {
    split(substr($0, 2, RLENGTH - 2), step, "/")
    if (step[1] > 0 && step[2] > 0)
      show(int(100 * step[1] / step[2]), " (" step[1] "/" step[2] " steps)")
    next
  }
  match($0, /^\[ *[0-9]+%\]/) {
    show(substr($0, 2, RLENGTH - 3) + 0, "")
    next
  }
  /^(build|deps): / {
    if (shown) { printf "\n"; shown = 0 }
    print
    fflush()
  }
  END { if (shown) printf "\n" }
'
