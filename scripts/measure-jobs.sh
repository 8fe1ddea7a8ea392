#!/usr/bin/env bash
# Measures what --jobs buys over TCP: the catalogue (every case but the permessage-deflate groups)
# against impl/ behind `wsconform echoserver` on 127.0.0.1, --jobs 1 (the baseline) and --jobs N
# in the same run, each K times; prints the median wall time of each and the ratio, and checks
# that every run gave the same verdicts.
# Usage: scripts/measure-jobs.sh [N=8] [K=3]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-8} rounds=${2:-3}
scripts/install-deps.sh run
scripts/build.sh release >/dev/null
wsconform=build/release/cli/wsconform
out=$(mktemp -d)
"$wsconform" echoserver --port 0 --max-seconds 1800 >"$out/echoserver.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$out"' EXIT
for _ in $(seq 50); do grep -q listening "$out/echoserver.log" && break; sleep 0.1; done
port=$(grep -o ':[0-9][0-9]*/' "$out/echoserver.log" | tr -d ':/')
url="ws://127.0.0.1:$port/"

timed_run() { # name jobs -> seconds on stdout
  local t0 t1
  t0=$(date +%s.%N)
  "$wsconform" run --target "$url" --max-message-size 67108864 --jobs "$2" \
    --exclude-cases '12.*,13.*' --out "$out/$1" --quiet >"$out/$1.txt" 2>&1 || true
  t1=$(date +%s.%N)
  awk "BEGIN {printf \"%.2f\", $t1 - $t0}"
}
median() { tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }

seq_times=() par_times=()
for r in $(seq "$rounds"); do
  seq_times+=("$(timed_run "seq-$r" 1)")
  par_times+=("$(timed_run "par-$r" "$jobs")")
  for run in "seq-$r" "par-$r"; do
    "$wsconform" diff --json "$out/seq-1" "$out/$run" >"$out/diff.json"
    if grep -q '"change"' "$out/diff.json"; then echo "verdicts of $run differ from seq-1"; exit 1; fi
  done
done
s=$(echo "${seq_times[*]}" | median) p=$(echo "${par_times[*]}" | median)
echo "cores: $(nproc), rounds: $rounds"
echo "--jobs 1:       ${seq_times[*]} s (median $s s)"
echo "--jobs $jobs:       ${par_times[*]} s (median $p s)"
awk "BEGIN {printf \"speed-up:       %.2fx (verdicts identical in all runs)\n\", $s / $p}"
