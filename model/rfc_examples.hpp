// The examples of RFC 6455 §5.7, as octets and as the frames they mean, and those of
// RFC 7692 §7.2.3 (permessage-deflate payloads).
#pragma once

#include <string_view>
#include <vector>

#include "model/frame.hpp"

namespace wsconform::model {

struct RfcExample {
  std::string_view name;
  Role sender;              // who may send it (masked frames come from a client)
  Bytes octets;
  std::vector<Frame> frames;
};

// In the order the RFC lists them.
std::vector<RfcExample> rfc_section_5_7_examples();

// RFC 7692 §7.2.3: compressed payloads (RSV1 on the first frame) and what they inflate to.
// `messages` are the payloads of successive messages on one connection, with context
// takeover; `inflated` what each decodes to.
struct Rfc7692Example {
  std::string_view name;        // "7.2.3.1 a message compressed in one block"
  std::vector<Bytes> messages;  // each message's whole payload (its fragments joined)
  std::vector<Bytes> frames;    // the example's octets on the wire, unmasked, when the RFC shows them
  std::vector<Bytes> inflated;
};
std::vector<Rfc7692Example> rfc7692_section_7_2_3_examples();

}  // namespace wsconform::model
