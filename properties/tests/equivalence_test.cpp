// Stateless equivalences between impl/ and model/: fast UTF-8 against the reference validator
// (verdict and failing octet), fast unmasking against the §5.3 formula, close-code policy for
// all 65,536 codes, and the opening handshake: impl accepts a request iff the model does.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "impl/connection.hpp"
#include "impl/base64.hpp"
#include "impl/handshake.hpp"
#include "impl/http.hpp"
#include "impl/mask.hpp"
#include "impl/utf8.hpp"
#include "model/handshake.hpp"
#include "model/numeric_rules.hpp"
#include "model/utf8.hpp"
#include "properties/generators.hpp"

namespace wsconform::properties {
namespace {

using model::Bytes;

// Near-valid UTF-8: valid text with one octet replaced, dropped or inserted somewhere.
rc::Gen<Bytes> gen_near_utf8() {
  return rc::gen::exec([] {
    const std::string s = *rc::gen::arbitrary<std::string>();
    std::u32string cps;
    Bytes b(s.begin(), s.end());
    const Bytes pieces[] = {{0xC3, 0xA9}, {0xE2, 0x82, 0xAC}, {0xF0, 0x9F, 0x98, 0x80}, {0xED, 0x9F, 0xBF}, {0xF4, 0x8F, 0xBF, 0xBF}};
    const int n = *rc::gen::inRange(0, 20);
    for (int i = 0; i < n; ++i) {
      const Bytes& p = pieces[*rc::gen::inRange(0, 5)];
      b.insert(b.begin() + static_cast<std::ptrdiff_t>(*rc::gen::inRange<std::size_t>(0, b.size() + 1)), p.begin(), p.end());
    }
    if (!b.empty() && *rc::gen::arbitrary<bool>()) b[*rc::gen::inRange<std::size_t>(0, b.size())] = *rc::gen::arbitrary<std::uint8_t>();
    return b;
  });
}

RC_GTEST_PROP(Utf8Equivalence, impl_fast_validator_equals_model_reference_verdict_and_offset, ()) {
  const Bytes text = *rc::gen::oneOf(gen_bytes(300), gen_near_utf8());
  const auto ref = model::validate_utf8(text);
  impl::utf8_validator v;
  const std::size_t at = v.feed(text.data(), text.size());
  if (at != impl::utf8_validator::npos) {
    RC_ASSERT(ref.has_value());
    RC_ASSERT(ref->offset == at);
  } else {
    // impl found no impossible octet: the text is valid, or only ends inside a sequence.
    RC_ASSERT(ref.has_value() == !v.complete());
    if (ref) RC_ASSERT(ref->offset == text.size());
  }
}

RC_GTEST_PROP(UnmaskEquivalence, fast_unmask_equals_the_section_5_3_formula_at_every_alignment, ()) {
  const Bytes data = *gen_bytes(600);
  const auto key = *rc::gen::arbitrary<impl::mask_key>();
  const std::size_t align = *rc::gen::inRange<std::size_t>(0, 16);
  const std::uint64_t offset = *rc::gen::inRange<std::uint64_t>(0, 8);
  Bytes buffer(align + data.size());
  std::copy(data.begin(), data.end(), buffer.begin() + static_cast<std::ptrdiff_t>(align));
  impl::unmask(buffer.data() + align, data.size(), key, offset);
  for (std::size_t i = 0; i < data.size(); ++i) RC_ASSERT(buffer[align + i] == (data[i] ^ key[(offset + i) % 4]));
}

// All 65,536 close codes: impl accepts exactly the codes the model calls valid (its policy
// refuses the latitude codes 1004, 1016-2999 and 5000+, which the model allows either way).
TEST(CloseCodeEquivalence, impl_policy_equals_model_close_code_valid_for_all_65536_codes) {
  for (std::uint32_t c = 0; c <= 0xFFFF; ++c)
    ASSERT_EQ(impl::close_code_acceptable(static_cast<std::uint16_t>(c)), model::numeric::close_code_valid(c)) << c;
}

// Requests built from correct and broken versions of each §4.2.1 field.
rc::Gen<std::string> gen_request() {
  return rc::gen::exec([] {
    std::string r = *rc::gen::element<std::string>("GET", "GET", "GET", "POST", "get") + " /path " +
                    *rc::gen::element<std::string>("HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.2") + "\r\n";
    if (*rc::gen::inRange(0, 6)) r += "Host: example.com\r\n";
    r += "Upgrade: " + *rc::gen::element<std::string>("websocket", "WebSocket", "h2c", "websocket, foo", "") + "\r\n";
    r += "Connection: " + *rc::gen::element<std::string>("Upgrade", "upgrade", "keep-alive, Upgrade", "close", "Upgrade2") + "\r\n";
    if (*rc::gen::inRange(0, 8))
      r += "Sec-WebSocket-Key: " +
           *rc::gen::element<std::string>("dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZQ==", "c2hvcnQ=", "dGhlIHNhbXBsZSBub25jZQ",
                                          "dGhlIHNhbXBsZSBub25jZQ=!", "AAAAAAAAAAAAAAAAAAAAAA==") + "\r\n";
    if (*rc::gen::inRange(0, 8)) r += "Sec-WebSocket-Version: " + *rc::gen::element<std::string>("13", "13", "8", "14", "13 ") + "\r\n";
    return r + "\r\n";
  });
}

RC_GTEST_PROP(HandshakeEquivalence, impl_accepts_a_request_iff_the_model_does, ()) {
  const std::string req = *gen_request();
  const auto parsed = impl::parse_http_request(req, impl::http_limits{});
  const bool impl_accepts = parsed.err == impl::error::none && impl::answer_request(parsed.head, {}).err == impl::error::none;
  const auto ruling = model::rule_on_request(req);
  RC_ASSERT(impl_accepts == ruling.accept);
  if (ruling.accept) RC_ASSERT(impl::accept_key_for(ruling.key) == std::string(ruling.response.substr(ruling.response.find("Accept: ") + 8, 28)));
}

}  // namespace
}  // namespace wsconform::properties
