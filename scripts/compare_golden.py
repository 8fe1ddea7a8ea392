#!/usr/bin/env python3
"""Compares a report folder with a golden verdict table (conformance/tests/golden/*.tsv).

Usage: compare_golden.py GOLDEN.tsv REPORT_DIR
Each table line is: case id, behavior, behaviorClose, the peer's close code (- for none), the
model's behavior, the tester's wire digest (hex). Prints every case that differs and exits 1 if
any does (or a case is missing).
"""
import json
import os
import sys


def main():
    golden, report = sys.argv[1], sys.argv[2]
    index = json.load(open(os.path.join(report, "index.json")))
    cases = next(iter(index.values()))
    differ = 0
    rows = [line.rstrip("\n").split("\t") for line in open(golden) if line.strip()]
    for case_id, behavior, behavior_close, code, model, digest in rows:
        entry = cases.get(case_id)
        if entry is None:
            print(f"{case_id}: missing from {report}")
            differ += 1
            continue
        detail = json.load(open(os.path.join(report, entry["reportfile"])))
        ours = detail.get("wsconform", {})
        got = (detail["behavior"], detail["behaviorClose"],
               "-" if detail.get("remoteCloseCode") is None else str(detail["remoteCloseCode"]),
               ours.get("modelBehavior"), ours.get("testerDigest"))
        want = (behavior, behavior_close, code, model, digest)
        if got != want:
            print(f"{case_id}: golden {want}, now {got}")
            differ += 1
    print(f"{os.path.basename(golden)}: {len(rows)} cases, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
