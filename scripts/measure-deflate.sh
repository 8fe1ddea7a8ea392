#!/usr/bin/env bash
# Measures groups 12 and 13 (permessage-deflate, 216 cases, 10.9 GB of messages each way) in
# process against impl/: the wall time of the whole run and each subgroup's share (summed case
# wall times, both jobs), with the tester at zlib level 1 (the default) and, for comparison in the
# same run, at Autobahn's level 6. Every run must be OK in every case.
# Usage: scripts/measure-deflate.sh [--target impl|impl-client|model] [--jobs N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh run
scripts/build.sh release -DBUILD_TESTING=OFF >/dev/null
wsconform=build/release/cli/wsconform
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

run() {  # name level args...
  local name=$1 level=$2 t0 t1
  shift 2
  t0=$(date +%s.%N)
  "$wsconform" run --cases '12.*,13.*' --deflate-level "$level" --out "$out/$name" --quiet "$@" >"$out/$name.txt" 2>&1 || true
  t1=$(date +%s.%N)
  grep -q 'behavior:  OK 216' "$out/$name.txt" || { echo "$name: not OK in every case"; cat "$out/$name.txt"; exit 1; }
  python3 - "$out/$name" "$name" "$(awk "BEGIN {print $t1 - $t0}")" <<'PY'
import collections, glob, json, os, sys
folder, name, wall = sys.argv[1], sys.argv[2], float(sys.argv[3])
groups = collections.defaultdict(float)
for f in glob.glob(os.path.join(folder, "*.json")):
    if f.endswith("index.json"):
        continue
    d = json.load(open(f))
    groups[d["id"].rsplit(".", 1)[0]] += d["wsconform"]["wallMilliseconds"] / 1000
total = sum(groups.values())
print(f"{name}: {wall:.1f} s wall, {total:.1f} s of case time")
print("  " + "  ".join(f"{g} {t:.1f}" for g, t in sorted(groups.items(), key=lambda kv: [int(x) for x in kv[0].split(".")])))
PY
}
run tester-level-1 1 "$@"
run tester-level-6 6 "$@"
