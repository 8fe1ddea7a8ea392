#!/usr/bin/env bash
# Verdicts never depend on concurrency: against a server that answers slowly, and more slowly
# the more connections it has open (peers/slow_echo_server.py), `--jobs 8` gives case by case
# the verdicts of `--jobs 1`, in both columns. Cases with short kill timers (6.5.x: 0.5 s) and
# waits are in the selection; under load they trip, and the run takes them again alone.
# Usage: slow_server_jobs_test.sh <wsconform binary> <scratch dir>
set -euo pipefail
wsconform=$1 out=$2
python=/usr/bin/python3
rm -rf "$out" && mkdir -p "$out"
if ! "$python" -c 'import websockets' 2>/dev/null; then
  echo "python3-websockets missing; scripts/install-deps.sh installs it"
  [ "${WSCONFORM_REQUIRE_PEERS:-0}" = 1 ] && exit 1
  exit 77
fi
pass=0 fail=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAILED: $*"; fail=$((fail + 1)); fi; }

"$python" "$(dirname "$0")/peers/slow_echo_server.py" --delay 0.15 --max-seconds 600 >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$out/server.log" && break; sleep 0.1; done
url=$(grep -o 'ws://127.0.0.1:[0-9]*/' "$out/server.log" | head -1)

cases='1.1.*,2.1,2.10,3.2,4.1.3,5.6,5.19,6.4.*,6.5.*,6.6.1,6.6.2,7.1.*,7.5.1'
t0=$(date +%s.%N)
"$wsconform" run --target "$url" --cases "$cases" --jobs 1 --out "$out/jobs-1" --fail-on none >"$out/jobs-1.txt"
t1=$(date +%s.%N)
"$wsconform" run --target "$url" --cases "$cases" --jobs 8 --out "$out/jobs-8" --fail-on none >"$out/jobs-8.txt"
t2=$(date +%s.%N)
echo "slow server: --jobs 1 $(awk "BEGIN {print $t1 - $t0}") s, --jobs 8 $(awk "BEGIN {print $t2 - $t1}") s"
grep -E 'cases against|run again alone' "$out/jobs-8.txt" || true

# Case by case, both columns: behavior, behaviorClose and the model's reading.
verdicts() {
  "$python" - "$1" <<'PY'
import json, os, sys
d = sys.argv[1]
index = json.load(open(os.path.join(d, "index.json")))
for agent, cases in index.items():
    for case_id, v in sorted(cases.items()):
        per_case = json.load(open(os.path.join(d, v["reportfile"])))
        print(case_id, v["behavior"], v["behaviorClose"], per_case["wsconform"]["modelBehavior"])
PY
}
verdicts "$out/jobs-1" >"$out/jobs-1.verdicts"
verdicts "$out/jobs-8" >"$out/jobs-8.verdicts"
check test -s "$out/jobs-1.verdicts"
check diff "$out/jobs-1.verdicts" "$out/jobs-8.verdicts"
# Under load some cases did trip their timers and were taken again alone (the mechanism ran).
check grep -q 'were run again alone' "$out/jobs-8.txt"

# --repeat: a server that answers every second connection differently is shown as flaky, case
# by case and column by column; impl/ in process is not.
"$python" "$(dirname "$0")/peers/slow_echo_server.py" --delay 0 --flaky --max-seconds 600 >"$out/flaky.log" 2>&1 &
flaky=$!
trap 'kill $server $flaky 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$out/flaky.log" && break; sleep 0.1; done
flaky_url=$(grep -o 'ws://127.0.0.1:[0-9]*/' "$out/flaky.log" | head -1)
"$wsconform" run --target "$flaky_url" --cases 1.1.1 --jobs 1 --repeat 2 --out "$out/flaky" --fail-on none >"$out/flaky.txt"
check grep -q '1 of 1 cases changed verdict across 2 runs' "$out/flaky.txt"
check grep -q '^  1.1.1:.*\[Autobahn column\]' "$out/flaky.txt"
check grep -q '"autobahnFlipped": true' "$out/flaky/"*_case_1_1_1.json
"$wsconform" run --target impl --cases '1.*,7.1.*' --repeat 3 --out "$out/impl-repeat" >"$out/impl-repeat.txt"
check grep -q '0 of 22 cases changed verdict across 3 runs' "$out/impl-repeat.txt"
check grep -q '"modelFlipped": false' "$out/impl-repeat/"*_case_7_1_6.json

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
