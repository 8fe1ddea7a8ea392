// The fuzzing server against clients that misbehave: each gets an answer or a verdict within the
// case's timeouts, and none of them stops the server serving others.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "cases/catalogue.hpp"
#include "cases/select.hpp"
#include "fuzzingserver/fuzzing_server.hpp"
#include "net/tcp_connect.hpp"
#include "net/testee_client.hpp"

namespace wsconform::fuzzingserver {
namespace {

// A fuzzing server on a free loopback port, for one test; stopped by /updateReports.
class ServerUnderTest {
 public:
  ServerUnderTest() {
    options_.port = 0;
    options_.outdir = (std::filesystem::temp_directory_path() / ("wsconform-fs-" + std::to_string(getpid()))).string();
    options_.cases = cases::select(cases::catalogue(), {"1.1.1"}, {});
    options_.shutdown_on_complete = true;
    options_.max_seconds = 60;  // bounded even if a test goes wrong
    std::promise<std::uint16_t> port;
    auto listening = port.get_future();
    thread_ = std::thread([this, p = std::move(port)]() mutable {
      std::string error;
      run_fuzzing_server(options_, [&](std::uint16_t bound) { p.set_value(bound); }, [](std::string_view) {}, summary_, error);
    });
    port_ = listening.get();
  }
  ~ServerUnderTest() {
    if (thread_.joinable()) thread_.join();
    std::filesystem::remove_all(options_.outdir);
  }
  std::uint16_t port() const { return port_; }
  // A well-behaved client (impl/ behind sockets) runs the case and asks for the reports,
  // which stops the server; returns what the server saw in all.
  FuzzingServerSummary finish_with_testee() {
    net::TesteeClientOptions o;
    o.server.port = port_;
    o.agent = "good";
    good_ = net::run_testee_client(o, [](std::string_view) {});
    thread_.join();
    return summary_;
  }
  const net::TesteeClientSummary& good() const { return good_; }

 private:
  FuzzingServerOptions options_;
  FuzzingServerSummary summary_;
  net::TesteeClientSummary good_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

int connect_to(std::uint16_t port) {
  const net::Connected c = net::tcp_connect("127.0.0.1", port, 5);
  EXPECT_GE(c.fd, 0) << c.error;
  return c.fd;
}

void send_text(int fd, const std::string& text) { ASSERT_EQ(send(fd, text.data(), text.size(), MSG_NOSIGNAL), static_cast<ssize_t>(text.size())); }

// Reads until the server closes TCP (or `limit` passes); returns what came and whether it closed.
std::pair<std::string, bool> read_until_closed(int fd, double limit) {
  std::string got;
  const auto t0 = std::chrono::steady_clock::now();
  char buf[4096];
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < limit) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return {got, true};
    got.append(buf, static_cast<std::size_t>(n));
  }
  return {got, false};
}

std::string request(const std::string& target) {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
}

TEST(FuzzingServerHostileClients, SilentConnectionIsClosedAtTheOpenHandshakeTimeoutAndBlocksNoOne) {
  ServerUnderTest server;
  const int silent = connect_to(server.port());
  const auto t0 = std::chrono::steady_clock::now();
  const FuzzingServerSummary s = server.finish_with_testee();  // served while the silent one waits
  EXPECT_EQ(s.cases_run, 1u);
  EXPECT_EQ(s.failed, 0u);
  EXPECT_TRUE(server.good().reports_updated);
  const auto [got, closed] = read_until_closed(silent, 10);
  EXPECT_TRUE(closed) << "a client that never sends its request is dropped (5 s opening-handshake timeout)";
  EXPECT_TRUE(got.empty());
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 10.0);
  close(silent);
}

TEST(FuzzingServerHostileClients, RunCaseClientThatNeverAnswersGetsAFailedVerdictWithinTheCaseTimeouts) {
  ServerUnderTest server;
  const int mute = connect_to(server.port());
  send_text(mute, request("/runCase?case=1&agent=mute"));
  const auto t0 = std::chrono::steady_clock::now();
  // It reads nothing and answers nothing: the tester's close timer and its 1 s closing-handshake
  // timeout end the case, and the server drops TCP.
  const auto [got, closed] = read_until_closed(mute, 15);
  EXPECT_TRUE(closed);
  EXPECT_EQ(got.rfind("HTTP/1.1 101", 0), 0u) << got.substr(0, 80);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 15.0);
  close(mute);
  const FuzzingServerSummary s = server.finish_with_testee();
  EXPECT_EQ(s.cases_run, 2u);  // mute's and good's
  EXPECT_EQ(s.failed, 1u);     // mute never echoed
}

TEST(FuzzingServerHostileClients, GarbageInsteadOfARequestIsRefusedWithAReason) {
  ServerUnderTest server;
  const int rude = connect_to(server.port());
  send_text(rude, "\x16\x03\x01 not http at all\r\n\r\n");
  const auto [got, closed] = read_until_closed(rude, 10);
  EXPECT_TRUE(closed);
  EXPECT_EQ(got.rfind("HTTP/1.1 404", 0), 0u) << got.substr(0, 80);
  EXPECT_NE(got.find("URL protocol"), std::string::npos);
  close(rude);
  const int oversized = connect_to(server.port());
  send_text(oversized, "GET /" + std::string(20000, 'a'));  // a head past 16 KiB, never ended
  EXPECT_TRUE(read_until_closed(oversized, 10).second);
  close(oversized);
  EXPECT_EQ(server.finish_with_testee().cases_run, 1u);
}

TEST(FuzzingServerHostileClients, ClientThatClosesMidFrameIsJudgedAtOnce) {
  ServerUnderTest server;
  const int quitter = connect_to(server.port());
  send_text(quitter, request("/runCase?case=1&agent=quitter"));
  // Half a masked frame header, then TCP closed.
  send_text(quitter, std::string("\x81\xfe\x00", 3));
  shutdown(quitter, SHUT_WR);
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(read_until_closed(quitter, 10).second);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
  close(quitter);
  const FuzzingServerSummary s = server.finish_with_testee();
  EXPECT_EQ(s.cases_run, 2u);
  EXPECT_EQ(s.failed, 1u);
}

}  // namespace
}  // namespace wsconform::fuzzingserver
