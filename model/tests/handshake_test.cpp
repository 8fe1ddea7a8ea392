// §4 the opening handshake as the model reads it: each requirement of §4.2.1 refuses the
// request that breaks it, and the accept key is the RFC's own example.
#include <gtest/gtest.h>

#include "model/handshake.hpp"
#include "model/sha1.hpp"

namespace wsconform::model {
namespace {

std::string request(std::string method = "GET", std::string version = "HTTP/1.1", std::string extra = "",
                    std::string key = "dGhlIHNhbXBsZSBub25jZQ==", std::string ws_version = "13", bool host = true,
                    std::string upgrade = "websocket", std::string connection = "Upgrade") {
  std::string r = method + " /chat " + version + "\r\n";
  if (host) r += "Host: server.example.com\r\n";
  r += "Upgrade: " + upgrade + "\r\nConnection: " + connection + "\r\nSec-WebSocket-Key: " + key + "\r\n";
  if (!ws_version.empty()) r += "Sec-WebSocket-Version: " + ws_version + "\r\n";
  return r + extra + "\r\n";
}

bool refused_for(const std::string& req, RuleId rule) {
  const auto r = rule_on_request(req);
  return !r.accept && std::find(r.broken.begin(), r.broken.end(), rule) != r.broken.end();
}

TEST(Handshake, handshake_accept_key_rfc_section_1_3_example) {
  EXPECT_EQ(accept_for("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  const auto r = rule_on_request(request());
  ASSERT_TRUE(r.accept);
  EXPECT_NE(r.response.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), std::string::npos);
}

TEST(Handshake, Sha1KnownAnswers) {
  const std::string abc = "abc";
  EXPECT_EQ(base64(sha1(std::span(reinterpret_cast<const std::uint8_t*>(abc.data()), abc.size()))), "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
  EXPECT_EQ(base64(sha1({})), "2jmj7l5rSw0yVb/vlWAYkK/YBwk=");
}

TEST(Handshake, handshake_method_get_post_is_refused) { EXPECT_TRUE(refused_for(request("POST"), rule::handshake_method_get)); }

TEST(Handshake, handshake_http_1_1_http_1_0_is_refused_1_1_and_2_0_accepted) {
  EXPECT_TRUE(refused_for(request("GET", "HTTP/1.0"), rule::handshake_http_1_1));
  EXPECT_TRUE(rule_on_request(request("GET", "HTTP/2.0")).accept);
}

TEST(Handshake, handshake_host_missing_is_refused) {
  EXPECT_TRUE(refused_for(request("GET", "HTTP/1.1", "", "dGhlIHNhbXBsZSBub25jZQ==", "13", false), rule::handshake_host));
}

TEST(Handshake, handshake_upgrade_websocket_case_insensitive_and_required) {
  EXPECT_TRUE(rule_on_request(request("GET", "HTTP/1.1", "", "dGhlIHNhbXBsZSBub25jZQ==", "13", true, "WebSocket")).accept);
  EXPECT_TRUE(refused_for(request("GET", "HTTP/1.1", "", "dGhlIHNhbXBsZSBub25jZQ==", "13", true, "h2c"), rule::handshake_upgrade_websocket));
}

TEST(Handshake, handshake_connection_upgrade_token_list) {
  EXPECT_TRUE(rule_on_request(request("GET", "HTTP/1.1", "", "dGhlIHNhbXBsZSBub25jZQ==", "13", true, "websocket", "keep-alive, upgrade")).accept);
  EXPECT_TRUE(refused_for(request("GET", "HTTP/1.1", "", "dGhlIHNhbXBsZSBub25jZQ==", "13", true, "websocket", "close"),
                          rule::handshake_connection_upgrade));
}

TEST(Handshake, handshake_key_16_octets_other_lengths_and_bad_base64_refused) {
  EXPECT_TRUE(refused_for(request("GET", "HTTP/1.1", "", "c2hvcnQ="), rule::handshake_key_16_octets));            // 5 octets
  EXPECT_TRUE(refused_for(request("GET", "HTTP/1.1", "", "dGhlIHNhbXBsZSBub25jZQ"), rule::handshake_key_16_octets));  // unpadded
  EXPECT_TRUE(refused_for(request("GET", "HTTP/1.1", "", "dGhlIHNhbXBsZSBub25j!Q=="), rule::handshake_key_16_octets));
}

TEST(Handshake, handshake_version_13_other_version_gets_426_missing_gets_400) {
  const auto v8 = rule_on_request(request("GET", "HTTP/1.1", "", "dGhlIHNhbXBsZSBub25jZQ==", "8"));
  EXPECT_FALSE(v8.accept);
  EXPECT_EQ(v8.status, 426);
  EXPECT_NE(v8.response.find("Sec-WebSocket-Version: 13"), std::string::npos);
  const auto none = rule_on_request(request("GET", "HTTP/1.1", "", "dGhlIHNhbXBsZSBub25jZQ==", ""));
  EXPECT_EQ(none.status, 400);
  EXPECT_TRUE(refused_for(request("GET", "HTTP/1.1", "", "dGhlIHNhbXBsZSBub25jZQ==", ""), rule::handshake_version_13));
}

// A case whose connection never opened is charged to the §4 requirement of the target's role.
TEST(Handshake, handshake_server_replies_silence_and_refusal_are_charged_to_the_server) {
  const auto silent = handshake_not_completed(true, "", true);
  EXPECT_EQ(silent.rule, rule::handshake_server_replies);
  EXPECT_NE(silent.detail.find("timeout"), std::string::npos);
  const auto refused = handshake_not_completed(true, "HTTP/1.1 403 Forbidden\r\nServer: x\r\n\r\n", false);
  EXPECT_EQ(refused.rule, rule::handshake_server_replies);
  EXPECT_NE(refused.detail.find("HTTP/1.1 403 Forbidden"), std::string::npos);
  EXPECT_EQ(refused.detail.find("Server: x"), std::string::npos);
}

TEST(Handshake, handshake_client_sends_request_silence_is_charged_to_the_client) {
  const auto silent = handshake_not_completed(false, "", true);
  EXPECT_EQ(silent.rule, rule::handshake_client_sends_request);
  const auto partial = handshake_not_completed(false, "GET / HTTP/1.1\r\nHost: a", true);
  EXPECT_EQ(partial.rule, rule::handshake_client_sends_request);
  EXPECT_NE(partial.detail.find("timeout"), std::string::npos);
}

}  // namespace
}  // namespace wsconform::model
