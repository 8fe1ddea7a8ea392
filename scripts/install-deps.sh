#!/usr/bin/env bash
# Installs the Debian packages wsconform needs, if any is missing.
#   scripts/install-deps.sh run    what the main job needs: build and run the catalogue
#   scripts/install-deps.sh test   that, and everything the tests use: test libraries, clang for
#                                  the fuzzers, Chromium for the report tests, the third-party
#                                  and panel peers (Debian packages, and npm's ws)
# Safe to run again: with everything present it does nothing and touches no network. The main
# job never touches npm.
set -euo pipefail
what=${1:-test}

packages=(
  cmake ninja-build pkg-config g++          # toolchain
  nlohmann-json3-dev                        # JSON reports and --json output
  libz3-dev                                 # boundary enumeration (pkg-config z3)
  libssl-dev                                # SHA-1 for the opening handshake (impl/)
  zlib1g-dev                                # permessage-deflate (impl/)
)
if [ "$what" = test ]; then
  packages+=(
    googletest libgtest-dev libgmock-dev    # unit tests
    librapidcheck-dev                       # property tests
    libbenchmark-dev                        # benchmarks
    clang libclang-rt-dev                   # libFuzzer builds and sanitizer runtimes
    libc++-dev libc++abi-dev                # the golden tables under libc++ (scripts/libcxx-golden.sh)
    chromium libxml2-utils                  # report tests: headless rendering, XML schema validation
    zip unzip                               # OSS-Fuzz seed corpora (scripts/oss-fuzz-check.sh)
    openssl                                 # throwaway certificates for the wss:// tests
    python3 python3-websockets nodejs       # third-party peers for the network tests
    libboost-dev libwslay-dev               # the peer panel: Boost.Beast, wslay, libwebsockets ...
    libwebsockets-dev
    python3-autobahn python3-aiohttp        # ... Autobahn|Python and aiohttp (net/tests/panel)
  )
  command -v npm >/dev/null || packages+=(npm)  # nodejs from another source may bring its own npm
elif [ "$what" != run ]; then
  echo "usage: scripts/install-deps.sh [run|test]" >&2
  exit 2
fi

# The npm `ws` package, pinned to the version whose Autobahn results its maintainers publish
# (net/tests/third_party_peers_test.sh compares against them), into .peers/ of the checkout.
ws_version=8.18.3
peers_dir="$(cd "$(dirname "$0")/.." && pwd)/.peers"
install_ws() {
  [ "$what" = test ] || return 0
  [ "$(node -p "require('$peers_dir/node_modules/ws/package.json').version" 2>/dev/null)" = "$ws_version" ] && return 0
  echo "wsconform: installing the npm package ws@$ws_version into $peers_dir"
  npm install --prefix "$peers_dir" --no-audit --no-fund --silent "ws@$ws_version"
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  install_ws
  exit 0
fi

echo "wsconform: installing missing Debian packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "wsconform: need root or sudo to apt-get install ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
install_ws
