#!/usr/bin/env python3
"""Bugs planted in impl/, one at a time, to measure how fast the differential fuzzers find them.

Usage: planted_bugs.py list                 names and what each bug does, one per line
       planted_bugs.py apply NAME ROOT      plants NAME into the source tree at ROOT (a copy)

Each bug is the smallest edit that gives impl/ a behaviour real libraries have shipped; each edit
must find its anchor text exactly once, so a bug that no longer applies says so instead of
measuring an unchanged impl/. The last three are lenient choices (the RFC allows them, impl/
takes the strict reading): the fuzzers count them as findings because impl/ aims strict.
"""
import sys

BUGS = [
    ("close-1005-1006-1015-accepted", "Close codes 1005, 1006 and 1015 (never sent on the wire, §7.4.1) taken as valid",
     [("impl/connection.cpp", "return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1014) ||",
       "return (c >= 1000 && c <= 1003) || c == 1005 || c == 1006 || (c >= 1007 && c <= 1015) ||")]),
    ("rsv-unchecked-on-continuations", "RSV bits not checked on continuation frames (§5.2)",
     [("impl/connection.cpp", "if ((h.rsv & ~defined) != 0) return error::bad_rsv;",
       "if (h.opcode != op_continuation && (h.rsv & ~defined) != 0) return error::bad_rsv;")]),
    ("server-accepts-unmasked", "a server takes unmasked frames from a client (§5.1)",
     [("impl/connection.cpp", "if (cfg_.side == role::server && !h.masked) return error::no_mask;", "")]),
    ("one-octet-close-body-accepted", "a Close body of one octet taken as a Close without a code (§5.5.1)",
     [("impl/connection.cpp", "if (h.opcode == op_close && h.length == 1) return error::bad_close_length;", ""),
      ("impl/connection.cpp", "if (control_.size() == 1) return fail(error::bad_close_length);  // §5.5.1", "")]),
    ("length-16-off-by-one", "a 16-bit length of 125 (not minimal, §5.2) accepted",
     [("impl/connection.cpp", "(ext == 2 && v < 126)", "(ext == 2 && v < 125)"),
      ("impl/frame_header.cpp", "if (h.length < 126) return {header_parse::invalid", "if (h.length < 125) return {header_parse::invalid")]),
    ("utf8-surrogates-accepted", "UTF-8 encoded surrogates (ED A0-BF ..) taken as valid text (§8.1, RFC 3629)",
     [("impl/utf8.cpp", "if (b == 0xED) return lead_ed;", "if (b == 0xED) return lead3;")]),
    ("fail-fast-lost-across-fragments", "invalid UTF-8 in a fragmented text message noticed only at its end (§8.1 fail fast)",
     [("impl/connection.cpp", "  if (message_text_ && utf8_.feed(text, n) != utf8_validator::npos) fail(error::bad_utf8);\n}",
       "  if (message_text_ && frame_.opcode == op_text && frame_.fin && utf8_.feed(text, n) != utf8_validator::npos) fail(error::bad_utf8);\n}"),
      ("impl/connection.cpp", "  if (message_text_ && !utf8_.complete()) return fail(error::bad_utf8);  // ends inside a sequence",
       "  if (message_text_ && !(frame_.opcode == op_text) && !message_compressed_) {\n"
       "    utf8_.reset();\n"
       "    if (utf8_.feed(assembling_.data(), assembling_.size()) != utf8_validator::npos) return fail(error::bad_utf8);\n"
       "  }\n"
       "  if (message_text_ && !utf8_.complete()) return fail(error::bad_utf8);  // ends inside a sequence")]),
    ("pong-wrong-payload", "a Pong that does not carry the Ping's data (§5.5.2)",
     [("impl/connection.cpp", "if (cfg_.auto_pong && !sent_close_) write_frame(op_pong, true, control_);",
       "if (cfg_.auto_pong && !sent_close_) write_frame(op_pong, true, std::span(control_).first(control_.size() / 2));")]),
    ("lenient-1002-for-invalid-utf8", "Close 1002 where §7.4.1 names 1007 for invalid UTF-8 (lenient)",
     [("impl/error.cpp", "    case error::bad_utf8:\n    case error::bad_close_reason:\n      return 1007;",
       "    case error::bad_close_reason:\n      return 1007;")]),
    ("lenient-code-3000-refused", "a Close with the valid code 3000 (§7.4.2) failed as invalid (lenient)",
     [("impl/connection.cpp", "(c >= 3000 && c <= 4999)", "(c >= 3001 && c <= 4999)")]),
    ("lenient-server-waits-for-client-tcp-close", "a server that waits for the client to close TCP after the closing handshake (§7.1.1)",
     [("impl/connection.cpp", "  if (cfg_.side == role::server) {\n    close_tcp_ = true;\n    events_.push_back({event_kind::closed, false, true, code, error::none, {}});\n  }",
       "")]),
]


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "list":
        for name, what, _ in BUGS:
            print(f"{name}\t{what}")
        return 0
    if len(sys.argv) == 4 and sys.argv[1] == "apply":
        name, root = sys.argv[2], sys.argv[3]
        bug = next((b for b in BUGS if b[0] == name), None)
        if bug is None:
            sys.exit(f"no planted bug named {name} (planted_bugs.py list)")
        for path, old, new in bug[2]:
            full = f"{root}/{path}"
            text = open(full, encoding="utf-8").read()
            if text.count(old) != 1:
                sys.exit(f"{name}: the anchor is in {path} {text.count(old)} times, not once: {old!r}")
            open(full, "w", encoding="utf-8").write(text.replace(old, new))
        return 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
