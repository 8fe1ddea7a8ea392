#!/usr/bin/env bash
# Benchmarks: installs Google Benchmark, simdjson and wslay if missing, builds optimised, runs
# every benchmark (median of 5 repetitions) and prints the ratio table at the end.
# Extra arguments go to the benchmark binary, e.g. --benchmark_filter=utf8
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
missing=()
for p in libbenchmark-dev libsimdjson-dev libwslay-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build/bench --target wsconform_bench -j "$(nproc 2>/dev/null || echo 2)"
exec build/bench/bench/wsconform_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true "$@"
