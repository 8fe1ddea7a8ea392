"""Compares a report tree's index.json with the Autobahn verdicts a peer's maintainers publish.

Usage: published_verdicts.py INDEX_JSON AGENT PEER   (PEER: python-websockets or ws)
Prints every case that differs and "N passed, M failed" (one check per case); exit 1 on a difference.

Where each expectation comes from:
- python-websockets (Debian python3-websockets 10.4): the "Conformance notes" of
  compliance/README.rst in the websockets repository (python-websockets/websockets, tag 10.4):
  NON-STRICT in 3.2, 3.3, 4.1.3, 4.1.4, 4.2.3, 4.2.4 and 5.15 (the library fails the connection
  before its echo application has sent back the message before the bad frame) and in 6.4.3 and
  6.4.4 (invalid UTF-8 noticed later than Autobahn's fail-fast check wants); every other case
  passes.
- ws (npm ws 8.18.3): the report its maintainers publish, websockets/ws branch gh-pages,
  autobahn/servers/index.json, agent "ws@8.18.3": NON-STRICT in 6.4.1-6.4.4, OK in every other
  case of groups 1-10. The same library runs the client side.
- Every peer: Autobahn grades 7.1.6, 7.13.1 and 7.13.2 INFORMATIONAL by design.
- Groups 12 and 13 (permessage-deflate), as far as the report holds them (the tests run size
  indices 1-5): ws publishes OK in all 216 cases, both roles; python-websockets' compliance
  notes name no exception, and it negotiates permessage-deflate by default: OK.

Allowed divergence, a race the RFC leaves open: in 3.2-3.4, 4.1.3-4.1.5, 4.2.3-4.2.5 and 5.15 a
valid message precedes a bad frame; whether the peer's application echoes it before the library
fails the connection is scheduling, not protocol (RFC 6455 §7.1.7 lets the endpoint fail at
once; §6.2 delivers only complete messages). OK and NON-STRICT are both accepted there.
"""
import json
import sys

INFORMATIONAL = {"7.1.6", "7.13.1", "7.13.2"}
RACES = {"3.2", "3.3", "3.4", "4.1.3", "4.1.4", "4.1.5", "4.2.3", "4.2.4", "4.2.5", "5.15"}
NON_STRICT = {
    "python-websockets": {"3.2", "3.3", "4.1.3", "4.1.4", "4.2.3", "4.2.4", "5.15", "6.4.3", "6.4.4"},
    "ws": {"6.4.1", "6.4.2", "6.4.3", "6.4.4"},
}


def expected(peer, case):
    if case in INFORMATIONAL:
        return {("INFORMATIONAL", "INFORMATIONAL")}
    published = ("NON-STRICT", "OK") if case in NON_STRICT[peer] else ("OK", "OK")
    if case in RACES:
        return {("OK", "OK"), ("NON-STRICT", "OK")}
    return {published}


index_path, agent, peer = sys.argv[1:4]
cases = json.load(open(index_path))[agent]
passed = failed = 0
for case, result in sorted(cases.items()):
    if case.startswith(("z3.", "rfc.", "pmd.")):
        continue  # no published verdict for these
    got = (result["behavior"], result["behaviorClose"])
    if got in expected(peer, case):
        passed += 1
    else:
        failed += 1
        print(f"{agent} {case}: got {got[0]} / {got[1]}, published {sorted(expected(peer, case))}")
deflate = sum(1 for case in cases if case.split(".")[0] in ("12", "13"))
if passed + failed - deflate != 301 or deflate not in (0, 60, 216):
    failed += 1
    print(f"{agent}: {passed + failed - deflate} cases of groups 1-10 and {deflate} of 12-13 in the report, expected 301 and 60 or 216")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
