// impl/ opening handshake (§4): the server's checks and answers, the client's request and
// its checks of the response, both fed whole and one octet at a time.
#include <gtest/gtest.h>

#include "impl/base64.hpp"
#include "wire.hpp"

namespace wsconform::impl {
namespace {

using namespace testing;

std::string request(std::string_view extra = {}, std::string_view method = "GET", std::string_view version = "13",
                    std::string_view key = "dGhlIHNhbXBsZSBub25jZQ==") {
  std::string r = std::string(method) + " /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n"
                  "Connection: Upgrade\r\nSec-WebSocket-Key: " + std::string(key) + "\r\n";
  if (!version.empty()) r += "Sec-WebSocket-Version: " + std::string(version) + "\r\n";
  r += extra;
  r += "\r\n";
  return r;
}

struct server_run {
  std::string response;
  std::vector<std::string> events;
  bool close_tcp;
};

server_run serve(const std::string& req, std::size_t chunk = 0, server_options opts = {}) {
  config c;
  c.side = role::server;
  c.server = std::move(opts);
  const run_result r = run(c, bytes(req.begin(), req.end()), chunk);
  const std::string out(r.output.begin(), r.output.end());
  return {out, r.events, r.close_tcp};
}

TEST(ServerHandshake, AnswersTheRfcExampleWith101AndItsAcceptKey) {
  for (std::size_t chunk : {std::size_t{0}, std::size_t{1}}) {
    const server_run r = serve(request(), chunk);
    EXPECT_EQ(r.response.substr(0, 34), "HTTP/1.1 101 Switching Protocols\r\n");
    EXPECT_NE(r.response.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), std::string::npos);
    EXPECT_EQ(r.events, std::vector<std::string>{"open"});
    EXPECT_FALSE(r.close_tcp);
  }
}

TEST(ServerHandshake, ReadsUpgradeAndConnectionCaseInsensitivelyAsTokenLists) {
  std::string req = request();
  req.replace(req.find("Upgrade: websocket"), 18, "upgrade: WebSocket");
  req.replace(req.find("Connection: Upgrade"), 19, "connection: keep-alive, UPGRADE");
  EXPECT_EQ(serve(req).events, std::vector<std::string>{"open"});
}

TEST(ServerHandshake, RefusesNonGetWith405) {
  const server_run r = serve(request({}, "POST"));
  EXPECT_EQ(r.response.substr(0, 12), "HTTP/1.1 405");
  EXPECT_EQ(r.events.front(), "failed bad_method 0");
  EXPECT_TRUE(r.close_tcp);
}

TEST(ServerHandshake, RefusesOtherVersionsWith426NamingVersion13) {
  const server_run r = serve(request({}, "GET", "8"));
  EXPECT_EQ(r.response.substr(0, 12), "HTTP/1.1 426");
  EXPECT_NE(r.response.find("Sec-WebSocket-Version: 13\r\n"), std::string::npos);
}

TEST(ServerHandshake, RefusesMissingPiecesWith400) {
  std::string no_host = request();
  no_host.erase(no_host.find("Host:"), no_host.find("\r\n", no_host.find("Host:")) + 2 - no_host.find("Host:"));
  EXPECT_EQ(serve(no_host).events.front(), "failed no_host 0");
  std::string no_upgrade = request();
  no_upgrade.replace(no_upgrade.find("websocket"), 9, "h2c");
  EXPECT_EQ(serve(no_upgrade).events.front(), "failed no_upgrade 0");
  std::string no_conn = request();
  no_conn.replace(no_conn.find("Connection: Upgrade"), 19, "Connection: close");
  EXPECT_EQ(serve(no_conn).events.front(), "failed no_connection_upgrade 0");
  EXPECT_EQ(serve(request({}, "GET", "")).events.front(), "failed no_version 0");
  EXPECT_EQ(serve(request({}, "GET", "13", "c2hvcnQ=")).events.front(), "failed bad_key 0");      // "short"
  EXPECT_EQ(serve(request({}, "GET", "13", "not base64!!")).events.front(), "failed bad_key 0");
  for (const auto& req : {no_host, no_upgrade, no_conn}) EXPECT_EQ(serve(req).response.substr(0, 12), "HTTP/1.1 400");
}

TEST(ServerHandshake, RefusesHttp10AndMalformedHeads) {
  std::string old = request();
  old.replace(old.find("HTTP/1.1"), 8, "HTTP/1.0");
  EXPECT_EQ(serve(old).events.front(), "failed bad_http_version 0");
  EXPECT_EQ(serve("GET /\r\n\r\n").events.front(), "failed bad_http 0");
  EXPECT_EQ(serve(request("X-Folded: a\r\n b\r\n")).events.front(), "failed bad_http 0");
  EXPECT_EQ(serve(request("Bad Name: x\r\n")).events.front(), "failed bad_http 0");
}

TEST(ServerHandshake, EnforcesHeadSizeAndHeaderCountLimits) {
  std::string many;
  for (int i = 0; i < 70; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(serve(request(many)).events.front(), "failed too_many_headers 0");
  const std::string huge = "GET / HTTP/1.1\r\nX-Big: " + std::string(20000, 'a');
  EXPECT_EQ(serve(huge).events.front(), "failed handshake_too_big 0");
}

TEST(ServerHandshake, PicksTheFirstOfItsSubprotocolsTheClientOffered) {
  server_options o;
  o.subprotocols = {"v2.chat", "chat"};
  const server_run r = serve(request("Sec-WebSocket-Protocol: chat, v2.chat\r\n"), 0, o);
  EXPECT_NE(r.response.find("Sec-WebSocket-Protocol: v2.chat\r\n"), std::string::npos);
  const server_run none = serve(request("Sec-WebSocket-Protocol: other\r\n"), 0, o);
  EXPECT_EQ(none.response.find("Sec-WebSocket-Protocol"), std::string::npos);
}

TEST(ServerHandshake, NeverAnswersWithAnUnofferedExtension) {
  server_options o;
  o.negotiate_extensions = [](std::string_view) { return std::string("permessage-deflate"); };
  EXPECT_EQ(serve(request(), 0, o).response.find("Sec-WebSocket-Extensions"), std::string::npos);
  EXPECT_NE(serve(request("Sec-WebSocket-Extensions: permessage-deflate\r\n"), 0, o).response.find("Sec-WebSocket-Extensions: permessage-deflate"),
            std::string::npos);
}

TEST(ServerHandshake, FramesPipelinedAfterTheRequestAreRead) {
  std::string req = request();
  const bytes f = frame(role::server, 1, b("early"));
  req.append(f.begin(), f.end());
  EXPECT_EQ(serve(req).events, (std::vector<std::string>{"open", "message text early"}));
  EXPECT_EQ(serve(req, 1).events, (std::vector<std::string>{"open", "message text early"}));
}

// ---- client

config client_config() {
  config c;
  c.side = role::client;
  c.random = counter_random();
  c.client.host = "server.example.com";
  c.client.target = "/chat";
  c.client.subprotocols = {"chat"};
  return c;
}

std::string key_of(const std::string& request) {
  const auto at = request.find("Sec-WebSocket-Key: ") + 19;
  return request.substr(at, request.find("\r\n", at) - at);
}

std::string response_for(const std::string& key, std::string_view extra = {}) {
  return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
         accept_key_for(key) + "\r\n" + std::string(extra) + "\r\n";
}

TEST(ClientHandshake, SendsAGetWithA16OctetNonce) {
  connection c(client_config());
  const bytes out = c.take_output();
  const std::string req(out.begin(), out.end());
  EXPECT_EQ(req.substr(0, 20), "GET /chat HTTP/1.1\r\n");
  EXPECT_NE(req.find("Host: server.example.com\r\n"), std::string::npos);
  EXPECT_NE(req.find("Sec-WebSocket-Version: 13\r\n"), std::string::npos);
  EXPECT_NE(req.find("Sec-WebSocket-Protocol: chat\r\n"), std::string::npos);
  const auto nonce = base64_decode(key_of(req));
  ASSERT_TRUE(nonce);
  EXPECT_EQ(nonce->size(), 16u);
}

struct client_run {
  std::vector<std::string> events;
  bool close_tcp;
};

client_run answer_client(const std::function<std::string(const std::string& key)>& respond, std::size_t chunk = 0) {
  connection c(client_config());
  const bytes out = c.take_output();
  const std::string resp = respond(key_of(std::string(out.begin(), out.end())));
  client_run r{{}, false};
  if (chunk == 0) chunk = resp.size();
  for (std::size_t at = 0; at < resp.size(); at += chunk) {
    c.receive_data(bytes(resp.begin() + static_cast<std::ptrdiff_t>(at),
                         resp.begin() + static_cast<std::ptrdiff_t>(std::min(resp.size(), at + chunk))));
    for (const auto& e : c.events()) r.events.push_back(describe_event(e));
  }
  r.close_tcp = c.should_close_tcp();
  return r;
}

TEST(ClientHandshake, OpensOnAValidResponseWholeOrOctetByOctet) {
  for (std::size_t chunk : {std::size_t{0}, std::size_t{1}})
    EXPECT_EQ(answer_client([](const std::string& k) { return response_for(k, "Sec-WebSocket-Protocol: chat\r\n"); }, chunk).events,
              std::vector<std::string>{"open chat"});
}

TEST(ClientHandshake, FailsOnAWrongAcceptKey) {
  const client_run r = answer_client([](const std::string&) { return response_for("dGhlIHNhbXBsZSBub25jZQ=="); });
  EXPECT_EQ(r.events.front(), "failed bad_accept 0");
  EXPECT_TRUE(r.close_tcp);
}

TEST(ClientHandshake, FailsOnAStatusOtherThan101) {
  EXPECT_EQ(answer_client([](const std::string&) { return std::string("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"); }).events.front(),
            "failed bad_status 0");
}

TEST(ClientHandshake, FailsOnUnrequestedExtensionOrSubprotocol) {
  EXPECT_EQ(answer_client([](const std::string& k) { return response_for(k, "Sec-WebSocket-Extensions: permessage-deflate\r\n"); })
                .events.front(),
            "failed bad_extension 0");
  EXPECT_EQ(answer_client([](const std::string& k) { return response_for(k, "Sec-WebSocket-Protocol: other\r\n"); }).events.front(),
            "failed bad_subprotocol 0");
}

TEST(ClientHandshake, RefusesToStartWithoutARandomSource) {
  config c = client_config();
  c.random = nullptr;
  connection conn(c);
  EXPECT_EQ(conn.failure(), error::no_random);
  EXPECT_TRUE(conn.should_close_tcp());
}

}  // namespace
}  // namespace wsconform::impl
