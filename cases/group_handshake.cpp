// hs.* - the opening handshake (RFC 6455 §4), graded by the model, each case for one role:
// - hs.request.*: the tester sends a request of its own making to a server: one §4.2.1 forbids
//   (the server must refuse it with an HTTP error, never 101), one it allows in an unusual form
//   (case, lists, repeated lines, whitespace, chops, a frame right behind it: the server must
//   accept it), or one it may take or refuse (an Origin, an absolute-form target, a 64 KiB head,
//   10,000 header fields). An accepted connection then echoes one message.
// - hs.response.*: the tester answers a client's request with a response of its own making,
//   then sends "Hello": the client must echo it after a valid response, and must fail the
//   connection (never echo) after one §4.1 tells it to fail on.
// What is valid is the model's ruling (model::rule_on_request, model::rule_on_response), not
// the case's; the case says only where the RFC leaves a server room to refuse.
#include "cases/builders.hpp"
#include "cases/catalogue.hpp"
#include "cases/select.hpp"

#include <algorithm>

namespace wsconform::cases {
using namespace build;
namespace r = model::rule;

namespace {

const std::string kCrlf = "\r\n";
const std::string kUpgrade = "Upgrade: websocket\r\n";
const std::string kConnection = "Connection: Upgrade\r\n";
const std::string kKey = "Sec-WebSocket-Key: {key}\r\n";
const std::string kVersion = "Sec-WebSocket-Version: 13\r\n";
const std::string kHost = "Host: {host}\r\n";
const std::string kRequestLine = "GET {path} HTTP/1.1\r\n";
const std::string kCanonicalRequest = kRequestLine + kHost + kUpgrade + kConnection + kKey + kVersion + kCrlf;
const std::string kStatus101 = "HTTP/1.1 101 Switching Protocols\r\n";
const std::string kAccept = "Sec-WebSocket-Accept: {accept}\r\n";
const std::string kCanonicalResponse = kStatus101 + kUpgrade + kConnection + kAccept + kCrlf;

// "Hello" as a client sends it (masked with RFC 6455 §5.7's key) and as a server does.
const Bytes kMaskedHello = hex("818537fa213d7f9f4d5158");
const Bytes kHelloFrame = hex("810548656c6c6f");

// Echo "Hello" once the connection is open (sent here unless it went with the head), then close.
std::vector<Action> echo_hello(bool hello_sent_with_head) {
  std::vector<Action> script;
  if (!hello_sent_with_head) script.push_back(frame(opcode::text, bytes_of("Hello")));
  script.push_back(ExpectEcho{.message = bytes_of("Hello"), .binary = false});
  script.push_back(CloseOnMessages{1});
  script.push_back(CloseAfter{3});
  return script;
}

Case hs_case(std::string id, std::string description, std::string expectation, HandshakeProbe probe, std::vector<model::RuleId> rules) {
  Case c = make(std::move(id), std::move(description), std::move(expectation));
  c.close = tester_closes();
  c.grading = Grading::model;
  c.script = echo_hello(!probe.after_head.empty());
  c.handshake = std::move(probe);
  c.rules = std::move(rules);
  return c;
}

// A request case: the server must refuse `head` (the model's ruling breaks `rules`).
Case must_refuse(std::string id, std::string what, std::string head, std::vector<model::RuleId> rules) {
  return hs_case("hs.request." + id, "Send an opening handshake with " + what + ".",
                 "The server refuses it with an HTTP error (4xx/5xx) and never answers 101; closing without an answer is NON-STRICT.",
                 HandshakeProbe{.target_is_server = true, .head = std::move(head)}, std::move(rules));
}

// A request case: the server must accept `head` (refusing it is FAILED, or NON-STRICT where
// `refusal` says the RFC leaves room) and echo "Hello".
Case must_accept(std::string id, std::string what, HandshakeProbe probe, std::vector<model::RuleId> rules,
                 std::optional<RefusalLatitude> refusal = std::nullopt) {
  std::string expectation = "The server accepts it (101, the right Sec-WebSocket-Accept) and echoes \"Hello\".";
  if (refusal) expectation += refusal->non_strict ? " Refusing it is NON-STRICT." : " It may refuse it (the RFC leaves it room).";
  Case c = hs_case("hs.request." + id, "Send an opening handshake with " + what + ".", expectation, std::move(probe), std::move(rules));
  c.refusal = refusal;
  return c;
}

// A response case: the client must fail the connection on `head` (never echo "Hello").
Case must_fail(std::string id, std::string what, std::string head, std::vector<model::RuleId> rules) {
  return hs_case("hs.response." + id, "Answer the client's opening handshake with " + what + ", then send \"Hello\".",
                 "The client fails the connection (closes it, or sends a Close) and never echoes \"Hello\".",
                 HandshakeProbe{.target_is_server = false, .head = std::move(head)}, std::move(rules));
}

Case must_use(std::string id, std::string what, HandshakeProbe probe, std::vector<model::RuleId> rules) {
  probe.target_is_server = false;
  return hs_case("hs.response." + id, "Answer the client's opening handshake with " + what + ", then send \"Hello\".",
                 "The client takes the response as valid and echoes \"Hello\".", std::move(probe), std::move(rules));
}

std::string padding_field(std::size_t octets) { return "X-Wsconform-Padding: " + std::string(octets, 'a') + kCrlf; }

std::string many_fields(std::size_t n) {
  std::string fields;
  for (std::size_t i = 0; i < n; ++i) fields += "X-Wsconform-" + std::to_string(i) + ": " + std::to_string(i) + kCrlf;
  return fields;
}

}  // namespace

void add_handshake_cases(std::vector<Case>& out) {
  const auto first = static_cast<std::ptrdiff_t>(out.size());
  const RefusalLatitude may_refuse{.rule = r::handshake_server_may_refuse, .non_strict = false};
  const auto before_end = [](std::string head, const std::string& extra) { return head.insert(head.size() - 2, extra); };

  // The server's side: requests.
  out.push_back(must_accept("canonical", "every field §4.1 lists and nothing else", {.head = kCanonicalRequest},
                            {r::handshake_server_replies, r::handshake_accept_key}));
  out.push_back(must_refuse("method-post", "the method POST", "POST {path} HTTP/1.1\r\n" + kHost + kUpgrade + kConnection + kKey + kVersion + kCrlf,
                            {r::handshake_method_get}));
  out.push_back(must_refuse("http-1-0", "HTTP/1.0 in the request line", "GET {path} HTTP/1.0\r\n" + kHost + kUpgrade + kConnection + kKey + kVersion + kCrlf,
                            {r::handshake_http_1_1}));
  out.push_back(must_refuse("no-host", "no Host field", kRequestLine + kUpgrade + kConnection + kKey + kVersion + kCrlf, {r::handshake_host}));
  out.push_back(must_refuse("no-upgrade", "no Upgrade field", kRequestLine + kHost + kConnection + kKey + kVersion + kCrlf,
                            {r::handshake_upgrade_websocket}));
  out.push_back(must_refuse("upgrade-other", "Upgrade: h2c instead of websocket", kRequestLine + kHost + "Upgrade: h2c\r\n" + kConnection + kKey + kVersion + kCrlf,
                            {r::handshake_upgrade_websocket}));
  out.push_back(must_refuse("no-connection", "no Connection field", kRequestLine + kHost + kUpgrade + kKey + kVersion + kCrlf,
                            {r::handshake_connection_upgrade}));
  out.push_back(must_refuse("connection-without-upgrade", "Connection: keep-alive (no Upgrade token)",
                            kRequestLine + kHost + kUpgrade + "Connection: keep-alive\r\n" + kKey + kVersion + kCrlf, {r::handshake_connection_upgrade}));
  out.push_back(must_refuse("key-missing", "no Sec-WebSocket-Key", kRequestLine + kHost + kUpgrade + kConnection + kVersion + kCrlf,
                            {r::handshake_key_16_octets}));
  out.push_back(must_refuse("key-12-octets", "a key of 12 octets (16 base64 characters)",
                            kRequestLine + kHost + kUpgrade + kConnection + "Sec-WebSocket-Key: d3Njb25mb3JtLTEy\r\n" + kVersion + kCrlf,
                            {r::handshake_key_16_octets}));
  out.push_back(must_refuse("key-17-octets", "a key of 17 octets",
                            kRequestLine + kHost + kUpgrade + kConnection + "Sec-WebSocket-Key: d3Njb25mb3JtLWtleS0xN28=\r\n" + kVersion + kCrlf,
                            {r::handshake_key_16_octets}));
  out.push_back(must_refuse("key-not-base64", "a key of 24 characters outside base64",
                            kRequestLine + kHost + kUpgrade + kConnection + "Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!==\r\n" + kVersion + kCrlf,
                            {r::handshake_key_16_octets}));
  {
    // The second key is the client's fault (§11.3.1); a server that takes one of them is lenient.
    Case c = must_refuse("key-repeated", "two Sec-WebSocket-Key fields",
                         kRequestLine + kHost + kUpgrade + kConnection + kKey + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + kVersion + kCrlf,
                         {r::handshake_key_once});
    c.expectation = "The server refuses it with an HTTP error; taking one of the keys is NON-STRICT.";
    c.handshake->may_accept = r::handshake_key_once;
    c.handshake->may_accept_non_strict = true;
    out.push_back(std::move(c));
  }
  out.push_back(must_refuse("version-missing", "no Sec-WebSocket-Version", kRequestLine + kHost + kUpgrade + kConnection + kKey + kCrlf,
                            {r::handshake_version_13}));
  {
    Case c = must_refuse("version-8", "Sec-WebSocket-Version: 8 (draft-ietf-hybi-10)",
                         kRequestLine + kHost + kUpgrade + kConnection + kKey + "Sec-WebSocket-Version: 8\r\n" + kCrlf,
                         {r::handshake_version_13, r::handshake_other_versions});
    c.expectation = "The server refuses it with 426 and Sec-WebSocket-Version: 13, or - speaking draft version 8 too (§4.4) - accepts it.";
    c.handshake->may_accept = r::handshake_other_versions;
    out.push_back(std::move(c));
  }
  out.push_back(must_refuse("version-14", "Sec-WebSocket-Version: 14", kRequestLine + kHost + kUpgrade + kConnection + kKey + "Sec-WebSocket-Version: 14\r\n" + kCrlf,
                            {r::handshake_version_13}));
  out.push_back(must_accept("tokens-case", "field names and the Upgrade and Connection values in other cases",
                            {.head = kRequestLine + "HOST: {host}\r\nUPGRADE: WEBSOCKET\r\nconnection: UPGRADE\r\nsec-websocket-key: {key}\r\nSEC-WEBSOCKET-VERSION: 13\r\n\r\n"},
                            {r::handshake_upgrade_websocket, r::handshake_connection_upgrade}));
  out.push_back(must_accept("connection-list", "Connection: keep-alive, Upgrade (as Firefox sends it)",
                            {.head = kRequestLine + kHost + kUpgrade + "Connection: keep-alive, Upgrade\r\n" + kKey + kVersion + kCrlf},
                            {r::handshake_connection_upgrade}));
  out.push_back(must_accept("connection-repeated", "the Connection tokens on two lines (keep-alive, then Upgrade)",
                            {.head = kRequestLine + kHost + kUpgrade + "Connection: keep-alive\r\nConnection: Upgrade\r\n" + kKey + kVersion + kCrlf},
                            {r::handshake_connection_upgrade}, RefusalLatitude{.rule = r::handshake_connection_upgrade, .non_strict = true}));
  out.push_back(must_accept("upgrade-list", "Upgrade: h2c, websocket",
                            {.head = kRequestLine + kHost + "Upgrade: h2c, websocket\r\n" + kConnection + kKey + kVersion + kCrlf},
                            {r::handshake_upgrade_websocket}, RefusalLatitude{.rule = r::handshake_upgrade_websocket, .non_strict = true}));
  out.push_back(must_accept("field-whitespace", "no space after the colons and spaces and tabs around the values",
                            {.head = kRequestLine + "Host:{host}\r\nUpgrade:websocket\r\nConnection: \t Upgrade \t\r\nSec-WebSocket-Key:   {key}  \r\nSec-WebSocket-Version:13\r\n\r\n"},
                            {r::handshake_upgrade_websocket, r::handshake_key_16_octets},
                            RefusalLatitude{.rule = r::handshake_key_16_octets, .non_strict = true}));
  out.push_back(must_accept("origin", "an Origin field (a browser's request)", {.head = before_end(kCanonicalRequest, "Origin: http://wsconform.example\r\n")},
                            {r::handshake_server_may_refuse}, may_refuse));
  out.push_back(must_accept("subprotocols", "Sec-WebSocket-Protocol: chat, superchat",
                            {.head = before_end(kCanonicalRequest, "Sec-WebSocket-Protocol: chat, superchat\r\n")},
                            {r::handshake_subprotocol_offered}, may_refuse));
  out.push_back(must_accept("absolute-form", "the request target in absolute form (http://host/path)",
                            {.head = "GET http://{host}{path} HTTP/1.1\r\n" + kHost + kUpgrade + kConnection + kKey + kVersion + kCrlf},
                            {r::handshake_server_may_refuse}, may_refuse));
  out.push_back(must_accept("query", "a query on the resource name", {.head = "GET {path_with_query} HTTP/1.1\r\n" + kHost + kUpgrade + kConnection + kKey + kVersion + kCrlf},
                            {r::handshake_server_may_refuse}, may_refuse));
  out.push_back(must_accept("chopped-3", "the request in 3-octet writes", {.head = kCanonicalRequest, .chop = 3}, {r::handshake_server_replies}));
  out.push_back(must_accept("one-octet", "the request one octet per write", {.head = kCanonicalRequest, .chop = 1}, {r::handshake_server_replies}));
  out.push_back(must_accept("frame-behind", "a masked text frame \"Hello\" in the same write right behind the request",
                            {.head = kCanonicalRequest, .after_head = kMaskedHello}, {r::handshake_server_replies}));
  out.push_back(must_accept("head-64k", "a 64 KiB header field", {.head = before_end(kCanonicalRequest, padding_field(64 * 1024))},
                            {r::handshake_server_may_refuse}, may_refuse));
  out.push_back(must_accept("10000-fields", "10,000 header fields", {.head = before_end(kCanonicalRequest, many_fields(10000))},
                            {r::handshake_server_may_refuse}, may_refuse));
  {
    Case c = hs_case("hs.request.unterminated", "Send an opening handshake without its final empty line, then wait.",
                     "The server never answers 101; it refuses or closes when its own patience ends. One still waiting at the tester's "
                     "open-handshake timeout is INFORMATIONAL (the RFC sets no bound).",
                     {.head = kCanonicalRequest.substr(0, kCanonicalRequest.size() - 2), .unterminated = true}, {r::handshake_server_replies});
    out.push_back(std::move(c));
  }

  // The client's side: responses.
  out.push_back(must_use("canonical", "every field §4.2.2 lists and nothing else", {.head = kCanonicalResponse}, {r::handshake_accept_key}));
  out.push_back(must_fail("accept-wrong", "the Sec-WebSocket-Accept of another key",
                          kStatus101 + kUpgrade + kConnection + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" + kCrlf, {r::handshake_accept_key}));
  out.push_back(must_fail("accept-missing", "no Sec-WebSocket-Accept", kStatus101 + kUpgrade + kConnection + kCrlf, {r::handshake_accept_key}));
  out.push_back(must_fail("accept-case", "the right Sec-WebSocket-Accept in lower case (base64 is case-sensitive)",
                          kStatus101 + kUpgrade + kConnection + "Sec-WebSocket-Accept: {accept_lower}\r\n" + kCrlf, {r::handshake_accept_key}));
  out.push_back(must_fail("accept-repeated", "Sec-WebSocket-Accept twice (the right value both times)",
                          kStatus101 + kUpgrade + kConnection + kAccept + kAccept + kCrlf, {r::handshake_accept_once}));
  out.push_back(must_fail("status-200", "200 OK and the upgrade fields", "HTTP/1.1 200 OK\r\n" + kUpgrade + kConnection + kAccept + "Content-Length: 0\r\n" + kCrlf,
                          {r::handshake_response_101}));
  out.push_back(must_fail("status-302", "302 Found to another resource",
                          "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n" + kCrlf, {r::handshake_response_101}));
  out.push_back(must_fail("status-403", "403 Forbidden", "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n" + kCrlf, {r::handshake_response_101}));
  out.push_back(must_fail("no-upgrade", "no Upgrade field", kStatus101 + kConnection + kAccept + kCrlf, {r::handshake_response_upgrade}));
  out.push_back(must_fail("upgrade-other", "Upgrade: h2c", kStatus101 + "Upgrade: h2c\r\n" + kConnection + kAccept + kCrlf, {r::handshake_response_upgrade}));
  out.push_back(must_fail("no-connection", "no Connection field", kStatus101 + kUpgrade + kAccept + kCrlf, {r::handshake_response_connection}));
  out.push_back(must_fail("subprotocol-unrequested", "a subprotocol the client did not ask for",
                          before_end(kCanonicalResponse, "Sec-WebSocket-Protocol: x-wsconform-unrequested\r\n"), {r::handshake_response_subprotocol}));
  out.push_back(must_fail("extension-unrequested", "an extension the client did not offer",
                          before_end(kCanonicalResponse, "Sec-WebSocket-Extensions: x-wsconform-unrequested\r\n"), {r::extension_response_offered_only}));
  out.push_back(must_use("tokens-case", "field names and the Upgrade and Connection values in other cases",
                         {.head = kStatus101 + "UPGRADE: WEBSOCKET\r\nconnection: UPGRADE\r\nsec-websocket-accept: {accept}\r\n\r\n"},
                         {r::handshake_response_upgrade, r::handshake_response_connection}));
  out.push_back(must_use("connection-list", "Connection: keep-alive, Upgrade", {.head = kStatus101 + kUpgrade + "Connection: keep-alive, Upgrade\r\n" + kAccept + kCrlf},
                         {r::handshake_response_connection}));
  {
    // HTTP allows spaces and tabs around a value; some HTTP parsers stumble on the tabs, so
    // failing here is NON-STRICT, not FAILED.
    Case c = must_use("field-whitespace", "no space after the colons and spaces and tabs around the values",
                      {.head = kStatus101 + "Upgrade:websocket\r\nConnection: \t Upgrade \t\r\nSec-WebSocket-Accept:   {accept}  \r\n\r\n"},
                      {r::handshake_response_connection, r::handshake_accept_key});
    c.expectation += " Failing the connection on it is NON-STRICT.";
    c.refusal = RefusalLatitude{.rule = r::handshake_response_connection, .non_strict = true};
    out.push_back(std::move(c));
  }
  out.push_back(must_use("frame-behind", "the 101 and a text frame \"Hello\" in the same write",
                         {.head = kCanonicalResponse, .after_head = kHelloFrame}, {r::handshake_accept_key}));
  {
    Case c = hs_case("hs.response.unterminated", "Answer the client's opening handshake without the response's final empty line, then wait.",
                     "The client never opens the connection (sends no frame); it fails it when its own patience ends. One still waiting "
                     "after 5 s is INFORMATIONAL (the RFC sets no bound).",
                     {.target_is_server = false, .head = kCanonicalResponse.substr(0, kCanonicalResponse.size() - 2), .unterminated = true},
                     {r::handshake_response_101});
    c.script = {CloseAfter{5}};  // no "Hello": the response is unfinished; the tester ends it after 5 s
    out.push_back(std::move(c));
  }
  // The catalogue runs in id order (requests before responses, numbers before words).
  std::stable_sort(out.begin() + first, out.end(), [](const Case& a, const Case& b) { return id_less(a.id, b.id); });
}

bool applies_to(const Case& c, bool target_is_server) { return !c.handshake || c.handshake->target_is_server == target_is_server; }

std::vector<const Case*> for_target(std::vector<const Case*> selected, bool target_is_server) {
  std::erase_if(selected, [&](const Case* c) { return !applies_to(*c, target_is_server); });
  return selected;
}

}  // namespace wsconform::cases
