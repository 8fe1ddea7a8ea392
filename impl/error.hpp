// Every way input can be wrong, as one enum that reads as a rule list (RFC 6455 sections in
// the comments). Errors are values: nothing in impl/ throws or aborts on what a peer sends.
// bad_*: present but wrong; no_*: missing; *_too_big: over a limit.
#pragma once

#include <cstdint>
#include <string_view>

namespace wsconform::impl {

enum class error : std::uint8_t {
  none = 0,

  // ---- framing (§5)
  bad_rsv,                 // §5.2 RSV bit set that no negotiated extension defines
  bad_opcode,              // §5.2 reserved opcode 0x3-0x7 or 0xB-0xF
  bad_length_encoding,     // §5.2 length not written in the fewest octets
  bad_length_msb,          // §5.2 64-bit length with the most significant bit set
  no_mask,                 // §5.1 a server received an unmasked frame
  bad_mask,                // §5.1 a client received a masked frame
  bad_control_fragmented,  // §5.5 control frame with FIN clear
  bad_control_length,      // §5.5 control frame longer than 125 octets
  bad_continuation,        // §5.4 continuation frame with no message to continue
  bad_data_frame,          // §5.4 text/binary frame while a fragmented message is open
  bad_close_length,        // §5.5.1 close body of one octet
  bad_close_code,          // §7.4 close code that may not appear on the wire
  bad_close_reason,        // §5.5.1, §8.1 close reason that is not UTF-8
  bad_utf8,                // §8.1 text message that is not UTF-8
  frame_too_big,           // §10.4 frame over limits.max_frame_size
  message_too_big,         // §10.4 message over limits.max_message_size (inflated, with permessage-deflate)
  bad_rsv1_placement,      // RFC 7692 §6 RSV1 on a control frame or a continuation frame
  bad_compressed_data,     // RFC 7692 §7.2.2 a compressed message that does not inflate

  // ---- opening handshake (§4)
  handshake_too_big,       // §10.4 handshake over limits.max_handshake_size
  too_many_headers,        // §10.4 more header fields than limits.max_header_count
  bad_http,                // §4.1/§4.2.1 not an HTTP/1.1 message (request line, header syntax)
  bad_method,              // §4.2.1 method is not GET
  bad_http_version,        // §4.2.1 HTTP version below 1.1
  no_host,                 // §4.2.1 no Host header field
  no_upgrade,              // §4.2.1/§4.1 Upgrade does not name websocket
  no_connection_upgrade,   // §4.2.1/§4.1 Connection does not list Upgrade
  bad_key,                 // §4.2.1 Sec-WebSocket-Key does not decode to 16 octets
  bad_version,             // §4.2.1 Sec-WebSocket-Version is not 13
  no_version,              // §4.2.1 Sec-WebSocket-Version is missing
  bad_status,              // §4.1 server answered with a status other than 101
  bad_accept,              // §4.1 Sec-WebSocket-Accept does not match the key
  bad_extension,           // §4.1/§9.1 server accepted an extension the client never offered
  bad_subprotocol,         // §4.1 server chose a subprotocol the client never offered
  bad_deflate_response,    // RFC 7692 §7 permessage-deflate accepted with parameters the offer does not allow

  // ---- the peer's connection
  closed_abnormally,       // §7.1.5 TCP closed without a closing handshake (code 1006)

  // ---- this endpoint's own calls (returned by send_*/close, never caused by the peer)
  not_open,                // §6.1 a message is sent only in the OPEN state
  no_random,               // a client needs a random source for mask keys and its nonce (§5.3, §4.1)
};

// One sentence: what is wrong, the RFC section, and what to do about it.
std::string_view describe(error e);

// Short machine name: "bad_rsv", ...
std::string_view name_of(error e);

// The close code a failure sends (§7.4.1): protocol errors 1002, invalid UTF-8 1007,
// limits 1009. The one place this mapping is made. 0 for handshake errors (no frame is sent).
std::uint16_t close_code_for(error e);

}  // namespace wsconform::impl
