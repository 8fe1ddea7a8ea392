#!/usr/bin/env bash
# wsconform as Autobahn's fuzzing server, impl/ as the client behind real sockets, on 127.0.0.1
# only and bounded in time:
#   - Autobahn's example fuzzingserver.json, unchanged (the port comes from --url, 0 = free);
#   - `wsconform testeeclient` runs every case (12.x/13.x in their quick tier, size indices 1-5,
#     through the spec's exclude-cases: 482 in all) and asks for the reports;
#   - its verdicts over TCP equal those of impl/ as a client in process (run --target impl-client);
#   - the report tree is complete, and marks the tester as the server (Autobahn's isServer).
# Usage: fuzzingserver_testee_test.sh <wsconform binary> <scratch dir>
set -euo pipefail
wsconform=$(realpath "$1") out=$2
rm -rf "$out" && mkdir -p "$out" && cd "$out"
pass=0 fail=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAILED: $*"; fail=$((fail + 1)); fi; }

# 12.x/13.x sizes 6-18 (messages of 8 KiB and more, 99.4 % of their octets) are left to the main job.
bulk=$(for g in 12 13; do for k in $(seq 6 18); do printf '"%s.*.%s", ' "$g" "$k"; done; done)
cat >fuzzingserver.json <<JSON
{
   "url": "ws://127.0.0.1:9001",
   "outdir": "./reports/clients",
   "cases": ["*"],
   "exclude-cases": [${bulk%, }],
   "exclude-agent-cases": {}
}
JSON
"$wsconform" fuzzingserver --spec fuzzingserver.json --url ws://127.0.0.1:0 --shutdown-on-complete --quiet --max-seconds 600 --max-message-size 67108864 >server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'listening on' server.log && break; sleep 0.1; done
port=$(grep -o 'ws://127.0.0.1:[0-9]*' server.log | head -1 | cut -d: -f3)

t0=$(date +%s.%N)
check timeout 600 "$wsconform" testeeclient --url "ws://127.0.0.1:$port" >client.log 2>&1
t1=$(date +%s.%N)
echo "testeeclient against fuzzingserver: $(awk "BEGIN {print $t1 - $t0}") s"
tail -2 client.log
check grep -q '482/482 cases ran, reports updated' client.log
check timeout 20 tail --pid="$server" -f /dev/null  # --shutdown-on-complete: it stopped after the reports
check grep -q '482 case runs from 1 agent(s), 0 failed' server.log

"$wsconform" run --target impl-client --deflate-quick --out in-process --quiet >/dev/null
no_changes() { "$wsconform" diff --json "$1" "$2" >diff.json && ! grep -q '"change"' diff.json && grep -q '"compared": 482' diff.json; }
check no_changes in-process reports/clients
check test -s reports/clients/index.html
check test -s reports/clients/junit.xml
check grep -q '"isServer": true' reports/clients/wsconform_testeeclient_case_1_1_1.json
check grep -q '<td>isServer</td><td>True</td>' reports/clients/wsconform_testeeclient_case_1_1_1.html
check grep -q '"httpRequest": "GET /runCase?case=1&agent=wsconform-testeeclient HTTP/1.1' reports/clients/wsconform_testeeclient_case_1_1_1.json

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
