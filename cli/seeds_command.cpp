// `wsconform seeds --out DIR`: the fuzzers' seed corpora, made from the conformance run and the
// Z3 boundary group (BoringSSL's idea: the conformance transcripts are the seeds). Every case
// runs against the model; the tester's octets become server-side inputs, the model's octets
// client-side ones, the handshakes handshake inputs. Files are named by their SHA-1.
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "cases/catalogue.hpp"
#include "cli/commands.hpp"
#include "differential/differential.hpp"
#include "model/sha1.hpp"
#include "runner/tester.hpp"
#include "target/model_target.hpp"

namespace wsconform::cli {
namespace {

struct Capture final : runner::TraceObserver {
  std::vector<std::vector<std::uint8_t>> tester, target;
  std::string request, response;
  bool tester_open = false, target_open = false;
  void step(const runner::TraceStep& s) override {
    using K = runner::TraceStep::Kind;
    auto split = [](const std::vector<std::uint8_t>& octets, bool& open, std::string& head, std::vector<std::vector<std::uint8_t>>& frames) {
      if (open) return frames.push_back(octets);
      head.append(octets.begin(), octets.end());
      const auto end = head.find("\r\n\r\n");
      if (end == std::string::npos) return;
      open = true;
      const std::size_t used = end + 4 - (head.size() - octets.size());
      head.resize(end + 4);
      if (used < octets.size()) frames.emplace_back(octets.begin() + static_cast<std::ptrdiff_t>(used), octets.end());
    };
    if (s.kind == K::tester_wrote) split(s.octets, tester_open, request, tester);
    if (s.kind == K::target_wrote) split(s.octets, target_open, response, target);
  }
};

std::string write_seed(const std::filesystem::path& dir, const std::vector<std::uint8_t>& data) {
  std::filesystem::create_directories(dir);
  const std::string name = [&] {
    static constexpr char digits[] = "0123456789abcdef";
    std::string h;
    for (std::uint8_t b : model::sha1(data)) {
      h += digits[b >> 4];
      h += digits[b & 15];
    }
    return h;
  }();
  std::ofstream(dir / name, std::ios::binary).write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  return name;
}

// Opening handshakes next to the catalogue's one: each breaks or bends one §4.2.1/§4.2.2 (or
// §4.1 for the response) requirement, so the handshake fuzzer starts at every decision.
std::vector<std::string> handshake_variants() {
  const std::string key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
  const std::string upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n";
  const std::string version = "Sec-WebSocket-Version: 13\r\n";
  const std::string host = "Host: example.com\r\n";
  return {
      "GET /chat HTTP/1.1\r\n" + host + upgrade + key + version + "\r\n",
      "POST /chat HTTP/1.1\r\n" + host + upgrade + key + version + "\r\n",                          // method
      "GET /chat HTTP/1.0\r\n" + host + upgrade + key + version + "\r\n",                           // HTTP version
      "GET /chat HTTP/1.1\r\n" + upgrade + key + version + "\r\n",                                  // no Host
      "GET /chat HTTP/1.1\r\n" + host + "Connection: Upgrade\r\n" + key + version + "\r\n",       // no Upgrade
      "GET /chat HTTP/1.1\r\n" + host + "Upgrade: websocket\r\nConnection: keep-alive\r\n" + key + version + "\r\n",
      "GET /chat HTTP/1.1\r\n" + host + "upgrade: WebSocket\r\nconnection: keep-alive, Upgrade\r\n" + key + version + "\r\n",
      "GET /chat HTTP/1.1\r\n" + host + upgrade + version + "\r\n",                                 // no key
      "GET /chat HTTP/1.1\r\n" + host + upgrade + "Sec-WebSocket-Key: c2hvcnQ=\r\n" + version + "\r\n",  // key not 16 octets
      "GET /chat HTTP/1.1\r\n" + host + upgrade + key + key + version + "\r\n",                     // key twice
      "GET /chat HTTP/1.1\r\n" + host + upgrade + key + "Sec-WebSocket-Version: 8\r\n\r\n",        // version
      "GET /chat HTTP/1.1\r\n" + host + upgrade + key + version +
          "Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Extensions: permessage-deflate\r\nOrigin: http://example.com\r\n\r\n",
      "GET /chat HTTP/1.1\r\n" + host + "Upgrade:   websocket  \r\nConnection:\tUpgrade\r\n" + key + version + "\r\n",
      "HTTP/1.1 101 Switching Protocols\r\n" + upgrade + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
      "HTTP/1.1 101 Switching Protocols\r\n" + upgrade + "Sec-WebSocket-Accept: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
      "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n\r\n",
  };
}

}  // namespace

int seeds_command(Args args, std::ostream& out, std::ostream& err) {
  std::filesystem::path dir = "corpus";
  std::size_t max_octets = 4096;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--out" && i + 1 < args.size()) dir = std::string(args[++i]);
    else if (args[i] == "--max-octets" && i + 1 < args.size()) max_octets = std::stoul(std::string(args[++i]));
    else {
      err << "usage: wsconform seeds [--out DIR] [--max-octets N]\n";
      return 2;
    }
  }
  std::size_t written = 0;
  for (const auto& c : cases::catalogue()) {
    if (c.grading == cases::Grading::deflate_echo) continue;  // 1000 messages each: no seed material
    target::ModelTarget t;
    Capture cap;
    runner::run_case(c, t, {}, &cap);
    // The bulk cases (1.x.7, 9.x) make slow seeds: keep their first octets (the headers of
    // 64-bit-length frames, the start of long fragment runs) and cut the rest.
    auto cut = [max_octets](std::vector<std::vector<std::uint8_t>>& chunks) {
      std::size_t total = 0;
      for (std::size_t i = 0; i < chunks.size(); ++i) {
        if (total + chunks[i].size() > max_octets) {
          chunks[i].resize(max_octets - total);
          chunks.resize(i + 1);
          return;
        }
        total += chunks[i].size();
      }
    };
    cut(cap.tester);
    cut(cap.target);
    const auto server = differential::stream_input(model::Role::server, true, cap.tester);
    const auto client = differential::stream_input(model::Role::client, true, cap.target);
    const auto server_input = differential::encode_input(server);
    const auto client_input = differential::encode_input(client);
    for (const char* target : {"fuzz_differential_server", "fuzz_impl_connection", "fuzz_model_endpoint"}) {
      write_seed(dir / target, server_input);
      ++written;
    }
    if (!cap.target.empty()) {
      write_seed(dir / "fuzz_differential_client", client_input);
      ++written;
    }
    std::vector<std::uint8_t> frames{6};  // fuzz_model_frame: chunk-size octet, then the stream
    for (const auto& chunk : cap.tester) frames.insert(frames.end(), chunk.begin(), chunk.end());
    write_seed(dir / "fuzz_model_frame", frames);
    if (!cap.tester.empty()) write_seed(dir / "fuzz_impl_frame_header", cap.tester.front());
    // The requests differ only in their random key: one seed, with the RFC's sample key.
    std::string request = cap.request;
    if (const auto k = request.find("Sec-WebSocket-Key: "); k != std::string::npos)
      request.replace(k + 19, request.find("\r\n", k) - k - 19, "dGhlIHNhbXBsZSBub25jZQ==");
    write_seed(dir / "fuzz_impl_handshake", std::vector<std::uint8_t>(request.begin(), request.end()));
    written += 3;
  }
  for (const auto& head : handshake_variants()) {
    write_seed(dir / "fuzz_impl_handshake", std::vector<std::uint8_t>(head.begin(), head.end()));
    ++written;
  }
  out << "wrote " << written << " seed files under " << dir.string() << '\n';
  return 0;
}

}  // namespace wsconform::cli
