// The opening handshake, the tester as client (Autobahn's request) or as server (§4.2.1's
// checks and §4.2.2's answer).
#include <algorithm>
#include <array>
#include <cctype>

#include "model/handshake.hpp"
#include "model/sha1.hpp"
#include "runner/tester_session.hpp"

namespace wsconform::runner::detail {


// The tester as client reads the server's answer to its offer as Autobahn's client does: any
// well-formed permessage-deflate response is taken as it stands (whether it honours the offer
// is the model's judgement); a second element, another extension or a bad parameter fails the
// handshake. Returns false when it must fail.
bool Tester::take_deflate_response(const std::string& response) {
  if (!case_.deflate) return true;
  const std::string value = model::header_field(response, "Sec-WebSocket-Extensions").value_or("");
  if (value.empty()) return true;  // declined: the case reports UNIMPLEMENTED
  const model::ExtensionList list = model::parse_extensions(value);
  if (list.error || list.elements.size() != 1 || list.elements[0].name != model::kPermessageDeflate) return false;
  model::PmdOffer anything;
  anything.client_max_window_bits = true;
  const model::ResponseReading reading = model::read_response(list.elements[0], anything);
  if (!reading.agreement) return false;
  pmd_ = reading.agreement;
  return true;
}

// The tester as server answers the client's offers with the case's acceptors, as Autobahn's
// fuzzing server does: each acceptor in turn over every offer, the first match wins. An offer
// RFC 7692 §7 says to decline is declined (Autobahn answers 400 instead).
std::string Tester::deflate_answer(const std::string& request) {
  if (!case_.deflate) return {};
  const model::OfferList offers = model::read_offer_header(model::header_field(request, "Sec-WebSocket-Extensions").value_or(""));
  if (offers.error) return {};
  client_offered_pmd_ = !offers.offers.empty();
  for (const auto& acceptor : case_.deflate->acceptors)
    if (acceptor.answer && client_offered_pmd_) return verbatim_answer(*acceptor.answer, offers);
  for (const auto& acceptor : case_.deflate->acceptors)
    for (const auto& reading : offers.offers) {
      if (!reading.offer) continue;
      if (acceptor.client_max_window_bits && !reading.offer->client_max_window_bits) continue;
      model::PmdServerPolicy policy;
      policy.client_no_context_takeover = acceptor.client_no_context_takeover;
      policy.client_max_window_bits = acceptor.client_max_window_bits;
      auto element = model::accept_offer(*reading.offer, policy);
      if (!element) continue;
      if (acceptor.send_as_is && acceptor.client_max_window_bits)  // the value itself, not the offer's bound on it
        for (auto& p : element->params)
          if (p.name == "client_max_window_bits") p.value = std::to_string(*acceptor.client_max_window_bits);
      pmd_ = model::read_response(*element, *reading.offer).agreement;
      // The z3 edges answer a window outside 8..15 on purpose: no agreement, and the client must fail.
      if (!pmd_ && !acceptor.send_as_is) continue;
      return "Sec-WebSocket-Extensions: " + model::to_header(*element) + "\r\n";
    }
  return {};
}

// The pmd.negotiate.* answers go out as written. The tester compresses only when the answer is
// a valid agreement on one of the client's offers (as the client must read it, §7); otherwise
// the client must fail the connection, and the tester sends its one message uncompressed.
std::string Tester::verbatim_answer(const std::string& answer, const model::OfferList& offers) {
  std::vector<model::PmdOffer> valid;
  for (const auto& o : offers.offers)
    if (o.offer) valid.push_back(*o.offer);
  pmd_ = valid.empty() ? std::nullopt : model::read_response_header(answer, valid).agreement;
  return "Sec-WebSocket-Extensions: " + answer + "\r\n";
}

void Tester::open_handshake() {
  if (opt_.as_server) {  // the client speaks first; its request is read as it arrives
    arm_open_handshake_timeout();
    return;
  }
  std::array<std::uint8_t, 16> nonce{};
  for (auto& b : nonce) b = static_cast<std::uint8_t>(rng_());
  key_ = model::base64(nonce);
  if (case_.handshake) {  // hs.request.*: the case's request instead of Autobahn's
    run_.http_request = probe_head({});
    write_probe(run_.http_request);
    // Twice Autobahn's timeout: the wait only tells "closed without answering" from "never
    // answered", and must not race the few-second idle timeouts servers close quiet
    // connections with (libwebsockets closes at 5 s, the default timeout itself).
    if (state_ == State::connecting && !done_)
      give_up_after(2 * opt_.open_handshake_timeout, &CaseRun::was_open_handshake_timeout,
                    "peer did not finish (in time) the opening handshake", /*while_connecting=*/true);
    return;
  }
  run_.http_request = "GET " + opt_.path + " HTTP/1.1\r\nUser-Agent: " + opt_.user_agent + "\r\nHost: " + opt_.host +
                      "\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\nPragma: no-cache\r\nCache-Control: no-cache\r\n"
                      "Sec-WebSocket-Key: " + key_ + "\r\nSec-WebSocket-Version: 13\r\n" +
                      (case_.deflate ? "Sec-WebSocket-Extensions: " + case_.deflate->offer + "\r\n" : "") + "\r\n";
  write_handshake(run_.http_request);
  arm_open_handshake_timeout();
}

std::string Tester::probe_head(const std::string& accept) const {
  std::string head = case_.handshake->head;
  std::string lower_accept = accept;
  std::transform(lower_accept.begin(), lower_accept.end(), lower_accept.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::string with_query = opt_.path + (opt_.path.find('?') == std::string::npos ? "?" : "&") + "wsconform=1&q=a%20b";
  const std::pair<std::string_view, std::string> fills[] = {{"{key}", key_},         {"{host}", opt_.host},
                                                            {"{path_with_query}", with_query}, {"{path}", opt_.path},
                                                            {"{accept_lower}", lower_accept},  {"{accept}", accept}};
  for (const auto& [placeholder, value] : fills)
    for (auto at = head.find(placeholder); at != std::string::npos; at = head.find(placeholder, at + value.size()))
      head.replace(at, placeholder.size(), value);
  return head;
}

void Tester::write_probe(const std::string& head) {
  const auto& probe = *case_.handshake;
  std::string all = head;
  all.append(probe.after_head.begin(), probe.after_head.end());
  const std::size_t chop = probe.chop == 0 ? all.size() : probe.chop;
  for (std::size_t at = 0; at < all.size() && !done_; at += chop) write_handshake(all.substr(at, chop));
}

void Tester::write_handshake(const std::string& head) {
  handshake_phase_ = true;
  const Bytes octets(head.begin(), head.end());
  log(octets_row(WireEntry::Kind::tx_octets, octets, false));
  ++run_.tx_octet_stats[octets.size()];
  deliver(octets);
  handshake_phase_ = false;
}

void Tester::arm_open_handshake_timeout() {
  if (state_ == State::connecting && !done_)
    give_up_after(opt_.open_handshake_timeout, &CaseRun::was_open_handshake_timeout,
               "peer did not finish (in time) the opening handshake", /*while_connecting=*/true);
}

void Tester::handshake_read(const Bytes& chunk) {
  http_buf_.append(chunk.begin(), chunk.end());
  if (answering_) return;  // octets that came while the answer went out: read once it is out
  // A head is read up to 64 KiB, however it arrives (one read may bring much more): past that
  // the peer is cut off, so what the tester keeps of a head stays bounded.
  constexpr std::size_t kMaxHead = 65536;
  const auto end = http_buf_.find("\r\n\r\n");
  if (end == std::string::npos || end > kMaxHead) {
    if (http_buf_.size() > kMaxHead) {
      http_buf_.resize(kMaxHead);
      drop_connection();
    }
    return;
  }
  if (opt_.as_server) return answer_request(end);
  run_.http_response = http_buf_.substr(0, end + 4);
  const std::string rest = http_buf_.substr(end + 4);
  const std::string lc = lower(run_.http_response);
  const bool status_101 = lc.rfind("http/1.1 101", 0) == 0;
  const bool upgrade = lc.find("\r\nupgrade:") != std::string::npos && lc.find("websocket") != std::string::npos;
  const bool accept = run_.http_response.find(model::accept_for(key_)) != std::string::npos;
  if (!status_101 || !upgrade || !accept || !take_deflate_response(run_.http_response)) {
    drop_connection();
    return;
  }
  opened(rest);
}

void Tester::answer_request(std::size_t end) {
  run_.http_request = http_buf_.substr(0, end + 4);
  if (case_.handshake) {  // hs.response.*: the case's response, whatever the request; the client shows what it takes
    const auto key = model::header_field(run_.http_request, "Sec-WebSocket-Key");
    run_.http_response = probe_head(model::accept_for(key.value_or("")));
    answering_ = true;
    write_probe(run_.http_response);
    answering_ = false;
    // Unterminated too: whatever the client sends from here on is read as frames (it must send none).
    opened(http_buf_.substr(end + 4));
    return;
  }
  model::RequestRuling ruling = model::rule_on_request(run_.http_request);
  std::string response = ruling.response;
  if (!opt_.server_name.empty()) response.insert(response.find("\r\n") + 2, "Server: " + opt_.server_name + "\r\n");
  if (ruling.accept) response.insert(response.size() - 2, deflate_answer(run_.http_request));
  run_.http_response = response;
  answering_ = true;
  write_handshake(response);
  answering_ = false;
  if (!ruling.accept) {
    drop_connection();
    return;
  }
  opened(http_buf_.substr(end + 4));
}

void Tester::opened(const std::string& rest) {
  state_ = State::open;
  run_.connection_was_open = true;
  if (pmd_) deflate_ = std::make_unique<TesterDeflate>(*pmd_, opt_.as_server, opt_.deflate_level);
  const bool answers_verbatim =
      case_.deflate && std::any_of(case_.deflate->acceptors.begin(), case_.deflate->acceptors.end(), [](const auto& a) { return a.answer.has_value(); });
  const bool no_offer_to_answer = opt_.as_server && answers_verbatim && !client_offered_pmd_;
  if (case_.deflate && ((case_.deflate->required && !pmd_) || no_offer_to_answer)) {
    run_.case_start = now_;
    run_.check = CaseRun::Check::not_run;
    run_.result = no_offer_to_answer ? "The client offered no permessage-deflate; the case answers an offer."
                                     : "permessage-deflate was not agreed, and the case needs it.";
    send_close_frame(1000, std::nullopt, false);
    if (!rest.empty()) on_read(Bytes(rest.begin(), rest.end()));
    return;
  }
  run_.case_start = now_;
  run_actions(case_.script);
  on_open_grading();
  if (!rest.empty()) on_read(Bytes(rest.begin(), rest.end()));
}

}  // namespace wsconform::runner::detail
