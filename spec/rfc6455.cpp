#include "spec/rfc6455.hpp"

namespace wsconform::spec {
namespace {
// Written by spec/CMakeLists.txt from rfc6455.txt at configure time.
constexpr unsigned char kOctets[] = {
#include "rfc6455_octets.inc"
};
}  // namespace

std::string_view rfc6455_text() { return {reinterpret_cast<const char*>(kOctets), sizeof kOctets}; }

}  // namespace wsconform::spec
