#!/usr/bin/env bash
# The network path end to end, on 127.0.0.1 only, bounded in time:
#   - impl/ behind `wsconform echoserver` (its limit, 64 MiB, declared) gets, over real TCP, exactly the verdicts the
#     in-process run gives (every case but the permessage-deflate groups);
#   - the run with --jobs 8 gives the same verdicts as with --jobs 1 (how much faster it is, is
#     measured by scripts/measure-jobs.sh, not asserted here: under a sanitizer on 2 cores it is not);
#   - a refused connection is reported at once, not as a hang or 355 failed cases.
# Usage: over_tcp_test.sh <wsconform binary> <scratch dir>
set -euo pipefail
wsconform=$1 out=$2
rm -rf "$out" && mkdir -p "$out"
pass=0 fail=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAILED: $*"; fail=$((fail + 1)); fi; }

"$wsconform" echoserver --port 0 --max-seconds 600 >"$out/echoserver.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$out/echoserver.log" && break; sleep 0.1; done
port=$(grep -o ':[0-9][0-9]*/' "$out/echoserver.log" | tr -d ':/')
url="ws://127.0.0.1:$port/"

# A run that exits non-zero (some case FAILED) is a failed check, and its summary rows say which.
run_all() {
  local name=$1
  shift
  if ! "$wsconform" run "$@" --exclude-cases '12.*,13.*' --out "$out/$name" --quiet >"$out/$name.txt" 2>&1; then
    echo "FAILED: run $name $*"
    grep -E 'FAILED|WRONG|error' "$out/$name.txt" | head -20
    fail=$((fail + 1))
  fi
}
run_all in-process --target impl
t0=$(date +%s.%N)
run_all tcp-1 --target "$url" --max-message-size 67108864 --jobs 1
t1=$(date +%s.%N)
run_all tcp-8 --target "$url" --max-message-size 67108864 --jobs 8
t2=$(date +%s.%N)
echo "over TCP: --jobs 1 $(awk "BEGIN {print $t1 - $t0}") s, --jobs 8 $(awk "BEGIN {print $t2 - $t1}") s"

no_changes() { "$wsconform" diff --json "$1" "$2" >"$out/diff.json" && ! grep -q '"change"' "$out/diff.json"; }
check no_changes "$out/in-process" "$out/tcp-1"
check no_changes "$out/tcp-1" "$out/tcp-8"
check grep -q 'OK 430' "$out/tcp-8.txt"

# Autobahn's fuzzingclient spec file, unchanged in form: two servers, one unreachable (skipped
# with a message), case patterns and an agent exclusion.
cat >"$out/fuzzingclient.json" <<JSON
{
   "outdir": "$out/fuzzingclient-reports",
   "servers": [
      {"agent": "EchoServer/1.0", "url": "$url", "options": {"version": 18}},
      {"agent": "Nobody", "url": "ws://127.0.0.1:1"}
   ],
   "cases": ["1.*", "7.9.*"],
   "exclude-cases": ["1.2.*"],
   "exclude-agent-cases": {"Echo*": ["7.9.9"]}
}
JSON
set +e
"$wsconform" fuzzingclient --spec "$out/fuzzingclient.json" >"$out/fuzzingclient.txt" 2>&1
set -e
check grep -q 'testing EchoServer/1.0 at ws://127.0.0.1:[0-9]*/: 16 cases' "$out/fuzzingclient.txt"
check grep -q 'Nobody: cannot connect to 127.0.0.1:1' "$out/fuzzingclient.txt"
check grep -q '"echoserver_1_0_case_7_9_8.json"' "$out/fuzzingclient-reports/index.json"
check test ! -e "$out/fuzzingclient-reports/echoserver_1_0_case_7_9_9.json"

# A port nobody listens on: a clear error, at once.
set +e
timeout 20 "$wsconform" run --target ws://127.0.0.1:1/ --cases 1.1.1 --out "$out/refused" >"$out/refused.txt" 2>&1
status=$?
set -e
check test "$status" -eq 2
check grep -q 'cannot connect to 127.0.0.1:1' "$out/refused.txt"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
