#!/usr/bin/env bash
# Every test: install what is missing; build the fuzz targets as OSS-Fuzz would and smoke-run
# each; check the golden verdict tables under clang and libc++; then build the release and the
# ASan+UBSan flavours and run the whole ctest suite in both (unit, property, golden, replay,
# report-in-browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
jobs=$(nproc 2>/dev/null || echo 2)
echo "== fuzz targets: simulated OSS-Fuzz build (clang, libFuzzer, ASan + UBSan), a few seconds each"
scripts/oss-fuzz-check.sh build/oss-fuzz-out 5
echo "== the golden verdict tables under clang and libc++"
scripts/libcxx-golden.sh build/libcxx
for flavour in release asan; do
  echo "== $flavour build"
  scripts/build.sh "$flavour" -DBUILD_TESTING=ON
  echo "== $flavour tests"
  # The peer panel (five independent libraries, both roles) runs once, against the release build.
  skip=(); [ "$flavour" = asan ] && skip=(-E '^Panel\.')
  WSCONFORM_REQUIRE_PEERS=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "build/$flavour" --output-on-failure -j "$jobs" "${skip[@]}"
done
