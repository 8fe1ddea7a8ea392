#!/usr/bin/env bash
# The golden verdict tables under libc++ (the standard library OSS-Fuzz builds with): builds
# `wsconform` with clang and libc++, runs the whole catalogue against impl/ and against the model
# as reference peer, and compares every case's verdicts, close code and tester wire digest with
# conformance/tests/golden/{impl,model}.tsv. A digest that depended on the standard library
# (std::hash, an iteration order) would show here.
# Usage: scripts/libcxx-golden.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/libcxx}
cmake -S . -B "$out" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_CXX_FLAGS="-stdlib=libc++" -DCMAKE_EXE_LINKER_FLAGS="-stdlib=libc++" -DBUILD_TESTING=OFF \
      -DCMAKE_DISABLE_FIND_PACKAGE_rapidcheck=ON >/dev/null  # Debian's RapidCheck is built for libstdc++; `check` is not needed here
cmake --build "$out" --target wsconform -j "$(nproc 2>/dev/null || echo 2)"
status=0
for t in impl model; do
  rm -rf "$out/golden-$t"
  "$out/cli/wsconform" run --target "$t" --out "$out/golden-$t" --quiet >/dev/null || true  # FAILED cases are golden too
  python3 scripts/compare_golden.py "conformance/tests/golden/$t.tsv" "$out/golden-$t" || status=1
done
exit $status
