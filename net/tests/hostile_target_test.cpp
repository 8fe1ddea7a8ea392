// Hostile network targets: servers on 127.0.0.1 that never answer, never finish the opening
// handshake, answer with garbage, close mid-frame, or flood. Each case must still end with a
// verdict within its timeouts (Autobahn's openHandshakeTimeout is 5 s, the closing-handshake
// and drop timeouts 1 s each), and the harness must keep what it stores bounded.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "cases/catalogue.hpp"
#include "cases/select.hpp"
#include "conformance/run.hpp"
#include "impl/base64.hpp"
#include "target/network_target.hpp"

namespace wsconform::net {
namespace {

using Behaviour = std::function<void(int fd, const std::atomic<bool>& stop)>;

// One listening socket on a free loopback port; each accepted connection runs `behaviour` on
// its own thread. Stops itself when destroyed, and after 60 s in any case.
class HostileServer {
 public:
  explicit HostileServer(Behaviour behaviour) : behaviour_(std::move(behaviour)) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    const int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listen_fd_, 8) != 0) return;
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { serve(); });
  }
  ~HostileServer() {
    stop_ = true;
    if (acceptor_.joinable()) acceptor_.join();
    close(listen_fd_);
  }
  HostileServer(const HostileServer&) = delete;
  HostileServer& operator=(const HostileServer&) = delete;
  std::uint16_t port() const { return port_; }

 private:
  void serve() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    std::vector<std::thread> connections;
    while (!stop_ && std::chrono::steady_clock::now() < deadline) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0) continue;
      const int fd = accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      connections.emplace_back([this, fd] {
        behaviour_(fd, stop_);
        close(fd);
      });
    }
    stop_ = true;
    for (auto& t : connections) t.join();
  }

  Behaviour behaviour_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
};

// Reads the client's request head; returns its Sec-WebSocket-Key ("" if none came).
std::string read_request_key(int fd, const std::atomic<bool>& stop) {
  std::string head;
  char buf[4096];
  while (!stop && head.find("\r\n\r\n") == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 20) <= 0) continue;
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return {};
    head.append(buf, static_cast<std::size_t>(n));
  }
  const auto at = head.find("Sec-WebSocket-Key: ");
  if (at == std::string::npos) return {};
  const auto end = head.find("\r\n", at);
  return head.substr(at + 19, end - at - 19);
}

void send_all(int fd, const std::string& s) { (void)send(fd, s.data(), s.size(), MSG_NOSIGNAL); }

bool complete_handshake(int fd, const std::atomic<bool>& stop) {
  const std::string key = read_request_key(fd, stop);
  if (key.empty()) return false;
  send_all(fd, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
                   impl::accept_key_for(key) + "\r\n\r\n");
  return true;
}

void idle_until_stopped_or_closed(int fd, const std::atomic<bool>& stop) {
  char buf[4096];
  while (!stop) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 20) <= 0) continue;
    if (recv(fd, buf, sizeof buf, 0) <= 0) return;  // discards what it reads, answers nothing
  }
}

struct Outcome {
  conformance::CaseResult result;
  double seconds = 0;
};

Outcome run_one(const std::string& case_id, std::uint16_t port) {
  const auto selected = cases::select(cases::catalogue(), {case_id}, {});
  EXPECT_EQ(selected.size(), 1u);
  conformance::RunOptions options;
  const auto t0 = std::chrono::steady_clock::now();
  auto results = conformance::run_cases(
      selected,
      [port] {
        target::WsUrl url;
        url.port = port;
        return std::make_unique<target::NetworkTarget>(url, "hostile");
      },
      options);
  Outcome o;
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  o.result = std::move(results.at(0));
  return o;
}

TEST(HostileTarget, case_1_1_1_server_never_answers_times_out_on_open_handshake) {
  HostileServer server(idle_until_stopped_or_closed);
  const Outcome o = run_one("1.1.1", server.port());
  EXPECT_TRUE(o.result.run.was_open_handshake_timeout);
  EXPECT_FALSE(o.result.run.connection_was_open);
  EXPECT_EQ(o.result.autobahn.behavior, cases::Behavior::failed);
  EXPECT_LT(o.seconds, 5.0 + 3.0);  // openHandshakeTimeout plus the bounded TCP close
  // The model's column names the requirement the server did not meet (handshake.server-replies).
  EXPECT_EQ(o.result.model.behavior, cases::Behavior::failed);
  ASSERT_EQ(o.result.model.findings.size(), 1u);
  EXPECT_EQ(o.result.model.findings.front().rule, "handshake.server-replies");
  EXPECT_NE(o.result.model.findings.front().detail.find("timeout"), std::string::npos);
}

TEST(HostileTarget, case_1_1_1_handshake_response_never_finishes_times_out) {
  HostileServer server([](int fd, const std::atomic<bool>& stop) {
    (void)read_request_key(fd, stop);
    send_all(fd, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n");  // and nothing more
    idle_until_stopped_or_closed(fd, stop);
  });
  const Outcome o = run_one("1.1.1", server.port());
  EXPECT_TRUE(o.result.run.was_open_handshake_timeout);
  EXPECT_EQ(o.result.autobahn.behavior, cases::Behavior::failed);
  EXPECT_LT(o.seconds, 5.0 + 3.0);
}

TEST(HostileTarget, case_1_1_1_garbage_instead_of_handshake_fails_without_waiting) {
  HostileServer server([](int fd, const std::atomic<bool>& stop) {
    (void)read_request_key(fd, stop);
    send_all(fd, std::string("\x00\xff garbage \x81\x05hello\r\n\r\n", 22));
    idle_until_stopped_or_closed(fd, stop);
  });
  const Outcome o = run_one("1.1.1", server.port());
  EXPECT_FALSE(o.result.run.connection_was_open);
  EXPECT_EQ(o.result.autobahn.behavior, cases::Behavior::failed);
  EXPECT_LT(o.seconds, 5.0 + 3.0);
  ASSERT_FALSE(o.result.model.findings.empty());
  EXPECT_EQ(o.result.model.findings.front().rule, "handshake.server-replies");
}

// A 64 KiB header field, and 10,000 fields: the tester stops reading a response head past
// 64 KiB and drops the connection at once - bounded in time and in what it keeps.
TEST(HostileTarget, case_1_1_1_response_head_of_64k_field_or_10000_fields_is_cut_off_bounded) {
  for (const std::string& fields : {"X-Padding: " + std::string(64 * 1024, 'a') + "\r\n", [] {
         std::string many;
         for (int i = 0; i < 10000; ++i) many += "X-Field-" + std::to_string(i) + ": " + std::to_string(i) + "\r\n";
         return many;
       }()}) {
    HostileServer server([fields](int fd, const std::atomic<bool>& stop) {
      const std::string key = read_request_key(fd, stop);
      send_all(fd, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + fields +
                       "Sec-WebSocket-Accept: " + impl::accept_key_for(key) + "\r\n\r\n");
      idle_until_stopped_or_closed(fd, stop);
    });
    const Outcome o = run_one("1.1.1", server.port());
    EXPECT_FALSE(o.result.run.connection_was_open);
    EXPECT_FALSE(o.result.run.was_open_handshake_timeout);  // cut off, not waited out
    EXPECT_LE(o.result.run.http_response.size(), 65536u + 4096u);
    EXPECT_EQ(o.result.autobahn.behavior, cases::Behavior::failed);
    EXPECT_LT(o.seconds, 3.0);
  }
}

TEST(HostileTarget, case_1_1_1_server_closes_tcp_mid_frame_is_seen_as_unclean) {
  HostileServer server([](int fd, const std::atomic<bool>& stop) {
    if (!complete_handshake(fd, stop)) return;
    send_all(fd, std::string("\x81\x7e\x01", 3));  // a 16-bit length cut after its first octet
  });
  const Outcome o = run_one("1.1.1", server.port());
  EXPECT_TRUE(o.result.run.connection_was_open);
  EXPECT_FALSE(o.result.run.was_clean);
  EXPECT_EQ(o.result.autobahn.behavior, cases::Behavior::failed);
  EXPECT_LT(o.seconds, 3.0);
}

TEST(HostileTarget, case_1_1_1_flooding_server_gets_a_verdict_and_bounded_storage) {
  HostileServer server([](int fd, const std::atomic<bool>& stop) {
    if (!complete_handshake(fd, stop)) return;
    std::string frames;
    for (int i = 0; i < 4096; ++i) frames += std::string("\x81\x04""mess", 6);
    while (!stop) {
      if (send(fd, frames.data(), frames.size(), MSG_NOSIGNAL) < 0) return;  // until the tester leaves
    }
  });
  const Outcome o = run_one("1.1.1", server.port());
  EXPECT_TRUE(o.result.run.connection_was_open);
  EXPECT_EQ(o.result.autobahn.behavior, cases::Behavior::failed);
  EXPECT_LE(o.result.run.received.size(), runner::kMaxReceivedEvents);
  EXPECT_LE(o.result.run.wirelog.size(), runner::kMaxWireLogRows);
  EXPECT_LT(o.seconds, 10.0) << "events " << o.result.run.received.size() << " trunc " << o.result.run.received_truncated << " wirelog " << o.result.run.wirelog.size() << " end " << o.result.run.case_end << " closeTO " << o.result.run.was_close_handshake_timeout << " dropTO " << o.result.run.was_server_connection_drop_timeout << " reason " << o.result.run.was_not_clean_reason.value_or("-");
}

TEST(HostileTarget, case_1_1_1_server_that_never_reads_cannot_block_the_tester) {
  // Case 1.1.6 writes a 16 MiB text message in one go; a server that completes the handshake
  // and then never reads fills the socket buffers. The tester's writes give up in bounded time.
  HostileServer server([](int fd, const std::atomic<bool>& stop) {
    if (!complete_handshake(fd, stop)) return;
    while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  });
  const Outcome o = run_one("1.1.6", server.port());
  EXPECT_TRUE(o.result.run.connection_was_open);
  EXPECT_EQ(o.result.autobahn.behavior, cases::Behavior::failed);
  EXPECT_LT(o.seconds, 40.0);
}

}  // namespace
}  // namespace wsconform::net
