#!/usr/bin/env bash
# Measures Autobahn's 517 cases over TCP against npm ws 8.18.3 (the echo server CI runs, with
# permessage-deflate on), the run Autobahn's published report for ws takes 893 s of case time
# for: the wall time, each group's share (summed case wall times over all jobs), and the
# verdicts, which must be the ones ws publishes (net/tests/peers/published_verdicts.py).
# Usage: scripts/measure-ws.sh [--jobs N]   (default 2, this machine's cores)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test >/dev/null
scripts/build.sh release -DBUILD_TESTING=OFF >/dev/null
wsconform=build/release/cli/wsconform
jobs=2
[ "${1:-}" = --jobs ] && jobs=$2
out=$(mktemp -d)
node net/tests/peers/ws_echo_server.js .peers/node_modules --max-seconds 3600 >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$out"' EXIT
for _ in $(seq 100); do grep -q listening "$out/server.log" && break; sleep 0.1; done
url=$(grep -o 'ws://127.0.0.1:[0-9]*/' "$out/server.log")
t0=$(date +%s.%N)
"$wsconform" run --target "$url" --agent ws --exclude-cases 'pmd.*,rfc.*,z3.*' --jobs "$jobs" --out "$out/report" --quiet >"$out/run.txt" 2>&1 || true
t1=$(date +%s.%N)
python3 - "$out/report" "$(awk "BEGIN {print $t1 - $t0}")" "$jobs" <<'PY'
import collections, glob, json, os, sys
folder, wall, jobs = sys.argv[1], float(sys.argv[2]), sys.argv[3]
groups = collections.defaultdict(float)
for f in glob.glob(os.path.join(folder, "*.json")):
    if f.endswith("index.json"):
        continue
    d = json.load(open(f))
    groups[d["id"].split(".")[0]] += d["wsconform"]["wallMilliseconds"] / 1000
print(f"ws 8.18.3, 517 cases over TCP, --jobs {jobs}: {wall:.1f} s wall, {sum(groups.values()):.1f} s of case time "
      f"(Autobahn's published case time: 893 s; ratio {wall / 893:.3f})")
print("  case time by group: " + "  ".join(f"{g} {t:.1f}" for g, t in sorted(groups.items(), key=lambda kv: int(kv[0]))))
PY
python3 net/tests/peers/published_verdicts.py "$out/report/index.json" ws ws server
