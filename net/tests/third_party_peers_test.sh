#!/usr/bin/env bash
# Two independent WebSocket implementations, on 127.0.0.1 only and bounded in time, tested both
# ways and held to the Autobahn verdicts their maintainers publish (peers/published_verdicts.py
# says where each expectation comes from):
#   - python3-websockets (Debian) and npm ws 8.18.3 as echo servers, through `wsconform
#     fuzzingclient` with an Autobahn fuzzingclient.json;
#   - the same libraries as testee clients, through `wsconform fuzzingserver` with an Autobahn
#     fuzzingserver.json, each running every case and asking for the reports;
#   - the fuzzing server's URL protocol probed by an independent client (peers/url_protocol_probe.py).
# Groups 12 and 13 (permessage-deflate) run in their quick tier, size indices 1-5 of every
# subgroup: every corpus, offer and acceptor at 0.6 % of the octets.
# Usage: third_party_peers_test.sh <wsconform binary> <scratch dir> <dir holding node_modules/ws>
# Exit 77 (skipped) when a peer is not installed, unless WSCONFORM_REQUIRE_PEERS=1
# (scripts/test.sh sets it after scripts/install-deps.sh installed them).
set -euo pipefail
wsconform=$1 out=$2 node_modules=$3/node_modules
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3  # Debian's interpreter, where python3-websockets lives
rm -rf "$out" && mkdir -p "$out"

missing=()
"$python" -c 'import websockets' 2>/dev/null || missing+=("python3-websockets (apt)")
{ command -v node >/dev/null && [ -f "$node_modules/ws/package.json" ]; } || missing+=("node and npm ws in $node_modules")
if [ ${#missing[@]} -gt 0 ]; then
  echo "third-party peers missing: ${missing[*]}; scripts/install-deps.sh installs them"
  [ "${WSCONFORM_REQUIRE_PEERS:-0}" = 1 ] && exit 1
  exit 77
fi
echo "peers: python3-websockets $("$python" -c 'import websockets; print(websockets.__version__)'), ws $(node -p "require('$node_modules/ws/package.json').version")"

. "$here/peer_helpers.sh"  # check, pids (stopped at exit), port_of
excluded=$(for g in 12 13; do for k in $(seq 6 18); do printf '"%s.*.%s", ' "$g" "$k"; done; done)
excluded=${excluded%, }
# Autobahn's groups, and the permessage-deflate cases beyond them (reviewed expectations).
selected=$(for g in $(seq 1 13); do printf '"%s.*", ' "$g"; done)
selected="$selected\"pmd.*\", \"z3.pmd*\", \"hs.*\""

# --- the peers as servers, wsconform as Autobahn's fuzzing client
"$python" "$here/peers/websockets_echo_server.py" --max-seconds 600 >"$out/websockets-server.log" 2>&1 &
pids+=($!)
node "$here/peers/ws_echo_server.js" "$node_modules" --max-seconds 600 >"$out/ws-server.log" 2>&1 &
pids+=($!)
py_port=$(port_of "$out/websockets-server.log")
ws_port=$(port_of "$out/ws-server.log")
cat >"$out/fuzzingclient.json" <<JSON
{
   "outdir": "$out/servers",
   "servers": [
      {"agent": "python-websockets", "url": "ws://127.0.0.1:$py_port"},
      {"agent": "ws", "url": "ws://127.0.0.1:$ws_port"}
   ],
   "cases": [$selected],
   "exclude-cases": [$excluded],
   "exclude-agent-cases": {}
}
JSON
set +e
timeout 600 "$wsconform" fuzzingclient --spec "$out/fuzzingclient.json" >"$out/fuzzingclient.txt" 2>&1
set -e
cat "$out/fuzzingclient.txt"
check "$python" "$here/peers/published_verdicts.py" "$out/servers/index.json" python-websockets python-websockets server
check "$python" "$here/peers/published_verdicts.py" "$out/servers/index.json" ws ws server

# --- the peers as clients, wsconform as Autobahn's fuzzing server
cat >"$out/fuzzingserver.json" <<JSON
{
   "url": "ws://127.0.0.1:9001",
   "outdir": "$out/clients",
   "cases": [$selected],
   "exclude-cases": [$excluded],
   "exclude-agent-cases": {}
}
JSON
"$wsconform" fuzzingserver --spec "$out/fuzzingserver.json" --url ws://127.0.0.1:0 --quiet --max-seconds 600 --max-message-size 33554432 >"$out/fuzzingserver.log" 2>&1 &
server=$!
pids+=($server)
port=$(port_of "$out/fuzzingserver.log")
check timeout 300 "$python" "$here/peers/websockets_testee_client.py" --url "ws://127.0.0.1:$port" --agent python-websockets
check timeout 300 node "$here/peers/ws_testee_client.js" "$node_modules" "ws://127.0.0.1:$port" ws
check "$python" "$here/peers/published_verdicts.py" "$out/clients/index.json" python-websockets python-websockets client
check "$python" "$here/peers/published_verdicts.py" "$out/clients/index.json" ws ws client
kill "$server" 2>/dev/null || true

# --- the URL protocol, probed by an independent client; /stopServer ends the server
cat >"$out/probe.json" <<JSON
{"url": "ws://127.0.0.1:9001", "outdir": "$out/probe", "cases": ["1.*", "7.9.*"], "exclude-cases": ["1.2.*"],
 "exclude-agent-cases": {"skipped-*": ["1.1.1"]}}
JSON
"$wsconform" fuzzingserver --spec "$out/probe.json" --url ws://127.0.0.1:0 --max-seconds 120 >"$out/probe-server.log" 2>&1 &
probe_server=$!
pids+=($probe_server)
port=$(port_of "$out/probe-server.log")
check timeout 120 "$python" "$here/peers/url_protocol_probe.py" "ws://127.0.0.1:$port" 17
check timeout 10 tail --pid="$probe_server" -f /dev/null  # /stopServer ended it
check test -s "$out/probe/index.json"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
