#!/usr/bin/env bash
# A browser as the client under test: `wsconform fuzzingserver` serves its testee page on GET /,
# headless Chromium opens it and runs groups 1-10 (the testee loop in the page, the browser's own
# WebSocket stack echoing), the page asks for the reports, the server stops and stops Chromium.
# Chromium's verdicts are then held to the reviewed expectations beside this script: every case
# OK except those listed, each with the RFC text and the wire evidence for its verdict.
# Also checked: the page itself, and the reports served back over HTTP under /reports/.
# Usage: browser_test.sh <wsconform binary> <scratch dir>; exit 77 (skipped) without Chromium.
set -euo pipefail
wsconform=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "SKIP: no Chromium"; exit 77; }
rm -rf "$out" && mkdir -p "$out/profile"

cat >"$out/fuzzingserver.json" <<JSON
{"url": "ws://127.0.0.1:0", "outdir": "$out/reports",
 "cases": ["1.*", "2.*", "3.*", "4.*", "5.*", "6.*", "7.*", "9.*", "10.*"]}
JSON
# --shutdown-on-complete: serving ends after the page's /updateReports; the browser is then stopped.
status=0
timeout 900 "$wsconform" fuzzingserver --spec "$out/fuzzingserver.json" --shutdown-on-complete --max-seconds 800 --quiet \
  --max-message-size 67108864 \
  --start-client "$browser --headless=new --no-sandbox --disable-gpu --no-first-run --disable-extensions \
                  --user-data-dir=$out/profile {page}?agent=Chromium" >"$out/fuzzingserver.txt" 2>&1 || status=$?
cat "$out/fuzzingserver.txt" | grep -v "^HTTP" | tail -5
[ -s "$out/reports/index.json" ] || { echo "FAILED: no report (exit status $status)"; cat "$out/fuzzingserver.txt"; exit 1; }

python3 "$here/check_browser_verdicts.py" "$out/reports/index.json" "$here/chromium_expectations.json"

# The page and the reports over plain HTTP, from a server serving that report folder.
"$wsconform" fuzzingserver --spec "$out/fuzzingserver.json" --max-seconds 30 --quiet >"$out/http.txt" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$out/http.txt" && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9][0-9]*' "$out/http.txt" | head -1 | cut -d: -f2)
python3 - "$port" <<'PY'
import sys, urllib.request, urllib.error
base = f"http://127.0.0.1:{sys.argv[1]}"
def get(path):
    try:
        with urllib.request.urlopen(base + path, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8", "replace")
checks = []
status, ctype, body = get("/?agent=Someone")
checks.append(("GET / is the testee page", status == 200 and ctype.startswith("text/html") and "/runCase?case=" in body and "/updateReports?agent=" in body))
status, ctype, body = get("/reports/index.html")
checks.append(("GET /reports/index.html is the report", status == 200 and "Chromium" in body))
status, _, body = get("/reports/index.json")
checks.append(("GET /reports/index.json is the JSON index", status == 200 and '"Chromium"' in body))
status, _, _ = get("/reports/../fuzzingserver.json")
checks.append(("a path out of the report folder is refused", status == 404))
status, _, _ = get("/nowhere")
checks.append(("an unknown path is 404", status == 404))
for name, ok in checks:
    print(("ok      " if ok else "FAILED  ") + name)
sys.exit(0 if all(ok for _, ok in checks) else 1)
PY
