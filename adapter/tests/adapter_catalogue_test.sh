#!/usr/bin/env bash
# An adapter passes the catalogue in process with the verdicts its library gives over TCP
# through the panel's echo server for that library (net/tests/panel/<library>_echo_server: the
# same library over a socket): every case of groups 1-7, 9, 10, rfc.* and z3.*, both columns -
# Autobahn's verdict (behavior, behaviorClose) and the model's (behavior and the rules it
# names) - equal.
# Usage: adapter_catalogue_test.sh WSCONFORM ADAPTER ECHO_SERVER SCRATCH   (ADAPTER: wslay, beast)
set -euo pipefail
wsconform=$1 adapter=$2 server=$3 out=$4
cases='1.*,2.*,3.*,4.*,5.*,6.*,7.*,9.*,10.*,rfc.*,z3.*'
rm -rf "$out" && mkdir -p "$out"
"$wsconform" run --target "adapter:$adapter" --cases "$cases" --out "$out/in-process" --quiet --fail-on none > "$out/in-process.txt"
# The echo servers set a 32 MiB limit, as the adapter target creates its endpoint.
"$wsconform" run --start "$server {port} 600" --max-message-size 33554432 --cases "$cases" --out "$out/over-tcp" --quiet --fail-on none \
  > "$out/over-tcp.txt"
head -4 "$out/in-process.txt" "$out/over-tcp.txt"
"$wsconform" diff "$out/over-tcp" "$out/in-process" --json > "$out/diff.json"
/usr/bin/python3 - "$out" "$adapter" <<'PY'
import json, os, sys
out, adapter = sys.argv[1], sys.argv[2]
diff = json.load(open(os.path.join(out, "diff.json")))[0]
problems = [f"{c['case']}: over TCP {c['old']} in process {c['new']}" for c in diff["changes"]]
def model_column(folder):
    index = json.load(open(os.path.join(folder, "index.json")))
    (agent, cases), = index.items()
    column = {}
    for case, entry in cases.items():
        report = json.load(open(os.path.join(folder, entry["reportfile"])))["wsconform"]
        column[case] = (report["modelBehavior"], sorted({f["rule"] for f in report["modelFindings"]}))
    return column
tcp, local = model_column(os.path.join(out, "over-tcp")), model_column(os.path.join(out, "in-process"))
if tcp.keys() != local.keys():
    problems.append(f"case lists differ: {sorted(tcp.keys() ^ local.keys())}")
problems += [f"{c}: model over TCP {tcp[c]} in process {local[c]}" for c in sorted(tcp.keys() & local.keys()) if tcp[c] != local[c]]
print(f"{diff['compared']} cases compared, {len(tcp)} model readings compared")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"the {adapter} adapter in process gives its library's verdicts over TCP, both columns")
PY
