#!/usr/bin/env bash
# wss:// end to end, on 127.0.0.1 only, bounded in time (a throwaway certificate for 127.0.0.1):
#   - `wsconform echoserver` over wss:// gets exactly the verdicts it gets over ws:// (every case
#     but the full permessage-deflate volumes), both columns;
#   - the fuzzing server over wss:// and the testee client over wss:// give a client the verdicts
#     the ws:// pair gives it;
#   - a third-party server (npm ws on node's https server) gets over wss:// what it gets over ws://;
#   - TLS failures are reported as TLS failures, at once: an untrusted certificate, a ws:// server
#     spoken to as wss://, a CA file that cannot be read.
# Usage: tls_test.sh <wsconform binary> <scratch dir> [<node_modules dir with ws>]
set -euo pipefail
wsconform=$1 out=$2 peers=${3:-}
rm -rf "$out" && mkdir -p "$out"
pass=0 fail=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAILED: $*"; fail=$((fail + 1)); fi; }
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$out/key.pem" -out "$out/cert.pem" -days 2 \
  -subj /CN=127.0.0.1 -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
# A certificate for another name: trusted, but not the server's.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$out/other-key.pem" -out "$out/other-cert.pem" -days 2 \
  -subj /CN=other.example -addext "subjectAltName=DNS:other.example" 2>/dev/null

# start NAME COMMAND...: runs it in the background, waits for "listening on ws[s]://127.0.0.1:PORT", sets $port.
start() {
  local name=$1; shift
  "$@" >"$out/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do grep -q 'listening on' "$out/$name.log" && break; sleep 0.1; done
  port=$(grep -o '127.0.0.1:[0-9][0-9]*' "$out/$name.log" | head -1 | cut -d: -f2)
  [ -n "$port" ] || { echo "FAILED: $name did not start"; cat "$out/$name.log"; exit 1; }
}
run() {  # run NAME ARGS...: a run that must exit 0 (nothing FAILED)
  local name=$1; shift
  if ! "$wsconform" run "$@" --out "$out/$name" --quiet >"$out/$name.txt" 2>&1; then
    echo "FAILED: run $name $*"; grep -E 'FAILED|error|TLS' "$out/$name.txt" | head -20; fail=$((fail + 1))
  fi
}
same_verdicts() { "$wsconform" diff --json "$1" "$2" >"$out/diff.json" && ! grep -q '"change"' "$out/diff.json" && grep -q '"behavior": "OK"' "$2/index.json"; }

# The echo server, ws:// and wss://: the same verdicts.
start plain "$wsconform" echoserver --port 0 --max-seconds 600
plain=$port
start secure "$wsconform" echoserver --port 0 --max-seconds 600 --key "$out/key.pem" --cert "$out/cert.pem"
secure=$port
check grep -q "listening on wss://" "$out/secure.log"
run echo-ws --target "ws://127.0.0.1:$plain/" --max-message-size 67108864 --exclude-cases '12.*,13.*'
run echo-wss --target "wss://127.0.0.1:$secure/" --ca-file "$out/cert.pem" --max-message-size 67108864 --exclude-cases '12.*,13.*'
check same_verdicts "$out/echo-ws" "$out/echo-wss"
run echo-ws-deflate --target "ws://127.0.0.1:$plain/" --cases '12.*,13.*' --deflate-quick --agent echo
run echo-wss-deflate --target "wss://localhost:$secure/" --ca-file "$out/cert.pem" --cases '12.*,13.*' --deflate-quick --agent echo
check same_verdicts "$out/echo-ws-deflate" "$out/echo-wss-deflate"

# TLS failures, each reported as such with exit status 2, at once.
expect_exit_2() {  # expect_exit_2 PATTERN ARGS...
  local pattern=$1; shift
  local status=0
  timeout 30 "$wsconform" run "$@" --cases 1.1.1 --out "$out/refused" >"$out/refused.txt" 2>&1 || status=$?
  [ "$status" -eq 2 ] && grep -q "$pattern" "$out/refused.txt"
}
check expect_exit_2 "certificate verify failed: self-signed certificate" --target "wss://127.0.0.1:$secure/"
check expect_exit_2 "TLS handshake with 127.0.0.1:$plain .*is it a wss:// server?" --target "wss://127.0.0.1:$plain/" --insecure
check expect_exit_2 "cannot read the CA file $out/nothing.pem" --target "wss://127.0.0.1:$secure/" --ca-file "$out/nothing.pem"
start other "$wsconform" echoserver --port 0 --max-seconds 600 --key "$out/other-key.pem" --cert "$out/other-cert.pem"
check expect_exit_2 "certificate verify failed: hostname mismatch\|certificate verify failed: IP address mismatch" --target "wss://127.0.0.1:$port/" --ca-file "$out/other-cert.pem"

# A fuzzingclient spec file with a wss:// server, and one whose certificate is not trusted: the
# first is tested, the second skipped with the TLS failure named.
cat >"$out/fuzzingclient.json" <<JSON
{"outdir": "$out/fuzzingclient-reports", "cases": ["1.1.*", "7.9.*"],
 "servers": [{"agent": "Secure", "url": "wss://127.0.0.1:$secure/"},
             {"agent": "Untrusted", "url": "wss://127.0.0.1:$port/"}]}
JSON
"$wsconform" fuzzingclient --spec "$out/fuzzingclient.json" --ca-file "$out/cert.pem" >"$out/fuzzingclient.txt" 2>&1 || true
check grep -q "testing Secure at wss://127.0.0.1:$secure/" "$out/fuzzingclient.txt"
check grep -q "Untrusted: TLS handshake with 127.0.0.1:$port failed: certificate verify failed" "$out/fuzzingclient.txt"
check grep -q '"Secure"' "$out/fuzzingclient-reports/index.json"

# The fuzzing server and the testee client over wss:// give the ws:// pair's verdicts.
testee_pair() {  # testee_pair NAME SCHEME [TLS FLAGS...]
  local name=$1 scheme=$2; shift 2
  local server_flags=() client_flags=()
  [ "$scheme" = wss ] && server_flags=(--key "$out/key.pem" --cert "$out/cert.pem") && client_flags=(--ca-file "$out/cert.pem")
  cat >"$out/$name.json" <<JSON
{"url": "$scheme://127.0.0.1:0", "outdir": "$out/$name", "cases": ["1.*", "2.*", "5.*", "7.*", "10.*", "pmd.rfc7692.*"]}
JSON
  "$wsconform" fuzzingserver --spec "$out/$name.json" --max-seconds 300 --quiet "${server_flags[@]}" \
    --start-client "$wsconform testeeclient --url {url} --agent pair ${client_flags[*]}" >"$out/$name.txt" 2>&1
}
check testee_pair clients-ws ws
check testee_pair clients-wss wss
check grep -q "listening on wss://" "$out/clients-wss.txt"
check same_verdicts "$out/clients-ws" "$out/clients-wss"

# A third-party server with TLS: npm ws on node's https server.
if [ -n "$peers" ] && [ -d "$peers/ws" ] && command -v node >/dev/null; then
  here=$(cd "$(dirname "$0")" && pwd)
  start ws-plain node "$here/peers/ws_echo_server.js" "$peers" --max-seconds 300
  wsplain=$port
  start ws-secure node "$here/peers/ws_echo_server.js" "$peers" --max-seconds 300 --key "$out/key.pem" --cert "$out/cert.pem"
  wssecure=$port
  sel='1.*,2.*,3.*,4.*,5.*,6.*,7.*,10.*'
  run ws-ws --target "ws://127.0.0.1:$wsplain/" --cases "$sel" --agent ws
  run ws-wss --target "wss://127.0.0.1:$wssecure/" --cases "$sel" --ca-file "$out/cert.pem" --agent ws
  check same_verdicts "$out/ws-ws" "$out/ws-wss"
else
  echo "note: npm ws not found beside the tests; the third-party wss:// server is skipped"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
