// fuzz_impl_handshake: impl's HTTP head parsers and handshake checks, both sides, on arbitrary
// text. Checks: no crash; a request impl accepts is one the model accepts too (the model's
// reading of §4.2.1 is the reference), and a 101 carries the accept key of the request's key.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "impl/base64.hpp"
#include "impl/handshake.hpp"
#include "model/handshake.hpp"

using namespace wsconform;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const impl::http_limits limits;
  const auto end = impl::http_head_end(text);
  if (!end) return 0;
  const std::string head = text.substr(0, *end);
  const auto request = impl::parse_http_request(head, limits);
  if (request.err == impl::error::none) {
    const auto answer = impl::answer_request(request.head, impl::server_options{});
    const auto ruling = model::rule_on_request(head);
    if (answer.err == impl::error::none && !ruling.accept) {
      std::fprintf(stderr, "impl accepted a request the model refuses (%s)\n", std::string(ruling.broken.front().value).c_str());
      std::abort();
    }
  }
  const auto response = impl::parse_http_response(head, limits);
  if (response.err == impl::error::none) (void)impl::check_response(response.head, "dGhlIHNhbXBsZSBub25jZQ==", impl::client_options{});
  return 0;
}
