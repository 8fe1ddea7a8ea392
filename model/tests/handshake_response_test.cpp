// §4.1 the client's reading of a server's response (rule_on_response), the server's side of it
// (read_server_answer), and the §4 rules that give a server room (other versions, refusals).
#include <gtest/gtest.h>

#include "model/handshake.hpp"
#include "model/sha1.hpp"

namespace wsconform::model {
namespace {

const std::string kKey = "dGhlIHNhbXBsZSBub25jZQ==";  // RFC 6455 §1.3's example
const std::string kRequest = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Key: " + kKey + "\r\nSec-WebSocket-Version: 13\r\n";

std::string request(const std::string& extra = "") { return kRequest + extra + "\r\n"; }
std::string response(const std::string& status = "101 Switching Protocols", const std::string& fields = "Upgrade: websocket\r\nConnection: Upgrade\r\n",
                     const std::string& extra = "") {
  return "HTTP/1.1 " + status + "\r\n" + fields + "Sec-WebSocket-Accept: " + accept_for(kKey) + "\r\n" + extra + "\r\n";
}
bool broke(const ResponseRuling& r, RuleId rule) { return std::find(r.broken.begin(), r.broken.end(), rule) != r.broken.end(); }

TEST(HandshakeResponse, the_rfc_example_response_is_valid) {
  const auto r = rule_on_response(request(), response());
  EXPECT_TRUE(r.valid) << r.detail;
  EXPECT_EQ(accept_for(kKey), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(HandshakeResponse, handshake_response_101_other_statuses_open_nothing) {
  for (const std::string status : {"200 OK", "302 Found", "403 Forbidden", "426 Upgrade Required"})
    EXPECT_TRUE(broke(rule_on_response(request(), response(status)), rule::handshake_response_101)) << status;
}

TEST(HandshakeResponse, handshake_response_upgrade_missing_or_other_fails_case_does_not) {
  EXPECT_TRUE(broke(rule_on_response(request(), response("101 Switching Protocols", "Connection: Upgrade\r\n")), rule::handshake_response_upgrade));
  EXPECT_TRUE(broke(rule_on_response(request(), response("101 Switching Protocols", "Upgrade: h2c\r\nConnection: Upgrade\r\n")),
                    rule::handshake_response_upgrade));
  EXPECT_TRUE(rule_on_response(request(), response("101 Switching Protocols", "UPGRADE: WebSocket\r\nConnection: Upgrade\r\n")).valid);
}

TEST(HandshakeResponse, handshake_response_connection_token_anywhere_in_the_list) {
  EXPECT_TRUE(broke(rule_on_response(request(), response("101 Switching Protocols", "Upgrade: websocket\r\n")), rule::handshake_response_connection));
  EXPECT_TRUE(broke(rule_on_response(request(), response("101 Switching Protocols", "Upgrade: websocket\r\nConnection: keep-alive\r\n")),
                    rule::handshake_response_connection));
  EXPECT_TRUE(rule_on_response(request(), response("101 Switching Protocols", "Upgrade: websocket\r\nConnection: keep-alive, upgrade\r\n")).valid);
  EXPECT_TRUE(rule_on_response(request(), response("101 Switching Protocols", "Upgrade: websocket\r\nConnection: \t Upgrade \t\r\n")).valid);
}

TEST(HandshakeResponse, handshake_accept_key_wrong_missing_or_in_lower_case_fails) {
  std::string wrong = response();
  wrong.replace(wrong.find(accept_for(kKey)), accept_for(kKey).size(), accept_for("AQIDBAUGBwgJCgsMDQ4PEA=="));
  EXPECT_TRUE(broke(rule_on_response(request(), wrong), rule::handshake_accept_key));
  std::string lower = response();
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(broke(rule_on_response(request(), lower), rule::handshake_accept_key));
}

TEST(HandshakeResponse, handshake_accept_once_two_right_values_are_lenient_two_different_are_wrong) {
  const auto twice = rule_on_response(request(), response("101 Switching Protocols", "Upgrade: websocket\r\nConnection: Upgrade\r\n",
                                                          "Sec-WebSocket-Accept: " + accept_for(kKey) + "\r\n"));
  EXPECT_TRUE(broke(twice, rule::handshake_accept_once));
  EXPECT_FALSE(twice.valid);
  EXPECT_TRUE(twice.lenient_ok);
  const auto different = rule_on_response(request(), response("101 Switching Protocols", "Upgrade: websocket\r\nConnection: Upgrade\r\n",
                                                              "Sec-WebSocket-Accept: x3JJHMbDL1EzLkh9GBhXDw==\r\n"));
  EXPECT_TRUE(broke(different, rule::handshake_accept_key));
  EXPECT_FALSE(different.lenient_ok);
}

TEST(HandshakeResponse, handshake_response_subprotocol_only_one_the_client_offered) {
  EXPECT_TRUE(broke(rule_on_response(request(), response("101 Switching Protocols", "Upgrade: websocket\r\nConnection: Upgrade\r\n",
                                                         "Sec-WebSocket-Protocol: chat\r\n")),
                    rule::handshake_response_subprotocol));
  EXPECT_TRUE(rule_on_response(request("Sec-WebSocket-Protocol: chat, superchat\r\n"),
                               response("101 Switching Protocols", "Upgrade: websocket\r\nConnection: Upgrade\r\n", "Sec-WebSocket-Protocol: superchat\r\n"))
                  .valid);
  EXPECT_TRUE(broke(rule_on_response(request("Sec-WebSocket-Protocol: chat\r\n"),
                                     response("101 Switching Protocols", "Upgrade: websocket\r\nConnection: Upgrade\r\n",
                                              "Sec-WebSocket-Protocol: chat, superchat\r\n")),
                    rule::handshake_response_subprotocol));
}

TEST(HandshakeResponse, extension_response_offered_only_unrequested_extension_fails) {
  EXPECT_TRUE(broke(rule_on_response(request(), response("101 Switching Protocols", "Upgrade: websocket\r\nConnection: Upgrade\r\n",
                                                         "Sec-WebSocket-Extensions: x-unrequested\r\n")),
                    rule::extension_response_offered_only));
}

TEST(HandshakeServerAnswer, handshake_subprotocol_offered_server_side_of_an_unoffered_choice) {
  const auto a = read_server_answer(request(), response("101 Switching Protocols", "Upgrade: websocket\r\nConnection: Upgrade\r\n",
                                                        "Sec-WebSocket-Protocol: chat\r\n"));
  EXPECT_EQ(a.status, 101);
  EXPECT_FALSE(a.valid_101);
  EXPECT_EQ(a.broken.front(), rule::handshake_subprotocol_offered);
  EXPECT_EQ(read_server_answer(request(), "HTTP/1.1 400 Bad Request\r\n\r\n").status, 400);
  EXPECT_EQ(read_server_answer(request(), "HTTP/1.1 400 Bad").status, 0);  // not a complete answer
}

TEST(HandshakeRequest, handshake_key_once_two_keys_are_refused) {
  const auto r = rule_on_request(request("Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n"));
  EXPECT_FALSE(r.accept);
  EXPECT_EQ(r.broken.front(), rule::handshake_key_once);
}

// The rules that give a server room say so in the table: their level is MAY or UNSPECIFIED,
// never a MUST a server could be failed on.
TEST(HandshakeLatitude, handshake_other_versions_handshake_server_may_refuse_handshake_refusal_status_are_latitude) {
  EXPECT_EQ(describe(rule::handshake_other_versions).level, Level::may);
  EXPECT_EQ(describe(rule::handshake_server_may_refuse).level, Level::may);
  EXPECT_EQ(describe(rule::handshake_refusal_status).level, Level::unspecified);
  EXPECT_EQ(describe(rule::handshake_other_versions).section, "4.4");
  // A version-8 request is one the model rules out for RFC 6455 (handshake.version-13) ...
  const auto r = rule_on_request("GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + kKey +
                                 "\r\nSec-WebSocket-Version: 8\r\n\r\n");
  EXPECT_EQ(r.status, 426);
}

}  // namespace
}  // namespace wsconform::model
