// rfc.* - requirements of RFC 6455 that Autobahn's catalogue never puts to a peer, each case
// graded by the model alone (Grading::model): masking in the wrong direction and the all-zero
// key (§5.1, §5.3), RSV bits on continuation and control frames (§5.2), non-minimal length
// encodings (§5.2), a message at and just over the peer's declared size limit (§10.4), and data
// after the peer's own Close (§5.5.1). Every case runs in both roles: the tester masks or not
// as its role wants, and "against its role" means the other way round.
#include "cases/builders.hpp"
#include "cases/catalogue.hpp"
#include "cases/select.hpp"

#include <algorithm>

namespace wsconform::cases {
using namespace build;
namespace r = model::rule;

namespace {

Case graded_by_model(std::string id, std::string description, std::string expectation, std::vector<Action> script,
                     ExpectedClose close, std::vector<RuleId> rules) {
  Case c = make(std::move(id), std::move(description), std::move(expectation));
  c.script = std::move(script);
  c.close = std::move(close);
  c.grading = Grading::model;
  c.rules = std::move(rules);
  return c;
}

}  // namespace

void add_rfc_cases(std::vector<Case>& out) {
  const std::size_t first = out.size();
  const Bytes hello = bytes_of("Hello, world!");

  // §5.1: a server fails on an unmasked frame, a client on a masked one.
  out.push_back(graded_by_model(
      "rfc.mask.against-role", "Send a text message masked against the tester's role: unmasked to a server, masked to a client.",
      "The peer fails the connection (Close 1002 or a TCP drop) and echoes nothing.",
      {masked_as(frame(opcode::text, hello), Masking::against_role), KillAfter{1}}, peer_fails(1002),
      {r::mask_server_fails_unmasked, r::mask_client_fails_masked, r::mask_fail_code_1002}));
  // §5.3: the key is any 32-bit value, zero included (the tester as server sends no key at all).
  out.push_back(graded_by_model(
      "rfc.mask.zero-key", "Send a text message masked with the all-zero key (as a client; as a server, unmasked as usual).",
      "The peer echoes the message: a zero key is a key like any other.",
      {masked_as(frame(opcode::text, hello), Masking::zero_key), CloseAfter{1}}, tester_closes(),
      {r::receive_server_unmasks, r::receive_message_assembly}));

  // §5.2: RSV bits are checked on every frame, continuations and control frames included.
  for (const std::uint8_t bit : {std::uint8_t{4}, std::uint8_t{2}, std::uint8_t{1}}) {
    const std::string n = bit == 4 ? "1" : bit == 2 ? "2" : "3";
    out.push_back(graded_by_model(
        "rfc.rsv.continuation." + n, "Send a text message in two fragments, the continuation with RSV" + n + " set.",
        "The peer fails the connection (Close 1002 or a TCP drop) and delivers nothing.",
        {frame(opcode::text, bytes_of("frag"), false), with_rsv(frame(opcode::continuation, bytes_of("ment")), bit), KillAfter{1}}, peer_fails(1002),
        {r::frame_rsv_fail}));
  }
  out.push_back(graded_by_model("rfc.rsv.ping.1", "Send a Ping with RSV1 set.", "The peer fails the connection and sends no Pong.",
                                {with_rsv(frame(opcode::ping, bytes_of("ping")), 4), KillAfter{1}}, peer_fails(1002), {r::frame_rsv_fail}));
  out.push_back(graded_by_model("rfc.rsv.close.1", "Send a Close 1000 with RSV1 set.",
                                "The peer fails the connection (Close 1002 or a TCP drop) instead of a normal reply.",
                                {with_rsv(frame(opcode::close, hex("03e8")), 4), KillAfter{1}}, peer_fails(1002), {r::frame_rsv_fail}));

  // §5.2: "the minimal number of bytes MUST be used" binds the sender; the receiver may fail or
  // take the frame (frame.length.non-minimal-received), so both are graded, accepting as lenient.
  out.push_back(graded_by_model("rfc.length.non-minimal-16", "Send a 13-octet text message with its length in the 16-bit form.",
                                "The peer fails the connection (strict) or echoes the message (lenient).",
                                {length_in(frame(opcode::text, hello), 16), CloseAfter{1}}, peer_fails(1002),
                                {r::frame_length_minimal, r::frame_length_non_minimal_received}));
  out.push_back(graded_by_model("rfc.length.non-minimal-64", "Send a 13-octet text message with its length in the 64-bit form.",
                                "The peer fails the connection (strict) or echoes the message (lenient).",
                                {length_in(frame(opcode::text, hello), 64), CloseAfter{1}}, peer_fails(1002),
                                {r::frame_length_minimal, r::frame_length_non_minimal_received}));
  out.push_back(graded_by_model("rfc.length.non-minimal-64-of-200", "Send a 200-octet text message with its length in the 64-bit form.",
                                "The peer fails the connection (strict) or echoes the message (lenient).",
                                {length_in(frame(opcode::text, repeat("*", 200)), 64), CloseAfter{1}}, peer_fails(1002),
                                {r::frame_length_minimal, r::frame_length_non_minimal_received}));

  // §10.4 at the limit the peer declares: exactly the limit is a message like any other, one
  // octet more is refused with 1009. The echo of a 64 MiB message may take many seconds on a
  // slow peer: the tester closes when it has arrived, and waits up to 100 s (as 9.1.6 does).
  out.push_back(graded_by_model("rfc.limit.at", "Send a binary message of exactly the peer's declared maximum message size.",
                                "The peer takes the message (and echoes it).", {SendAtLimit{0}, CloseOnMessages{1}, CloseAfter{100}}, tester_closes(),
                                {r::limits_message_too_big, r::receive_message_assembly}));
  out.push_back(graded_by_model("rfc.limit.over", "Send a binary message one octet over the peer's declared maximum message size.",
                                "The peer fails the connection with 1009 (or drops TCP) and delivers nothing.",
                                {SendAtLimit{1}, KillAfter{10}}, peer_fails(1009), {r::limits_message_too_big, r::fail_appropriate_code}));

  // §5.5.1: once the peer sent its Close it sends no data. A valid message and a frame it must
  // fail on, in one write: echoing the message before the Close is fine, after it is not.
  out.push_back(graded_by_model("rfc.close.no-data-after-own-close",
                                "Send a text message and, in the same write, a text frame with RSV1 set.",
                                "The peer fails the connection; anything it echoes comes before its Close, nothing after it.",
                                {frame(opcode::text, hello), with_rsv(frame(opcode::text, bytes_of("bad")), 4), KillAfter{1}}, peer_fails(1002),
                                {r::close_no_data_after_close, r::frame_rsv_fail, r::fail_stop_processing}));
  std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                   [](const Case& a, const Case& b) { return id_less(a.id, b.id); });
}

}  // namespace wsconform::cases
