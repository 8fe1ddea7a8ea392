// pmd.negotiate.* - RFC 7692 §5 and §7 negotiation, graded by the model, both roles. Each case
// is one malformed or borderline parameter form, met from both sides:
// - the tester as client offers it, followed (where the form is invalid) by a valid fallback
//   element "permessage-deflate; server_no_context_takeover": a server declines the invalid
//   element and may accept the fallback - and then must include server_no_context_takeover,
//   which tells an answer to the fallback from one to an invalid element taken leniently;
// - the tester as server answers a client's offer with the same form as written: the model reads
//   it against what the client offered, and a client must fail the connection on an answer §7
//   forbids (it must not carry on with data) and use the agreement on one it allows.
// Then 10 compressed echoes within the agreement, or one uncompressed message without one.
#include "cases/builders.hpp"
#include "cases/catalogue.hpp"

namespace wsconform::cases {
using namespace build;
namespace r = model::rule;

namespace {

const std::string kFallback = "permessage-deflate; server_no_context_takeover";

struct Form {
  std::string id;           // pmd.negotiate.<id>
  std::string what;         // the form, in words
  std::string offer;        // the tester as client: Sec-WebSocket-Extensions of its request
  std::string answer;       // the tester as server: Sec-WebSocket-Extensions of its 101
  std::string expectation;  // what conforming peers do
  std::vector<model::RuleId> rules;
};

Case negotiation_case(const Form& f) {
  Case c = make("pmd.negotiate." + f.id,
                "Negotiate with " + f.what + ": as client, offer '" + f.offer + "'; as server, answer any permessage-deflate offer with '" +
                    f.answer + "'. Then 10 compressed echoes of 4096 JSON code points if agreed, else one uncompressed message.",
                f.expectation);
  c.close = tester_closes();
  c.grading = Grading::model;
  c.deflate = DeflateNegotiation{.offer = f.offer, .acceptors = {DeflateAcceptor{.answer = f.answer}}};
  c.deflate_echo = DeflateEcho{.corpus = CorpusId::json, .length = 4096, .count = 10, .timeout = 10, .auto_fragment = 0, .model_graded = true};
  // Refusing the handshake rather than declining: NON-STRICT (pmd.offer.refusal), whatever the form.
  c.refusal = RefusalLatitude{.rule = r::pmd_offer_refusal, .non_strict = true};
  c.rules = f.rules;
  return c;
}

// The unclosed quoted-string of backslash pairs that sent regular-expression parsers of this
// header into catastrophic backtracking (CVE-2020-7662): about 8 KiB.
std::string pathological_value() {
  std::string v = "x-wsconform; a=\"";
  for (int i = 0; i < 4000; ++i) v += "\\\\";
  return v;
}

}  // namespace

void add_pmd_negotiation_cases(std::vector<Case>& out) {
  const std::string declines = "A server declines the first element (101 without it; refusing the handshake is NON-STRICT) and may accept the fallback, "
                               "then with server_no_context_takeover; a client fails the connection on the answer and echoes nothing.";
  const std::vector<Form> forms = {
      {"bare", "a bare element (no parameters)", "permessage-deflate", "permessage-deflate",
       "A server accepts without client_max_window_bits (the offer has none) or declines; a client takes the bare answer unless it "
       "asked for server_no_context_takeover or a server window, and then fails the connection.",
       {r::pmd_client_max_window_bits_offered_only, r::pmd_response_fail_invalid}},
      {"unknown-parameter", "an unknown parameter", "permessage-deflate; x-wsconform=1, " + kFallback, "permessage-deflate; x-wsconform=1",
       declines, {r::pmd_offer_decline_invalid, r::pmd_response_fail_invalid}},
      {"repeated-parameter", "a parameter given twice", "permessage-deflate; client_max_window_bits=10; client_max_window_bits=10, " + kFallback,
       "permessage-deflate; server_no_context_takeover; server_no_context_takeover", declines,
       {r::pmd_offer_decline_invalid, r::pmd_response_fail_invalid}},
      {"window-bits-7", "a window of 7 bits", "permessage-deflate; server_max_window_bits=7, " + kFallback,
       "permessage-deflate; server_max_window_bits=7", declines, {r::pmd_window_bits_value, r::pmd_offer_decline_invalid}},
      {"window-bits-16", "a window of 16 bits", "permessage-deflate; server_max_window_bits=16, " + kFallback,
       "permessage-deflate; server_max_window_bits=16", declines, {r::pmd_window_bits_value, r::pmd_offer_decline_invalid}},
      {"window-bits-leading-zero", "a window value with a leading zero (08)", "permessage-deflate; server_max_window_bits=08, " + kFallback,
       "permessage-deflate; server_max_window_bits=08", declines, {r::pmd_window_bits_value, r::pmd_offer_decline_invalid}},
      {"window-bits-no-value", "a window parameter without a value where one is required",
       "permessage-deflate; server_max_window_bits, " + kFallback, "permessage-deflate; client_max_window_bits", declines,
       {r::pmd_window_bits_value, r::pmd_client_max_window_bits_offered_only}},
      {"takeover-with-value", "a value on a context-takeover parameter", "permessage-deflate; client_no_context_takeover=1, " + kFallback,
       "permessage-deflate; server_no_context_takeover=1", declines, {r::pmd_no_context_takeover_no_value, r::pmd_offer_decline_invalid}},
      {"unoffered-extension", "an extension the client did not offer", kFallback, "x-wsconform",
       "A server answers with no extension beyond permessage-deflate (then with server_no_context_takeover); a client fails the "
       "connection on an answer naming an extension it did not offer.",
       {r::extension_response_offered_only}},
      {"two-offers", "two elements", "permessage-deflate; server_max_window_bits=10; client_max_window_bits, permessage-deflate",
       "permessage-deflate, permessage-deflate",
       "A server accepts one of the two elements (the first answered with server_max_window_bits of at most 10) or declines both; a "
       "client fails the connection on an answer accepting permessage-deflate twice.",
       {r::pmd_response_single, r::pmd_server_max_window_bits_accepted}},
      {"quoted-value", "a window value written as a quoted-string", "permessage-deflate; server_max_window_bits=\"10\"",
       "permessage-deflate; server_max_window_bits=\"10\"",
       "The value is 10 (§9.1 allows the quoted form): a server accepts with server_max_window_bits of at most 10 or declines; a client "
       "takes the answer (a server may limit its own window unasked), unless it offered a smaller window, and then fails.",
       {r::extension_param_value_token, r::pmd_server_max_window_bits_accepted}},
      {"server-window-larger", "a server window larger than offered", "permessage-deflate; server_max_window_bits=10",
       "permessage-deflate; server_max_window_bits=15",
       "A server answers with server_max_window_bits of at most 10 or declines; a client that offered a server window below 15 fails "
       "the connection on the answer, and one that offered none takes it.",
       {r::pmd_server_max_window_bits_accepted}},
      {"client-window-unoffered", "a client window the offer did not allow", "permessage-deflate; client_max_window_bits=10",
       "permessage-deflate; client_max_window_bits=10",
       "A server answers with client_max_window_bits of at most 10, or without it, or declines; a client that offered no "
       "client_max_window_bits fails the connection on the answer, and one that did compresses within 1 KiB.",
       {r::pmd_client_max_window_bits_offered_only, r::pmd_window_sender_bound}},
  };
  for (const auto& f : forms) out.push_back(negotiation_case(f));

  Case c = negotiation_case({"pathological-header", "an 8 KiB extension header that never closes its quoted-string",
                             pathological_value(), pathological_value(),
                             "A server answers in bounded time: a refusal (4xx), or a 101 that accepts nothing; a client fails the "
                             "connection on the answer. Neither hangs.",
                             {r::extension_header_grammar, r::handshake_server_replies}});
  c.description = "Negotiate with an 8 KiB Sec-WebSocket-Extensions value 'x-wsconform; a=\"\\\\\\\\...' whose quoted-string never "
                  "closes (CVE-2020-7662's trigger), as the client's offer and as the server's answer. Then one uncompressed message.";
  c.refusal = RefusalLatitude{.rule = r::extension_header_grammar, .non_strict = false};
  out.push_back(std::move(c));
}

}  // namespace wsconform::cases
