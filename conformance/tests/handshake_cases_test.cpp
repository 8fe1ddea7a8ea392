// hs.*: impl/ passes every opening-handshake case in its role, and each case catches a
// deliberately broken endpoint - impl/ behind a wrapper that rewrites the head on its way in
// or out, or never answers:
//   servers: one that takes any request (answers every request as if it were the canonical
//   one), one that refuses anything unusual, one that never answers, one that completes an
//   unfinished request, one that names a subprotocol nobody offered, one that loses the frame
//   behind the request;
//   clients: one that takes any response (as if it were the canonical 101), one that fails on
//   anything unusual.
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "cases/catalogue.hpp"
#include "cases/select.hpp"
#include "conformance/run.hpp"
#include "model/handshake.hpp"
#include "model/sha1.hpp"
#include "target/impl_target.hpp"

namespace wsconform::conformance {
namespace {

using cases::Behavior;

using Bytes = std::vector<std::uint8_t>;
using HeadEdit = std::function<std::string(const std::string& head)>;

std::string same(const std::string& head) { return head; }

// impl/ whose incoming head (the request a server reads, the response a client reads) and
// outgoing head pass through edits; `silent` swallows everything and never answers; `drop_rest`
// loses what came behind the incoming head in the same write.
class HeadEditingImpl final : public target::Target {
 public:
  HeadEditingImpl(impl::role side, HeadEdit inbound, HeadEdit outbound = same, bool silent = false, bool drop_rest = false)
      : impl_(side), in_(std::move(inbound)), out_(std::move(outbound)), silent_(silent), drop_rest_(drop_rest) {}
  std::string agent() const override { return "broken-impl"; }
  void receive(std::span<const std::uint8_t> octets) override {
    if (silent_) return;
    if (in_done_) return impl_.receive(octets);
    in_head_.append(octets.begin(), octets.end());
    const auto end = in_head_.find("\r\n\r\n");
    if (end == std::string::npos && !complete_unfinished_) return;
    const std::string head = end == std::string::npos ? in_head_ : in_head_.substr(0, end + 4);
    const std::string rest = end == std::string::npos || drop_rest_ ? std::string() : in_head_.substr(end + 4);
    in_done_ = true;
    const std::string edited = in_(head) + rest;
    impl_.receive(Bytes(edited.begin(), edited.end()));
  }
  void receive_eof() override { impl_.receive_eof(); }
  Bytes take_output() override {
    Bytes out = impl_.take_output();
    if (greet_ && in_done_ && !greeted_) {  // the application says something as soon as it thinks it is open
      greeted_ = true;
      const Bytes hello = {0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58};  // "Hello", masked (§5.7)
      out.insert(out.end(), hello.begin(), hello.end());
    }
    if (out_done_ || out.empty()) return out;
    std::string text(out.begin(), out.end());
    const auto end = text.find("\r\n\r\n");
    if (end == std::string::npos) return out;
    out_done_ = true;
    if (key_.empty()) key_ = model::header_field(text.substr(0, end + 4), "Sec-WebSocket-Key").value_or("");
    text = out_(text.substr(0, end + 4)) + text.substr(end + 4);
    return Bytes(text.begin(), text.end());
  }
  bool closed_tcp() const override { return impl_.closed_tcp(); }
  void time_passed(double now) override { impl_.time_passed(now); }
  bool reports_deliveries() const override { return true; }
  std::vector<target::Delivery> take_deliveries() override { return impl_.take_deliveries(); }

  void complete_unfinished() { complete_unfinished_ = true; }
  void greet_once_open() { greet_ = true; }
  const std::string& own_key() const { return key_; }  // the key impl (a client) sent

 private:
  target::ImplTarget impl_;
  HeadEdit in_, out_;
  bool silent_, drop_rest_;
  bool complete_unfinished_ = false, in_done_ = false, out_done_ = false, greet_ = false, greeted_ = false;
  std::string in_head_, key_;
};

const std::string kValidKey = "dGhlIHNhbXBsZSBub25jZQ==";

// A request as the canonical one, keeping the request's key when it has a usable one.
std::string any_request_taken(const std::string& request) {
  std::string key = model::header_field(request, "Sec-WebSocket-Key").value_or(kValidKey);
  if (key.size() != 24 || key.find(',') != std::string::npos) key = kValidKey;
  return "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key +
         "\r\nSec-WebSocket-Version: 13\r\n\r\n";
}
std::string unusual_request_refused(const std::string& request) {
  std::string r = any_request_taken(request);
  return r.replace(r.find("Version: 13"), 11, "Version: 99");
}
std::string completed(const std::string& head) { return head.find("\r\n\r\n") == std::string::npos ? head + "\r\n" : head; }
std::string with_unoffered_subprotocol(const std::string& response) {
  std::string r = response;
  return r.insert(r.size() - 2, "Sec-WebSocket-Protocol: x-nobody-offered\r\n");
}

// Whatever came, the canonical 101 for the key the wrapped client sent (`self` set once made).
HeadEdit canonical_101_for(HeadEditingImpl*& self) {
  return [&self](const std::string&) {
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
           model::accept_for(self->own_key()) + "\r\n\r\n";
  };
}

struct Outcome {
  cases::Behavior autobahn, model;
};

Outcome run(const cases::Case& c, target::Target& t) {
  runner::TesterOptions tester;
  tester.as_server = !c.handshake->target_is_server;
  const CaseResult r = run_judged_case(c, 1, t, tester);
  return {r.autobahn.behavior, r.model.behavior};
}

std::vector<const cases::Case*> hs_cases(bool servers) {
  return cases::for_target(cases::select(cases::catalogue(), {servers ? "hs.request.*" : "hs.response.*"}, {}), servers);
}

// What each broken endpoint of a role gets on a case (the broken endpoints are made per case).
std::map<std::string, Outcome> broken_servers(const cases::Case& c) {
  std::map<std::string, Outcome> got;
  HeadEditingImpl takes_any(impl::role::server, any_request_taken);
  got["takes any request"] = run(c, takes_any);
  HeadEditingImpl refuses_unusual(impl::role::server, unusual_request_refused);
  got["refuses anything unusual"] = run(c, refuses_unusual);
  HeadEditingImpl silent(impl::role::server, same, same, /*silent=*/true);
  got["never answers"] = run(c, silent);
  HeadEditingImpl completes(impl::role::server, completed);
  completes.complete_unfinished();
  got["completes an unfinished request"] = run(c, completes);
  HeadEditingImpl subprotocol(impl::role::server, same, with_unoffered_subprotocol);
  got["names an unoffered subprotocol"] = run(c, subprotocol);
  HeadEditingImpl loses(impl::role::server, same, same, false, /*drop_rest=*/true);
  got["loses the frame behind the request"] = run(c, loses);
  return got;
}

std::map<std::string, Outcome> broken_clients(const cases::Case& c) {
  std::map<std::string, Outcome> got;
  {
    HeadEditingImpl* self = nullptr;
    HeadEditingImpl takes_any(impl::role::client, canonical_101_for(self));
    self = &takes_any;
    takes_any.complete_unfinished();
    got["takes any response"] = run(c, takes_any);
  }
  {
    HeadEditingImpl* self = nullptr;
    HeadEditingImpl opens_early(impl::role::client, canonical_101_for(self));
    self = &opens_early;
    opens_early.complete_unfinished();
    opens_early.greet_once_open();
    got["opens on an unfinished response and talks"] = run(c, opens_early);
  }
  HeadEditingImpl fails_unusual(impl::role::client, [](const std::string&) {
    return std::string("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: wrong\r\n\r\n");
  });
  got["fails on anything unusual"] = run(c, fails_unusual);
  return got;
}

// The verdict a case must give a broken endpoint to have caught it: FAILED, except where the
// RFC leaves room and the case can only say NON-STRICT (a refusal the case allows as such, two
// right Sec-WebSocket-Accept values taken: handshake.accept-once).
bool latitude_of(const cases::Case& c) { return (c.refusal && c.refusal->non_strict) || c.id == "hs.response.accept-repeated"; }
bool caught(const Outcome& o, bool latitude) {
  return o.model == Behavior::failed || o.autobahn == Behavior::failed || (latitude && o.model == Behavior::non_strict);
}

TEST(HandshakeCases, impl_passes_every_hs_case_in_its_role_and_the_model_agrees) {
  for (const bool servers : {true, false}) {
    for (const auto* c : hs_cases(servers)) {
      target::ImplTarget impl(servers ? impl::role::server : impl::role::client);
      const Outcome o = run(*c, impl);
      const auto want = c->handshake->unterminated ? Behavior::informational : Behavior::ok;  // impl has no clock of its own in process
      EXPECT_EQ(o.model, want) << c->id;
      EXPECT_EQ(o.autobahn, want) << c->id;
    }
  }
  EXPECT_EQ(hs_cases(true).size(), 31u);
  EXPECT_EQ(hs_cases(false).size(), 18u);
}

// Every case of a role gives at least one of the role's broken endpoints the verdict that catches it.
void expect_every_case_catches_a_broken_endpoint(bool servers) {
  for (const auto* c : hs_cases(servers)) {
    const auto got = servers ? broken_servers(*c) : broken_clients(*c);
    std::string seen;
    bool any = false;
    for (const auto& [who, o] : got) {
      seen += who + ": " + std::string(to_string(o.model)) + "; ";
      any = any || caught(o, latitude_of(*c));
    }
    EXPECT_TRUE(any) << c->id << " caught no broken " << (servers ? "server" : "client") << ": " << seen;
  }
}

TEST(HandshakeCases, every_server_case_catches_a_broken_server) { expect_every_case_catches_a_broken_endpoint(true); }
TEST(HandshakeCases, every_client_case_catches_a_broken_client) { expect_every_case_catches_a_broken_endpoint(false); }

const cases::Case& hs(const std::string& id) { return *cases::select(cases::catalogue(), {id}, {}).front(); }

// The three examples, by name.
TEST(HandshakeCases, handshake_version_13_server_taking_any_version_fails_version_14_but_may_speak_8) {
  HeadEditingImpl takes_any(impl::role::server, any_request_taken);
  EXPECT_EQ(run(hs("hs.request.version-14"), takes_any).model, Behavior::failed);
  HeadEditingImpl takes_any_8(impl::role::server, any_request_taken);
  EXPECT_EQ(run(hs("hs.request.version-8"), takes_any_8).model, Behavior::ok);  // §4.4: handshake.other-versions
}

TEST(HandshakeCases, handshake_subprotocol_offered_server_naming_an_unoffered_one_fails) {
  HeadEditingImpl subprotocol(impl::role::server, same, with_unoffered_subprotocol);
  EXPECT_EQ(run(hs("hs.request.subprotocols"), subprotocol).model, Behavior::failed);
}

TEST(HandshakeCases, handshake_accept_key_client_ignoring_a_wrong_accept_fails) {
  HeadEditingImpl* self = nullptr;
  HeadEditingImpl takes_any(impl::role::client, canonical_101_for(self));
  self = &takes_any;
  EXPECT_EQ(run(hs("hs.response.accept-wrong"), takes_any).model, Behavior::failed);
}

}  // namespace
}  // namespace wsconform::conformance
