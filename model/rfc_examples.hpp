// The examples of RFC 6455 §5.7, as octets and as the frames they mean.
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

}  // namespace wsconform::model
