// Numbers RFC 6455 assigns on the wire. Vocabulary only: no predicates, no policy.
// model/ and impl/ read the RFC independently; this header is all they share.
#pragma once

#include <cstdint>

namespace wsconform::vocab {

// §5.2 frame-opcode: all sixteen 4-bit values, reserved ones included.
enum class opcode : std::uint8_t {
  continuation = 0x0,
  text = 0x1,
  binary = 0x2,
  reserved_3 = 0x3,
  reserved_4 = 0x4,
  reserved_5 = 0x5,
  reserved_6 = 0x6,
  reserved_7 = 0x7,
  close = 0x8,
  ping = 0x9,
  pong = 0xA,
  reserved_b = 0xB,
  reserved_c = 0xC,
  reserved_d = 0xD,
  reserved_e = 0xE,
  reserved_f = 0xF,
};

// §7.4.1 defined status codes and the IANA registry's additions (§11.7).
namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;
inline constexpr std::uint16_t protocol_error = 1002;
inline constexpr std::uint16_t unsupported_data = 1003;
inline constexpr std::uint16_t reserved_1004 = 1004;
inline constexpr std::uint16_t no_status_received = 1005;  // never on the wire
inline constexpr std::uint16_t abnormal_closure = 1006;    // never on the wire
inline constexpr std::uint16_t invalid_payload = 1007;
inline constexpr std::uint16_t policy_violation = 1008;
inline constexpr std::uint16_t message_too_big = 1009;
inline constexpr std::uint16_t mandatory_extension = 1010;
inline constexpr std::uint16_t internal_error = 1011;
inline constexpr std::uint16_t service_restart = 1012;     // IANA registry
inline constexpr std::uint16_t try_again_later = 1013;     // IANA registry
inline constexpr std::uint16_t bad_gateway = 1014;         // IANA registry
inline constexpr std::uint16_t tls_handshake = 1015;       // never on the wire
}  // namespace close_code

// §5.2 header sizes.
inline constexpr std::uint8_t length_7bit_max = 125;
inline constexpr std::uint8_t length_marker_16 = 126;
inline constexpr std::uint8_t length_marker_64 = 127;
inline constexpr std::uint8_t max_header_size = 2 + 8 + 4;
// §5.5 control frames carry at most 125 payload octets.
inline constexpr std::uint8_t control_payload_max = 125;

// §4.2.2 the GUID concatenated with Sec-WebSocket-Key before SHA-1.
inline constexpr const char* handshake_guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

}  // namespace wsconform::vocab
