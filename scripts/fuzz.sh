#!/usr/bin/env bash
# Fuzzing for people: builds every libFuzzer target with clang (ASan + UBSan), runs each for
# SECONDS on JOBS cores (default: all), starting from corpus/<target>, and prints execs/s,
# coverage and findings per target. New inputs stay in build/fuzz-work/<target>; with --merge
# the ones that add coverage are minimized into corpus/<target>. Every finding (crash, leak,
# timeout) is copied into corpus/<target>/ under its SHA-1 as a regression input and printed.
#   scripts/fuzz.sh 60            one minute per target
#   scripts/fuzz.sh 600 2 --merge ten minutes per target on two cores, then merge
#   FUZZ_TARGETS="fuzz_differential_server" scripts/fuzz.sh 60   one target
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
jobs=${2:-$(nproc 2>/dev/null || echo 2)}
merge=${3:-}
scripts/install-deps.sh
cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang -DBUILD_FUZZERS=ON \
      -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/fuzz -j "$jobs" >/dev/null
targets=${FUZZ_TARGETS:-$(cd build/fuzz/fuzz && ls fuzz_* | grep -v '_replay$')}
findings=0
printf '%-28s %12s %10s %8s %9s\n' TARGET EXECS EXECS/S COV FINDINGS
for t in $targets; do
  work="build/fuzz-work/$t" artifacts="build/fuzz-work/$t-findings"
  mkdir -p "$work" "$artifacts" "corpus/$t"
  opts=()
  [ -f "fuzz/$t.options" ] && opts+=("-dict=fuzz/websocket.dict")
  log="build/fuzz-work/$t.log"
  # -fork runs JOBS workers; -ignore_crashes keeps going to find more than one issue.
  build/fuzz/fuzz/"$t" "$work" "corpus/$t" "${opts[@]}" -max_total_time="$seconds" -fork="$jobs" -ignore_crashes=1 \
     -ignore_timeouts=1 -ignore_ooms=1 -rss_limit_mb=2048 -timeout=10 -max_len=65536 -artifact_prefix="$artifacts/" \
     -print_final_stats=1 >"$log" 2>&1 || true
  # -fork prints "#N: cov: C ft: F corp: K exec/s R ..." lines; take the last one.
  last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1 || true)
  execs=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$last")
  rate=$(sed -nE 's/.*exec\/s ([0-9]+).*/\1/p' <<<"$last")
  cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
  n=0
  for f in "$artifacts"/*; do
    [ -e "$f" ] || continue
    cp "$f" "corpus/$t/$(sha1sum "$f" | cut -c1-40)"
    n=$((n + 1))
  done
  findings=$((findings + n))
  printf '%-28s %12s %10s %8s %9s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "$n"
  if [ "$merge" = "--merge" ]; then
    build/fuzz/fuzz/"$t" -merge=1 "corpus/$t" "$work" >/dev/null 2>&1 || true
  fi
done
echo "findings: $findings (copied into corpus/<target>/ as regression inputs; logs in build/fuzz-work/)"
[ "$findings" -eq 0 ]
