#!/usr/bin/env bash
# Optional: builds Debian's own libgit2 source package without HTTPS and SSH, as a static
# library under PREFIX, for a Slipway built with -DSLIPWAY_LIBGIT2_PREFIX=PREFIX.
#
# Why: Debian's libgit2 1.5 is built with mbedTLS and parses the whole system CA bundle inside
# git_libgit2_init, in every hook, although Slipway never talks to a remote through libgit2
# (tests/bench/fixed_cost.sh measures it; docs/benchmarks.md has the figures). The same source,
# with Debian's patches, built without a TLS backend does not.
#
# The source comes from Debian's archive (deb-src of the release this machine runs), fetched
# with a private apt state in a temp dir: the system's apt configuration is not changed.
#   install/libgit2-without-https.sh [PREFIX]   (default /opt/slipway-libgit2)
set -euo pipefail
prefix="${1:-/opt/slipway-libgit2}"
work="$(mktemp -d /tmp/slipway-libgit2-XXXXXX)"
trap 'rm -rf "$work"' EXIT

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# Debian's build dependencies for the parts kept (no mbedTLS, libssh2 or GSSAPI).
sudo_if_needed apt-get install -y --no-install-recommends \
  cmake dpkg-dev libhttp-parser-dev libpcre2-dev zlib1g-dev pkg-config >/dev/null

. /etc/os-release
mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/src"
cat > "$work/apt/debian.sources" <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: ${VERSION_CODENAME}
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
apt_private=(-o "Dir::Etc::SourceList=$work/apt/debian.sources" -o Dir::Etc::SourceParts=/dev/null
             -o "Dir::State::Lists=$work/apt/lists" -o "Dir::Cache=$work/apt/cache"
             -o APT::Sandbox::User=root)
apt-get "${apt_private[@]}" update >/dev/null
(cd "$work/src" && apt-get "${apt_private[@]}" source --download-only libgit2 >/dev/null)
# The same version as the libgit2-dev the rest of the build would use, or say so.
dsc="$(ls "$work"/src/libgit2_*.dsc)"
echo "libgit2: $(basename "$dsc") from Debian ${VERSION_CODENAME}"
dpkg-source --no-check -x "$dsc" "$work/src/libgit2" >/dev/null

# Debian's own options (debian/rules), less every network transport's dependencies.
cmake -S "$work/src/libgit2" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX="$prefix" -DBUILD_SHARED_LIBS=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
  -DBUILD_CLI=OFF -DBUILD_TESTS=OFF -DBUILD_EXAMPLES=OFF -DREGEX_BACKEND=pcre2 \
  -DUSE_HTTP_PARSER=system -DUSE_HTTPS=OFF -DUSE_SSH=OFF -DUSE_GSSAPI=OFF -DUSE_NTLMCLIENT=OFF \
  >"$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 1; }
# libgit2's own warnings are Debian's to read: kept out of the way unless the build fails.
cmake --build "$work/build" -j "$(nproc)" >>"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; exit 1; }
sudo_if_needed cmake --install "$work/build" >/dev/null
echo "libgit2: installed under $prefix (static, no HTTPS, no SSH)"
echo "build Slipway with: cmake -S . -B build -DSLIPWAY_LIBGIT2_PREFIX=$prefix"
