#!/usr/bin/env bash
# Simulates OSS-Fuzz (no Docker here): runs fuzz/build.sh with the variables OSS-Fuzz sets for
# a libFuzzer + ASan + UBSan build, checks that every target, seed zip, dictionary and options
# file is in $OUT, and runs each target for a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/oss-fuzz-out}
seconds=${2:-5}
rm -rf "$out" && mkdir -p "$out"
export CC=clang CXX=clang++ OUT=$(cd "$out" && pwd) SRC=$(cd .. && pwd)
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address,undefined -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE="-fsanitize=fuzzer"
export SRC_DIR=$(pwd) WORK=$(mktemp -d)
command -v zip >/dev/null || { echo "oss-fuzz-check: zip is missing (scripts/install-deps.sh installs it)"; exit 1; }
fuzz/build.sh
pass=0 fail=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAILED: $*"; fail=$((fail + 1)); fi; }
for src in fuzz/fuzz_*.cpp; do
  t=$(basename "$src" .cpp)
  check test -x "$OUT/$t"
  check test -s "$OUT/${t}_seed_corpus.zip"
  check test -f "$OUT/$t.options"
  # Starts, reads its seeds, fuzzes for a few seconds without a finding.
  work=$(mktemp -d)
  (cd "$work" && unzip -q "$OUT/${t}_seed_corpus.zip")
  check timeout $((seconds + 60)) "$OUT/$t" "$work" -dict="$OUT/websocket.dict" -max_total_time="$seconds" -max_len=4096 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$OUT/$t-" >"$OUT/$t.smoke.log" 2>&1
  rm -rf "$work"
  printf '  %-28s %s exec/s\n' "$t" "$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$OUT/$t.smoke.log")"
done
check test -f "$OUT/websocket.dict"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
