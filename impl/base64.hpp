// RFC 4648 base64 (standard alphabet, padded), as the opening handshake uses it (§4.1, §4.2.2).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wsconform::impl {

std::string base64_encode(std::span<const std::uint8_t> data);

// Strict: only the standard alphabet, '=' padding to a multiple of 4, no white space.
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

// §4.2.2: base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")).
std::string accept_key_for(std::string_view sec_websocket_key);

}  // namespace wsconform::impl
