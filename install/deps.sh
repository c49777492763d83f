#!/usr/bin/env bash
# Installs what Slipway needs to build and test, from Debian packages; does nothing when all
# of it is present (idempotent). terraform and kubectl are not Debian packages: they are
# checked for and reported, not installed.
set -euo pipefail

packages=(g++ cmake make ninja-build pkg-config git libgit2-dev libyaml-dev libre2-dev
          libboost-dev libboost-filesystem-dev libsqlite3-dev sqlite3 zlib1g-dev catch2)
# The sandbox for programs run on pushed content (terraform, kubectl kustomize): bwrap.
packages+=(bubblewrap)
# The tz database freeze windows are read in (environments[].freeze.time_zone).
packages+=(tzdata)
# Test extras: the fuzz targets (tests/fuzz) build with clang 16 and its libFuzzer runtime.
packages+=(clang-16 libclang-rt-16-dev)
# GNU time: the e2e tests measure the gate's peak memory with it (tests/e2e/hostile_gate_test.cpp).
packages+=(time)
# Python 3: the e2e tests' loopback HTTP git server that records what credentials reach it
# (tests/e2e/hostile_exec_test.cpp).
packages+=(python3)
# libfaketime: a hook whose clock was set back (tests/e2e/ledger_test.cpp).
packages+=(faketime)
# Test extras: the real git servers the e2e tests start on loopback, each with its own config in
# a temp dir, never the system's (tests/e2e/support/servers.hpp, tests/e2e/servers_*_test.cpp);
# the tests never use the services these packages may start.
# A second sshd with its own host keys and authorized_keys (forced commands set REMOTE_USER).
packages+=(openssh-server)
# nginx in front of git-http-backend, with basic auth (REMOTE_USER) and streaming hook output.
packages+=(nginx)
# fcgiwrap: the FastCGI bridge nginx runs git-http-backend through, on a unix socket.
packages+=(fcgiwrap)
# Apache httpd in front of git-http-backend as a CGI (mod_cgid and mod_cgi), with basic auth; its
# modules are loaded by path from a config in the sandbox, never /etc/apache2.
packages+=(apache2)
# gitolite3: its own user names (GL_USER), reached through the test's sshd.
packages+=(gitolite3)
# GnuPG: signed pushes (`git push --signed`) and signature checks.
packages+=(gnupg)
# Test extras: headless Chromium reads the status pages as a person would (their DOM, a
# screenshot); curl talks to `slipway serve`; the Prometheus client's parser reads `slipway
# metrics` (tests/e2e/view_status_page_test.cpp).
packages+=(chromium curl python3-prometheus-client)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "deps: all Debian packages present"
fi

for tool in terraform kubectl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "deps: warning: $tool is not on PATH; the deploy engine needs it for its targets" >&2
  fi
done
