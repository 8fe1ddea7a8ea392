// SHA-1 (FIPS 180-4 §6.1), as the opening handshake needs it (§4.2.2). Written for reading,
// not speed: the model hashes one 60-octet key per connection.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace wsconform::model {

std::array<std::uint8_t, 20> sha1(std::span<const std::uint8_t> message);
std::string base64(std::span<const std::uint8_t> octets);

// §4.2.2: base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")).
std::string accept_for(std::string_view sec_websocket_key);

}  // namespace wsconform::model
