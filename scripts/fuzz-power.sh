#!/usr/bin/env bash
# Fuzzing power, measured as bugs found: plants each bug of fuzz/planted_bugs.py in a copy of
# impl/, builds the two differential fuzz targets (libFuzzer, ASan + UBSan, as OSS-Fuzz builds
# them), runs each from the seed corpus for at most SECONDS, and reports the time each target
# took to find each bug and the median over bugs of the faster target. An unplanted build runs
# first as the control: it must find nothing in the same time, or no time below means anything.
# Not a ctest: about (SECONDS x 2 + 30 s of building) per bug.
# Usage: scripts/fuzz-power.sh [SECONDS=60] [OUT=build/fuzz-power] [BUG...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=${2:-build/fuzz-power}
shift $(( $# > 2 ? 2 : $# ))
mapfile -t bugs < <(if [ $# -gt 0 ]; then printf '%s\n' "$@"; else python3 fuzz/planted_bugs.py list | cut -f1; fi)
command -v clang++ >/dev/null || { echo "fuzz-power: clang++ is missing (scripts/install-deps.sh test installs it)"; exit 1; }
rm -rf "$out" && mkdir -p "$out/oracle"
root=$(pwd)
flags="-std=c++20 -O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address,undefined -fsanitize=fuzzer-no-link"
flags+=" -fsanitize-coverage-ignorelist=$root/fuzz/stdlib_coverage_ignorelist.txt"
sources_of() { grep -v '^#' "$1/sources.txt" | sed "s|^|$1/|"; }
crypto=$( (ls /usr/lib/x86_64-linux-gnu/libcrypto.a 2>/dev/null || true) | head -1); [ -n "$crypto" ] || crypto=-lcrypto
zlib=$( (ls /usr/lib/x86_64-linux-gnu/libz.a 2>/dev/null || true) | head -1); [ -n "$zlib" ] || zlib=-lz

# The model is the oracle: the same for every bug, compiled once, no coverage of its own.
oracle=()
for src in $(sources_of model); do
  obj="$out/oracle/$(echo "$src" | tr / _).o"
  clang++ $flags -I"$root" -fsanitize-coverage-ignorelist="$root/fuzz/oracle_coverage_ignorelist.txt" -c "$src" -o "$obj" &
  oracle+=("$obj")
  [ "$(jobs -r | wc -l)" -ge "$(nproc)" ] && wait -n
done
wait

# build <tree> <dir>: impl/ and the replay from <tree>, linked into both differential targets.
build() {
  local tree=$1 dir=$2 objs=() pids=()
  mkdir -p "$dir"
  for src in $(sources_of "$tree/impl" | sed "s|^$tree/||") differential/differential.cpp differential/subject.cpp; do
    local obj="$dir/$(echo "$src" | tr / _).o"
    clang++ $flags -I"$tree" -c "$tree/$src" -o "$obj" & pids+=($!)
    objs+=("$obj")
    [ "$(jobs -r | wc -l)" -ge "$(nproc)" ] && wait -n
  done
  for p in "${pids[@]}"; do wait "$p"; done
  for role in server client; do
    clang++ $flags -I"$tree" "$tree/fuzz/fuzz_differential_$role.cpp" "${oracle[@]}" "${objs[@]}" -fsanitize=fuzzer $crypto $zlib -ldl -lpthread \
      -o "$dir/fuzz_differential_$role" &
  done
  wait
}

# hunt <dir> <role>: seconds to the first finding, or "-" when none came within the limit.
hunt() {
  local dir=$1 role=$2 seeds
  seeds=$(mktemp -d)
  cp corpus/fuzz_differential_$role/* "$seeds/"
  local start end rc=0
  start=$(date +%s.%N)
  timeout $((seconds + 60)) "$dir/fuzz_differential_$role" "$seeds" -dict=fuzz/websocket.dict -max_len=4096 -rss_limit_mb=2048 \
    -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$dir/$role-" >"$dir/$role.log" 2>&1 || rc=$?
  end=$(date +%s.%N)
  rm -rf "$seeds"
  if [ "$rc" -ne 0 ] && grep -q "impl departed from the strict reading" "$dir/$role.log"; then
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }'
  else
    echo "-"
  fi
}
finding() { sed -nE "s/^impl departed from the strict reading: ([a-z0-9.-]+).*/\1/p" "$1" | head -1; }
rate() { sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$1" | head -1; }

echo "== control: impl/ as it is, ${seconds} s per target"
mkdir -p "$out/control/tree" && cp -r impl differential fuzz model vocab adapter "$out/control/tree/"
build "$out/control/tree" "$out/control"
control_server=$(hunt "$out/control" server) control_client=$(hunt "$out/control" client)
echo "   server: ${control_server} (exec/s $(rate "$out/control/server.log")), client: ${control_client} (exec/s $(rate "$out/control/client.log"))"
if [ "$control_server" != "-" ] || [ "$control_client" != "-" ]; then
  echo "the unplanted build has a finding: $(finding "$out/control/server.log") $(finding "$out/control/client.log") - fix that first"
  exit 1
fi

printf '\n%-42s %10s %10s  %s\n' "BUG" "SERVER s" "CLIENT s" "RULE FOUND"
times=()
for bug in "${bugs[@]}"; do
  dir="$out/$bug"
  mkdir -p "$dir/tree" && cp -r impl differential fuzz model vocab adapter "$dir/tree/"
  python3 fuzz/planted_bugs.py apply "$bug" "$dir/tree"
  build "$dir/tree" "$dir" >"$dir/build.log" 2>&1 || { echo "$bug: does not build (see $dir/build.log)"; continue; }
  s=$(hunt "$dir" server) c=$(hunt "$dir" client)
  rule=$(finding "$dir/server.log"); [ -n "$rule" ] || rule=$(finding "$dir/client.log")
  printf '%-42s %10s %10s  %s\n' "$bug" "$s" "$c" "${rule:--}"
  best=$(printf '%s\n%s\n' "$s" "$c" | grep -v '^-$' | sort -g | head -1 || true)
  times+=("${best:-$((seconds + 1))}")
done
median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
found=$(printf '%s\n' "${times[@]}" | awk -v s="$seconds" '$1 <= s' | wc -l)
echo
echo "found ${found} of ${#times[@]} planted bugs within ${seconds} s; median time to find (faster target, a miss counted as $((seconds + 1)) s): ${median} s"
