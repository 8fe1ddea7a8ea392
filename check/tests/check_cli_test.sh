#!/usr/bin/env bash
# wsconform check, replay and explain as a user runs them:
#   over TCP against impl/'s echo server (started by check itself): no finding in N connections;
#   in process against impl/ as a client: no finding;
#   a case file with a Close 1005 replays as no finding against impl/ (it fails the connection),
#   and explain shows the wire and the model's reading; a file that is no case file is exit 2.
set -euo pipefail
wsconform=$1
runs=${2:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

out=$("$wsconform" check --start "$wsconform echoserver --port {port} --max-seconds 120" --runs "$runs" --seed 6455 --max-seconds 100 --out "$work")
echo "$out" | tail -3
echo "$out" | grep -Eq "^$runs connections in .* s: no finding \(seed 6455\)$"

out=$("$wsconform" check --target impl-client --runs 2000 --seed 1 --out "$work")
echo "$out" | grep -Eq "^2000 connections in .* s: no finding"

cat > "$work/close-1005.json" <<'JSON'
{"wsconform-check-case": 1, "target": "impl", "role": "server",
 "finding": {"rule": "close.code.not-sendable", "grade": "violation"},
 "steps": [{"what": "peer sends Close 1005", "close": {"code": 1005, "reason": "6f6b"}}]}
JSON
set +e
out=$("$wsconform" replay "$work/close-1005.json"); status=$?
set -e
echo "$out"
[ "$status" = 0 ]
echo "$out" | grep -q "The target stayed inside what the model allows."
echo "$out" | grep -q "The file recorded close.code.not-sendable: not broken this time."

out=$("$wsconform" explain "$work/close-1005.json")
echo "$out" | grep -q "tester sends close FIN=1 RSV=0 masked, 4 octets of payload: 03 ed 6f 6b"
echo "$out" | grep -Eq "target sends close FIN=1 RSV=0, [0-9]+ octets of payload: 03 ea"

echo '{"not": "a case"}' > "$work/other.json"
set +e
"$wsconform" replay "$work/other.json" 2> "$work/err"; status=$?
set -e
[ "$status" = 2 ]
grep -q "wsconform-check-case" "$work/err"
echo "check, replay and explain behave as documented"
