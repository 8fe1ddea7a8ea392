"""Compares a report tree's index.json with the Autobahn verdicts a peer's maintainers publish.

Usage: published_verdicts.py INDEX_JSON AGENT PEER ROLE   (PEER: python-websockets or ws; ROLE: server or client)
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

The permessage-deflate cases beyond Autobahn (pmd.*, z3.pmd.*) have no published verdict; their
expectations are ours, each non-OK one reviewed against the wire log and RFC 7692 (REVIEWED):
- ws as server answers "400 Bad Request" to an offer RFC 7692 §7 says to decline (an unknown or
  repeated parameter, a window of 7 or 16 bits or without a value, a value on
  client_no_context_takeover), as Autobahn's own fuzzing server does: the whole handshake refused
  instead of the element declined and the fallback accepted - NON-STRICT (pmd.offer.refusal).
- ws reads "server_max_window_bits=08" as 8 (JavaScript's Number("08")): as server it accepts the
  offer and answers "server_max_window_bits=8", as client it takes the answer and carries on.
  RFC 7692 §7.1.2.1 allows no leading zero, and §7 makes a server decline / a client fail on an
  invalid value - FAILED (pmd.offer.decline-invalid, pmd.window-bits.value).
- ws as client takes an answer accepting permessage-deflate twice ("permessage-deflate,
  permessage-deflate"), uses the first and carries on; two elements both claim RSV1, and RFC 7692
  §5 makes the client fail such a response - FAILED (pmd.response.single).
- python-websockets as server answers "500 Internal Server Error" to an offer of
  server_max_window_bits=8 (zlib refuses an 8-bit raw deflate window, and the library does not
  decline what it cannot do) - NON-STRICT (pmd.offer.refusal).
- python-websockets, both roles, echoes the second message of pmd.rfc7692.7.2.3.4 empty: after
  "Hello" in a block with BFINAL set (RFC 7692 §7.2.3.4 allows it), its zlib decompressor has
  reached the end of a stream and turns the next message's data into nothing (the data is left
  in zlib's unused_data) - the echo differs: FAILED in the Autobahn column (the model's column
  cannot see it: an empty text message is a valid message).
- z3.pmd.limit.* and pmd.limit.* need the peer's limit: the fuzzing client does not know it (UNIMPLEMENTED); the
  fuzzing server is told 32 MiB, the testee clients' own limit.

The opening-handshake group (hs.*, RFC 6455 §4) has no published verdict either; reviewed here
against the wire log (HANDSHAKE):
- ws and python-websockets as servers accept a request without a Host field (ws through node's
  HTTP server, which does not require one; python-websockets 10.4 does not look). §4.2.1 lists
  "A |Host| header field" among what the request must have and makes the server refuse one
  that does not match (RFC 7230 §5.4 asks for a 400 too) - FAILED (handshake.host).
- ws as server accepts an HTTP/1.0 request line - FAILED (handshake.http-1-1, §4.2.1 "An HTTP/1.1
  or higher GET request").
- ws accepts Sec-WebSocket-Version: 8 and speaks hybi draft 8 (§4.4 lets a server speak other
  versions) - OK; python-websockets refuses versions 8 and 14 with 400 and no
  Sec-WebSocket-Version field, which §4.2.2 asks for - NON-STRICT (handshake.version-13).
- Both refuse "Upgrade: h2c, websocket" (they want the single value websocket) - NON-STRICT
  (handshake.upgrade-websocket: a list containing websocket).
- ws refuses a request with tabs around the Connection value (node's parser does not see the
  upgrade, answers 426), and as a client fails such a response - NON-STRICT: HTTP allows
  spaces and tabs there.
- Both roles, both libraries: a request or response that never ends is still waited for at the
  tester's 5 s open-handshake timeout - INFORMATIONAL (the RFC sets no bound).

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


DEFLATE_REFUSAL = ("NON-STRICT", "OK")
REVIEWED = {
    ("ws", "server"): dict.fromkeys(
        ["pmd.negotiate.unknown-parameter", "pmd.negotiate.repeated-parameter", "pmd.negotiate.window-bits-7",
         "pmd.negotiate.window-bits-16", "pmd.negotiate.window-bits-no-value", "pmd.negotiate.takeover-with-value",
         "z3.pmd.window-bits.7", "z3.pmd.window-bits.16"], DEFLATE_REFUSAL)
    | {"pmd.negotiate.window-bits-leading-zero": ("FAILED", "OK")},
    ("ws", "client"): {"pmd.negotiate.window-bits-leading-zero": ("FAILED", "OK"), "pmd.negotiate.two-offers": ("FAILED", "OK")},
    ("python-websockets", "server"): {"z3.pmd.window-bits.8": DEFLATE_REFUSAL, "pmd.rfc7692.7.2.3.4": ("FAILED", "OK")},
    ("python-websockets", "client"): {"pmd.rfc7692.7.2.3.4": ("FAILED", "OK")},
}


HANDSHAKE = {
    ("ws", "server"): {"hs.request.no-host": "FAILED", "hs.request.http-1-0": "FAILED", "hs.request.upgrade-list": "NON-STRICT",
                       "hs.request.field-whitespace": "NON-STRICT", "hs.request.unterminated": "INFORMATIONAL"},
    ("python-websockets", "server"): {"hs.request.no-host": "FAILED", "hs.request.upgrade-list": "NON-STRICT",
                                      "hs.request.version-8": "NON-STRICT", "hs.request.version-14": "NON-STRICT",
                                      "hs.request.unterminated": "INFORMATIONAL"},
    ("ws", "client"): {"hs.response.field-whitespace": "NON-STRICT", "hs.response.unterminated": "INFORMATIONAL"},
    ("python-websockets", "client"): {"hs.response.unterminated": "INFORMATIONAL"},
}


def reviewed(peer, role, case):
    if case.startswith("hs."):
        return {(HANDSHAKE[(peer, role)].get(case, "OK"), "OK")}
    if case.startswith(("z3.pmd.limit.", "pmd.limit.")) and role == "server":
        return {("UNIMPLEMENTED", "OK")}
    return {REVIEWED[(peer, role)].get(case, ("OK", "OK"))}


def expected(peer, case):
    if case in INFORMATIONAL:
        return {("INFORMATIONAL", "INFORMATIONAL")}
    published = ("NON-STRICT", "OK") if case in NON_STRICT[peer] else ("OK", "OK")
    if case in RACES:
        return {("OK", "OK"), ("NON-STRICT", "OK")}
    return {published}


index_path, agent, peer, role = sys.argv[1:5]
cases = json.load(open(index_path))[agent]
passed = failed = 0
for case, result in sorted(cases.items()):
    deflate_beyond = case.startswith(("pmd.", "z3.pmd.", "hs."))
    if case.startswith(("z3.", "rfc.")) and not deflate_beyond:
        continue  # no published verdict for these
    got = (result["behavior"], result["behaviorClose"])
    want = reviewed(peer, role, case) if deflate_beyond else expected(peer, case)
    if got in want:
        passed += 1
    else:
        failed += 1
        print(f"{agent} {case}: got {got[0]} / {got[1]}, expected {sorted(want)}")
deflate = sum(1 for case in cases if case.split(".")[0] in ("12", "13"))
beyond = sum(1 for case in cases if case.startswith(("pmd.", "z3.pmd.")))
handshake = sum(1 for case in cases if case.startswith("hs."))
expected_handshake = {"server": 31, "client": 18}[role]
if passed + failed - deflate - beyond - handshake != 301 or deflate not in (0, 60, 216) or beyond not in (0, 36) or handshake not in (0, expected_handshake):
    print(f"{agent}: {passed + failed - deflate - beyond - handshake} cases of groups 1-10, {deflate} of 12-13, {beyond} pmd/z3.pmd and"
          f" {handshake} hs in the report, expected 301, 60 or 216, 36 and {expected_handshake}")
    failed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
