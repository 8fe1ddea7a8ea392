#!/usr/bin/env bash
# Configures and builds one flavour of wsconform into build/<flavour>.
#   scripts/build.sh release   optimised, with debug info (the default)
#   scripts/build.sh asan      AddressSanitizer + UndefinedBehaviorSanitizer
# Further arguments go to CMake's configure step (scripts/run.sh: -DBUILD_TESTING=OFF).
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
shift || true
case "$flavour" in
  release) flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan)    flags=(-DCMAKE_BUILD_TYPE=Debug -DWSCONFORM_SANITIZE=ON) ;;
  *) echo "usage: scripts/build.sh [release|asan]" >&2; exit 2 ;;
esac
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "build/$flavour" -G Ninja -DWSCONFORM_WERROR=ON "${flags[@]}" "$@" >/dev/null
cmake --build "build/$flavour" -j "$jobs"
