#include "model/pmd_receive.hpp"

#include <string>

#include "model/utf8.hpp"

namespace wsconform::model {

CompressedMessageRuling receive_compressed(PmdInflater& inflater, bool text, std::span<const std::uint8_t> payload,
                                           std::size_t max_message_size) {
  CompressedMessageRuling r;
  InflatedMessage m = inflater.message(payload, max_message_size);
  r.sender_breach = m.breach;
  r.data = std::move(m.data);
  if (m.error) {
    // pmd.payload.corrupt-code: RFC 7692 names no code; 1002 and 1007 are both read as right.
    r.fail_codes = {1002, 1007};
    r.rule = rule::pmd_payload_corrupt;
    r.fault = m.error->fault;
    r.detail = "the compressed message does not inflate: " + std::string(to_string(m.error->fault)) + " (bit " +
               std::to_string(m.error->bit) + ")";
    return r;
  }
  if (m.limit_reached) {
    r.fail_codes = {1009};
    r.rule = rule::pmd_limit_inflated_size;
    r.detail = "the message inflates to more than " + std::to_string(max_message_size) + " octets";
    return r;
  }
  if (text) {
    Utf8Validator v;
    auto e = v.feed(r.data);
    if (!e) e = v.finish();
    if (e) {
      r.fail_codes = {1007};
      r.rule = rule::pmd_utf8_after_inflate;
      r.detail = "the inflated text is not UTF-8 at octet " + std::to_string(e->offset) + " (" + std::string(e->rule.value) + ")";
      return r;
    }
  }
  r.deliver = true;
  return r;
}

}  // namespace wsconform::model
