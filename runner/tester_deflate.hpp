// The tester's permessage-deflate (RFC 7692) once negotiated: its own compressor, as Autobahn's
// fuzzer compresses (zlib, a whole message at once, sync flush, the 00 00 ff ff tail removed;
// context kept unless the agreement says the tester resets), and its reading of the target's
// compressed messages (zlib with a 32 KiB window, started afresh per message when the agreement
// says the target resets - so a target that keeps context despite agreeing not to is caught).
// The model reads the same octets with its own decoder; this is the tester's side only.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "model/pmd_negotiation.hpp"

namespace wsconform::runner {

class TesterDeflate {
 public:
  // `tester_is_server` picks which side of the agreement is the tester's own; `level` is zlib's.
  TesterDeflate(const model::PmdAgreement& agreement, bool tester_is_server, int level);
  ~TesterDeflate();
  TesterDeflate(const TesterDeflate&) = delete;
  TesterDeflate& operator=(const TesterDeflate&) = delete;

  // The message's compressed payload (§7.2.1), valid until the next call.
  const std::vector<std::uint8_t>& compress(std::span<const std::uint8_t> message);

  // The target's compressed payload inflated (§7.2.2) into `out`; on corrupt data or more than
  // `limit` octets inflated, which of the two and zlib's words for it in `detail`.
  enum class Inflated { ok, corrupt, too_large };
  Inflated inflate(std::span<const std::uint8_t> payload, std::vector<std::uint8_t>& out, std::size_t limit, std::string& detail);

  const model::PmdAgreement& agreement() const { return agreement_; }

 private:
  struct Streams;
  model::PmdAgreement agreement_;
  bool own_reset_, peer_reset_;
  std::unique_ptr<Streams> z_;
  std::vector<std::uint8_t> compressed_;
};

}  // namespace wsconform::runner
