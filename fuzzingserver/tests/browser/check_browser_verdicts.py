"""Holds a browser's fuzzing-server report to reviewed expectations.

Usage: check_browser_verdicts.py INDEX_JSON EXPECTATIONS_JSON
Every case of the report is compared in three columns: Autobahn's behavior and behaviorClose
(index.json) and the model's reading (the case report's wsconform.modelBehavior). A case listed in
the expectations may take any verdict its entry allows; every other case must be OK in all three.
Prints each difference with the entry's reading; exit status 1 on any, or when the report has
fewer cases than expected.
"""
import json
import os
import sys

index_path, expectations_path = sys.argv[1], sys.argv[2]
index = json.load(open(index_path))
expectations = json.load(open(expectations_path))
if len(index) != 1:
    sys.exit(f"expected one agent in {index_path}, found {list(index)}")
agent, results = next(iter(index.items()))

allowed = {}
for entry in expectations["expected"]:
    for case in entry["cases"]:
        allowed[case] = entry
default = expectations["default"]

problems = []
for case, result in sorted(results.items()):
    report = json.load(open(os.path.join(os.path.dirname(index_path), result["reportfile"])))
    seen = {"behavior": result["behavior"], "behaviorClose": result["behaviorClose"],
            "model": report.get("wsconform", {}).get("modelBehavior", "?")}
    entry = allowed.get(case, default)
    for column, verdict in seen.items():
        if verdict not in entry[column]:
            why = entry.get("reading", "not listed: every column must be OK")
            problems.append(f"{case}: {column} {verdict}, expected {' or '.join(entry[column])} ({why[:160]})")

missing = sorted(set(allowed) - set(results))
for case in missing:
    problems.append(f"{case}: listed in the expectations but not in the report")
counts = {}
for result in results.values():
    counts[result["behavior"]] = counts.get(result["behavior"], 0) + 1
print(f"{agent}: {len(results)} cases, behavior " + ", ".join(f"{v} {n}" for v, n in sorted(counts.items())))
for p in problems:
    print("DIFFERS", p)
if len(results) < expectations.get("cases", 301):
    print(f"DIFFERS only {len(results)} cases ran, {expectations.get('cases', 301)} expected")
    problems.append("too few")
print("OK: every verdict as reviewed" if not problems else f"{len(problems)} difference(s)")
sys.exit(1 if problems else 0)
