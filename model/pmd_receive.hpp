// What a receiver must do with one whole compressed message (RSV1 on its first frame), RFC 7692
// §6.2 and §7.2.2 with RFC 6455's limits (§10.4) and text rule (§8.1): inflate it within the
// size limit, check text after inflating, and fail on data that does not inflate.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "model/inflate.hpp"
#include "model/rule.hpp"

namespace wsconform::model {

struct CompressedMessageRuling {
  bool deliver = false;                     // the receiver hands `data` to its application
  std::vector<std::uint16_t> fail_codes;    // otherwise it fails with one of these (or drops TCP)
  std::optional<RuleId> rule;               // why it fails
  std::optional<InflateFault> fault;        // pmd.payload.corrupt: which way the data is corrupt
  std::string detail;
  InflateBytes data;                        // the inflated message (up to the limit)
  std::optional<WindowBreach> sender_breach;  // the sender broke its agreement (the receiver may still deliver)
};

CompressedMessageRuling receive_compressed(PmdInflater& inflater, bool text, std::span<const std::uint8_t> payload,
                                           std::size_t max_message_size);

}  // namespace wsconform::model
