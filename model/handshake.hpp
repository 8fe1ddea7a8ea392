// The opening handshake as the model reads it: the checks §4.2.1 puts on a client's request,
// and the answer §4.2.2 prescribes. Plain string handling, for reading next to the RFC.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/rule.hpp"

namespace wsconform::model {

struct RequestRuling {
  bool accept = false;
  int status = 400;                 // 101 when accepted
  std::vector<RuleId> broken;       // why it was refused
  std::string key;                  // Sec-WebSocket-Key, when present
  std::string response;             // the whole HTTP response head to send
};

// `head` is the request up to and including the empty line.
RequestRuling rule_on_request(std::string_view head);

// A server's response to a client's request, read as §4.1 tells the client to: `valid` when the
// client goes on with the connection; otherwise the rules it broke (the client must fail the
// connection, or for a status other than 101 not open one). `lenient_ok` marks a response the
// client may take although failing is the strict reading (a repeated Sec-WebSocket-Accept).
struct ResponseRuling {
  bool valid = false;
  bool lenient_ok = false;
  std::vector<RuleId> broken;
  std::string detail;  // the first problem, in words
};
ResponseRuling rule_on_response(std::string_view request_head, std::string_view response_head);

// What a server's answer to a request says about the server, read against what the model
// rules on that request: the status of a complete answer (0: none), and whether it is a valid
// 101 for this request (§4.2.2: the accept key, Upgrade, Connection, and no subprotocol or
// extension the request did not offer).
struct ServerAnswer {
  int status = 0;
  bool valid_101 = false;
  std::vector<RuleId> broken;  // what a 101 got wrong
  std::string detail;
};
ServerAnswer read_server_answer(std::string_view request_head, std::string_view response_head);

// Every value of the header field `name` (any case) in an HTTP head, joined with ", " as one
// list (RFC 2616 §4.2; RFC 6455 §9.1 for Sec-WebSocket-Extensions); nothing without the field.
std::optional<std::string> header_field(std::string_view head, std::string_view name);

// Whether a server's answer to an opening handshake refuses it: a complete HTTP response head
// whose status is not 101 (§4.2.2: "return an appropriate HTTP error code"). No answer, a
// partial one or something that is not HTTP is not a refusal. Where a case lets a server refuse
// (pmd.offer.refusal), this is what counts as one.
bool is_refusal(std::string_view server_head);

// An opening handshake that never completed, from the target's side: the requirement of §4 it
// did not meet and what the peer saw. `target_head` is what the target sent of its response
// (a server) or request (a client); `timed_out` says the peer gave up waiting for it.
struct HandshakeFailure {
  RuleId rule;
  std::string detail;
};
HandshakeFailure handshake_not_completed(bool target_is_server, std::string_view target_head, bool timed_out);

}  // namespace wsconform::model
