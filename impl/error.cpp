#include "impl/error.hpp"

namespace wsconform::impl {

std::string_view name_of(error e) {
  switch (e) {
#define WSC_NAME(x) case error::x: return #x;
    WSC_NAME(none) WSC_NAME(bad_rsv) WSC_NAME(bad_opcode) WSC_NAME(bad_length_encoding)
    WSC_NAME(bad_length_msb) WSC_NAME(no_mask) WSC_NAME(bad_mask) WSC_NAME(bad_control_fragmented)
    WSC_NAME(bad_control_length) WSC_NAME(bad_continuation) WSC_NAME(bad_data_frame)
    WSC_NAME(bad_close_length) WSC_NAME(bad_close_code) WSC_NAME(bad_close_reason) WSC_NAME(bad_utf8)
    WSC_NAME(frame_too_big) WSC_NAME(message_too_big) WSC_NAME(bad_rsv1_placement) WSC_NAME(bad_compressed_data)
    WSC_NAME(handshake_too_big)
    WSC_NAME(too_many_headers) WSC_NAME(bad_http) WSC_NAME(bad_method) WSC_NAME(bad_http_version)
    WSC_NAME(no_host) WSC_NAME(no_upgrade) WSC_NAME(no_connection_upgrade) WSC_NAME(bad_key)
    WSC_NAME(bad_version) WSC_NAME(no_version) WSC_NAME(bad_status) WSC_NAME(bad_accept)
    WSC_NAME(bad_extension) WSC_NAME(bad_subprotocol) WSC_NAME(bad_deflate_response) WSC_NAME(closed_abnormally)
    WSC_NAME(not_open) WSC_NAME(no_random)
#undef WSC_NAME
  }
  return "unknown";
}

std::string_view describe(error e) {
  switch (e) {
    case error::none: return "no error";
    case error::bad_rsv: return "RSV bit set without a negotiated extension (RFC 6455 §5.2); the peer must not set RSV1-3 unless an extension defines them";
    case error::bad_opcode: return "reserved opcode (§5.2); only 0x0-0x2 and 0x8-0xA are defined without extensions";
    case error::bad_length_encoding: return "payload length not in its minimal encoding (§5.2); 0-125 use 7 bits, 126-65535 use 16 bits";
    case error::bad_length_msb: return "64-bit payload length with the most significant bit set (§5.2)";
    case error::no_mask: return "unmasked frame from a client (§5.1); clients must mask every frame";
    case error::bad_mask: return "masked frame from a server (§5.1); servers must not mask";
    case error::bad_control_fragmented: return "fragmented control frame (§5.5); control frames need FIN set";
    case error::bad_control_length: return "control frame payload over 125 octets (§5.5)";
    case error::bad_continuation: return "continuation frame with no fragmented message open (§5.4)";
    case error::bad_data_frame: return "new text/binary frame inside a fragmented message (§5.4); continue it with opcode 0";
    case error::bad_close_length: return "close frame body of one octet (§5.5.1); a body starts with a 2-octet code";
    case error::bad_close_code: return "close code not allowed on the wire (§7.4); use 1000-1003, 1007-1014 or 3000-4999";
    case error::bad_close_reason: return "close reason is not valid UTF-8 (§5.5.1, §8.1)";
    case error::bad_utf8: return "text message is not valid UTF-8 (§8.1); send binary for arbitrary octets";
    case error::frame_too_big: return "frame larger than this endpoint's max_frame_size (§10.4); raise the limit or send smaller frames";
    case error::message_too_big: return "message larger than this endpoint's max_message_size (§10.4); raise the limit or send smaller messages";
    case error::bad_rsv1_placement: return "RSV1 on a control or continuation frame (RFC 7692 §6); permessage-deflate sets it on the first frame of a message only";
    case error::bad_compressed_data: return "a compressed message that does not inflate (RFC 7692 §7.2.2); check the compressor and the 00 00 ff ff tail handling";
    case error::handshake_too_big: return "opening handshake larger than max_handshake_size (§10.4)";
    case error::too_many_headers: return "opening handshake has more header fields than max_header_count (§10.4)";
    case error::bad_http: return "malformed HTTP/1.1 message in the opening handshake (§4.1, §4.2.1)";
    case error::bad_method: return "opening handshake method is not GET (§4.2.1)";
    case error::bad_http_version: return "opening handshake uses HTTP below 1.1 (§4.2.1)";
    case error::no_host: return "opening handshake has no Host header field (§4.2.1)";
    case error::no_upgrade: return "Upgrade header field does not name websocket (§4.1, §4.2.1)";
    case error::no_connection_upgrade: return "Connection header field does not list Upgrade (§4.1, §4.2.1)";
    case error::bad_key: return "Sec-WebSocket-Key is not base64 of 16 octets (§4.2.1)";
    case error::bad_version: return "Sec-WebSocket-Version is not 13 (§4.2.1); the server answers 426 with the versions it speaks";
    case error::no_version: return "Sec-WebSocket-Version is missing (§4.2.1)";
    case error::bad_status: return "server answered the opening handshake with a status other than 101 (§4.1)";
    case error::bad_accept: return "Sec-WebSocket-Accept does not match SHA-1(key + GUID) (§4.1)";
    case error::bad_extension: return "server accepted an extension the client did not offer (§4.1, §9.1)";
    case error::bad_deflate_response: return "permessage-deflate accepted with parameters the offer does not allow (RFC 7692 §7): unknown, repeated or out-of-range values, a larger window than offered, or an unoffered client_max_window_bits";
    case error::bad_subprotocol: return "server chose a subprotocol the client did not offer (§4.1)";
    case error::closed_abnormally: return "TCP closed without a closing handshake (§7.1.5, code 1006)";
    case error::not_open: return "the connection is not open for sending (§6.1); messages go only in the OPEN state, before Close";
    case error::no_random: return "a client needs config.random for mask keys and the handshake nonce (§5.3, §4.1)";
  }
  return "unknown error";
}

std::uint16_t close_code_for(error e) {
  switch (e) {
    case error::none:
    case error::handshake_too_big:
    case error::too_many_headers:
    case error::bad_http:
    case error::bad_method:
    case error::bad_http_version:
    case error::no_host:
    case error::no_upgrade:
    case error::no_connection_upgrade:
    case error::bad_key:
    case error::bad_version:
    case error::no_version:
    case error::bad_status:
    case error::bad_accept:
    case error::bad_extension:
    case error::bad_subprotocol:
    case error::bad_deflate_response:
    case error::not_open:
    case error::no_random:
      return 0;
    case error::closed_abnormally:
      return 1006;
    case error::bad_utf8:
    case error::bad_close_reason:
      return 1007;
    case error::frame_too_big:
    case error::message_too_big:
      return 1009;
    default:
      return 1002;
  }
}

}  // namespace wsconform::impl
