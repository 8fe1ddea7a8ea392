// pmd.* - RFC 7692 beyond Autobahn's groups 12 and 13, graded by the model (Grading::model), both
// roles: the shapes Autobahn's fuzzer never sends (RFC 7692 §7.2.3's examples byte for byte -
// stored blocks, a BFINAL block, two blocks, the empty final fragment - an empty message, an
// uncompressed message between compressed ones), and RSV1 where it must not be (a continuation,
// a Ping, a Close) and compressed data that does not inflate. Each needs permessage-deflate
// agreed (with context takeover, so the later "Hello"s may refer back): without it the case is
// UNIMPLEMENTED.
#include "cases/builders.hpp"
#include "cases/catalogue.hpp"
#include "cases/select.hpp"

#include <algorithm>

namespace wsconform::cases {
using namespace build;
namespace r = model::rule;

namespace {

// "Hello" compressed (§7.2.3.1), and a second "Hello" that refers back into the first (§7.2.3.2).
const Bytes kHello = hex("f248cdc9c90700");
const Bytes kHelloAgain = hex("f200110000");

DeflateNegotiation takeover_agreement() {
  // As a client the tester offers plainly; as a server it accepts what the client offers.
  return DeflateNegotiation{.offer = "permessage-deflate; client_max_window_bits", .acceptors = {DeflateAcceptor{}}, .required = true};
}

Case pmd_case(std::string id, std::string description, std::string expectation, std::vector<Action> script, ExpectedClose close,
              std::vector<RuleId> rules) {
  Case c = make(std::move(id), std::move(description), std::move(expectation));
  c.script = std::move(script);
  c.close = std::move(close);
  c.grading = Grading::model;
  c.deflate = takeover_agreement();
  c.rules = std::move(rules);
  return c;
}

SendFrame compressed(opcode op, Bytes payload, bool fin = true) { return with_rsv(frame(op, std::move(payload), fin), 4); }

// The peer echoes `n` text messages, each `message` once inflated (compared); the tester closes
// once they are back (or after 5 s).
std::vector<Action> then_echoes(std::vector<Action> frames, std::size_t n, std::string_view message = "Hello") {
  for (std::size_t i = 0; i < n; ++i) frames.push_back(ExpectEcho{.message = bytes_of(message), .binary = false});
  frames.push_back(CloseOnMessages{n});
  frames.push_back(CloseAfter{5});
  return frames;
}

}  // namespace

void add_pmd_cases(std::vector<Case>& out) {
  const std::size_t first = out.size();
  const std::string echoes = "The peer inflates and echoes ";
  out.push_back(pmd_case("pmd.rfc7692.7.2.3.1", "Send \"Hello\" compressed in one frame (RFC 7692 §7.2.3.1).", echoes + "\"Hello\".",
                         then_echoes({compressed(opcode::text, kHello)}, 1), tester_closes(), {r::pmd_payload_inflate, r::pmd_payload_tail}));
  out.push_back(pmd_case("pmd.rfc7692.7.2.3.1-fragmented", "Send \"Hello\" compressed in two frames, RSV1 on the first only (§7.2.3.1).",
                         echoes + "\"Hello\".",
                         then_echoes({compressed(opcode::text, hex("f248cd"), false), frame(opcode::continuation, hex("c9c90700"))}, 1),
                         tester_closes(), {r::pmd_payload_inflate, r::pmd_rsv1_first_frame_only}));
  out.push_back(pmd_case("pmd.rfc7692.7.2.3.2", "Send \"Hello\" compressed, then a second \"Hello\" that refers back into the first (§7.2.3.2).",
                         echoes + "\"Hello\" twice (with context takeover the second refers to the first).",
                         then_echoes({compressed(opcode::text, kHello), compressed(opcode::text, kHelloAgain)}, 2), tester_closes(),
                         {r::pmd_payload_inflate, r::pmd_no_context_takeover_reset}));
  out.push_back(pmd_case("pmd.rfc7692.7.2.3.3", "Send \"Hello\" as a stored (uncompressed) DEFLATE block (§7.2.3.3).", echoes + "\"Hello\".",
                         then_echoes({compressed(opcode::text, hex("000500faff48656c6c6f00"))}, 1), tester_closes(),
                         {r::pmd_payload_inflate}));
  out.push_back(pmd_case("pmd.rfc7692.7.2.3.4", "Send \"Hello\" in a block with BFINAL set (§7.2.3.4), then \"Hello\" again as an independent message.",
                         echoes + "\"Hello\" twice: a BFINAL block ends the message's data, not the connection's compression.",
                         then_echoes({compressed(opcode::text, hex("f348cdc9c9070000")), compressed(opcode::text, kHello)}, 2), tester_closes(),
                         {r::pmd_payload_bfinal, r::pmd_payload_inflate}));
  out.push_back(pmd_case("pmd.rfc7692.7.2.3.5", "Send \"Hello\" as two DEFLATE blocks, the first ended by a sync flush (§7.2.3.5).",
                         echoes + "\"Hello\".", then_echoes({compressed(opcode::text, hex("f24805000000ffffcac9c90700"))}, 1), tester_closes(),
                         {r::pmd_payload_inflate}));
  out.push_back(pmd_case("pmd.rfc7692.7.2.3.6",
                         "Send \"Hello\" compressed with its sync-flush tail in a first frame, then an empty stored block 0x00 as the final "
                         "continuation frame (the empty fragment of §7.2.3.6, RSV1 clear).",
                         echoes + "\"Hello\".",
                         then_echoes({compressed(opcode::text, hex("f248cdc9c907000000ffff"), false), frame(opcode::continuation, hex("00"))}, 1),
                         tester_closes(), {r::pmd_payload_empty_fragment, r::pmd_payload_inflate}));
  out.push_back(pmd_case("pmd.empty-message", "Send an empty text message compressed: the single octet 0x00 (§7.2.3.6).",
                         echoes + "an empty text message.", then_echoes({compressed(opcode::text, hex("00"))}, 1, ""), tester_closes(),
                         {r::pmd_payload_empty_fragment}));
  out.push_back(pmd_case("pmd.uncompressed-between",
                         "Send \"Hello\" compressed, \"Hello\" uncompressed (RSV1 clear), then a compressed \"Hello\" referring back into the "
                         "first: an uncompressed message does not enter the history.",
                         echoes + "\"Hello\" three times.",
                         then_echoes({compressed(opcode::text, kHello), frame(opcode::text, bytes_of("Hello")), compressed(opcode::text, kHelloAgain)}, 3),
                         tester_closes(), {r::pmd_rsv1_uncompressed_message, r::pmd_payload_inflate}));
  out.push_back(pmd_case("pmd.window-edge",
                         "Send a compressed text message whose one back-reference reaches exactly as far back as the agreed window of "
                         "the tester's direction allows (2^bits octets: 32 KiB unless the peer asked for less), a 258-octet match "
                         "after that many letters in stored blocks.",
                         "The peer inflates with the whole agreed window and echoes the message (2^bits + 258 octets).",
                         {SendWindowEdge{}, CloseOnMessages{1}, CloseAfter{10}}, tester_closes(),
                         {r::pmd_window_sender_bound, r::pmd_payload_inflate}));
  {
    // The peer's limit as the z3.pmd.limit cases take it; the bomb in 512-octet frames, each
    // written in 256-octet TCP segments.
    Case c = pmd_case("pmd.limit.over-fragmented",
                      "Send a compressed binary message inflating to one octet over the peer's declared maximum message size, in "
                      "frames of 512 compressed octets, each written in TCP segments of 256 octets.",
                      "The peer fails the connection with 1009 (or drops TCP) and delivers nothing: the limit holds across fragments "
                      "and segments.",
                      {SendAtLimit{.excess = 1, .compressed = true, .fragment_size = 512, .chop = 256}, KillAfter{100}}, peer_fails(1009),
                      {r::pmd_limit_inflated_size, r::limits_message_too_big});
    out.push_back(std::move(c));
  }
  out.push_back(pmd_case("pmd.rsv1.continuation", "Send a compressed text message in two frames with RSV1 set on the continuation too.",
                         "The peer fails the connection (1002) and echoes nothing.",
                         {compressed(opcode::text, hex("f248cd"), false), compressed(opcode::continuation, hex("c9c90700")), KillAfter{2}},
                         peer_fails(1002), {r::pmd_rsv1_first_frame_only}));
  out.push_back(pmd_case("pmd.rsv1.ping", "Send a Ping with RSV1 set.", "The peer fails the connection (1002) and sends no Pong.",
                         {compressed(opcode::ping, bytes_of("ping")), KillAfter{2}}, peer_fails(1002), {r::pmd_rsv1_control_frame}));
  out.push_back(pmd_case("pmd.rsv1.close", "Send a Close (1000) with RSV1 set.", "The peer fails the connection (1002).",
                         {compressed(opcode::close, hex("03e8")), KillAfter{2}}, peer_fails(1002), {r::pmd_rsv1_control_frame}));
  out.push_back(pmd_case("pmd.corrupt", "Send a compressed text message whose data starts a block of the reserved type 11.",
                         "The peer fails the connection (1002 or 1007: RFC 7692 names no code) and delivers nothing.",
                         {compressed(opcode::text, hex("ffffff")), KillAfter{2}}, peer_fails_with_one_of({1002, 1007}),
                         {r::pmd_payload_corrupt, r::pmd_payload_corrupt_code}));
  add_pmd_negotiation_cases(out);
  std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                   [](const Case& a, const Case& b) { return id_less(a.id, b.id); });
}

}  // namespace wsconform::cases
