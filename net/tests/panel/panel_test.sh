#!/usr/bin/env bash
# One peer of the standing panel, both roles, on 127.0.0.1 only and bounded in time:
#   - as a server: its echo server, tested by `wsconform run` (groups 1-10, rfc.*, z3.*, hs.request.*);
#   - as a client: its testee client, tested by `wsconform fuzzingserver` (the same cases, hs.response.*);
# the handshake group is left out for wslay, a framing library whose panel peers carry the
# opening handshake written here, not wslay's;
# every peer configured for messages up to 32 MiB (declared, for rfc.limit.*); each held to expectations/<peer>.tsv, where every verdict that is not OK has its reason.
# Usage: panel_test.sh <wsconform binary> <scratch dir> <peer> <folder of the built C/C++ peers>
# Peers: autobahn-python, aiohttp, beast, wslay, lws (libwebsockets). Exit 77 (skipped) when the peer is not installed,
# unless WSCONFORM_REQUIRE_PEERS=1 (scripts/test.sh sets it after installing them).
set -euo pipefail
wsconform=$1 out=$2 peer=$3 bin=$4
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3
rm -rf "$out" && mkdir -p "$out"

case "$peer" in
  autobahn-python) probe=("$python" -c 'import autobahn.asyncio')
                   server=("$python" "$here/autobahn_echo_server.py" --max-seconds 900)
                   client=("$python" "$here/autobahn_testee_client.py" --agent "$peer" --url) ;;
  aiohttp)         probe=("$python" -c 'import aiohttp')
                   server=("$python" "$here/aiohttp_echo_server.py" --max-seconds 900)
                   client=("$python" "$here/aiohttp_testee_client.py" --agent "$peer" --url) ;;
  beast|wslay|lws) probe=(test -x "$bin/${peer}_echo_server")
                   server=("$bin/${peer}_echo_server" 0 900)
                   client=("$bin/${peer}_testee_client" "$peer") ;;
  *) echo "unknown peer $peer"; exit 2 ;;
esac
if ! "${probe[@]}" 2>/dev/null; then
  echo "panel peer $peer is not installed; scripts/install-deps.sh test installs it"
  [ "${WSCONFORM_REQUIRE_PEERS:-0}" = 1 ] && exit 1
  exit 77
fi

. "$here/../peer_helpers.sh"  # check, pids (stopped at exit), port_of
cases='1.*,2.*,3.*,4.*,5.*,6.*,7.*,9.*,10.*,rfc.*,z3.*'
client_excluded='"12.*", "13.*", "z3.pmd*", "pmd.*"'
if [ "$peer" = wslay ]; then
  client_excluded+=', "hs.*"'
else
  cases+=',hs.*'
fi
expectations="$here/expectations/$peer.tsv"

# --- the peer as a server
"${server[@]}" >"$out/server.log" 2>&1 &
pids+=($!)
port=$(port_of "$out/server.log")
set +e
# The permessage-deflate cases (12.x, 13.x, z3.pmd.*, pmd.*) are not in the panel's reviewed expectations yet.
timeout 900 "$wsconform" run --target "ws://127.0.0.1:$port/" --agent "$peer" --cases "$cases" --exclude-cases 'z3.pmd*' \
  --max-message-size 33554432 --out "$out/servers" --fail-on none --quiet >"$out/run.txt" 2>&1
set -e
grep -E 'cases against|run again alone' "$out/run.txt" || cat "$out/run.txt"
check "$python" "$here/compare_expectations.py" "$expectations" server "$out/servers/index.json" "$peer"

# --- the peer as a client
cat >"$out/fuzzingserver.json" <<JSON
{"url": "ws://127.0.0.1:9001", "outdir": "$out/clients", "cases": ["*"],
 "exclude-cases": [$client_excluded], "exclude-agent-cases": {}}
JSON
"$wsconform" fuzzingserver --spec "$out/fuzzingserver.json" --url ws://127.0.0.1:0 --quiet --max-seconds 900 --max-message-size 33554432 \
  >"$out/fuzzingserver.log" 2>&1 &
pids+=($!)
port=$(port_of "$out/fuzzingserver.log")
check timeout 900 "${client[@]}" "ws://127.0.0.1:$port" >"$out/client.log" 2>&1
check "$python" "$here/compare_expectations.py" "$expectations" client "$out/clients/index.json" "$peer"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
