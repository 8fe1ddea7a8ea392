// fuzz_pmd_negotiation: a Sec-WebSocket-Extensions value, read by impl and by the model, in
// both roles. Checks: no crash; impl's server accepts exactly the first offer the model finds
// valid (RFC 7692 §7: the others are declined), with a response the model reads as a valid
// answer to that offer and the same agreement; impl's client takes a response iff the model
// does (against the same offer).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz/input_reader.hpp"
#include "impl/permessage_deflate.hpp"
#include "model/pmd_negotiation.hpp"

using namespace wsconform;

namespace {
[[noreturn]] void finding(const char* what, const std::string& value) {
  std::fprintf(stderr, "%s\n  value: %s\n", what, value.c_str());
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::InputReader in(data, size);
  const std::uint8_t knobs = in.byte();
  const auto rest = in.rest();
  const std::string value(rest.begin(), rest.end());

  // ---- the server's choice
  impl::deflate_server_policy policy;
  policy.enabled = true;
  policy.server_no_context_takeover = knobs & 1;
  policy.client_no_context_takeover = knobs & 2;
  policy.client_max_window_bits = 8 + (knobs >> 4) % 8;
  const auto accepted = impl::accept_deflate_offer(value, policy);
  const model::OfferList offers = model::read_offer_header(value);
  const model::PmdOffer* first_valid = nullptr;
  if (!offers.error)
    for (const auto& o : offers.offers)
      if (o.offer) {
        first_valid = &*o.offer;
        break;
      }
  if (accepted.has_value() != (first_valid != nullptr)) finding("impl and the model disagree on whether an offer is acceptable", value);
  if (accepted) {
    const auto reading = model::read_response_header(accepted->response_element, std::span(first_valid, 1));
    if (!reading.agreement) finding("impl's server answered with a response the model refuses for that offer", value);
    if (reading.agreement->server_max_window_bits != accepted->agreement.send_window_bits ||
        reading.agreement->server_no_context_takeover != accepted->agreement.send_no_context_takeover ||
        reading.agreement->client_no_context_takeover != accepted->agreement.receive_no_context_takeover)
      finding("impl's server agreement differs from the model's reading of its response", value);
  }

  // ---- the client's check of the same value as a response
  impl::deflate_client_offer offer;
  offer.enabled = true;
  offer.server_no_context_takeover = knobs & 4;
  offer.server_max_window_bits = (knobs & 8) ? 8 + (knobs >> 4) % 8 : 0;
  offer.client_max_window_bits = knobs & 1;
  model::PmdOffer model_offer;
  model_offer.server_no_context_takeover = offer.server_no_context_takeover;
  if (offer.server_max_window_bits) model_offer.server_max_window_bits = offer.server_max_window_bits;
  model_offer.client_max_window_bits = offer.client_max_window_bits;
  const auto model_reading = model::read_response_header(value, std::span(&model_offer, 1));
  const auto items = impl::parse_extension_list(value);
  if (items.has_value() == model::parse_extensions(value).error.has_value()) finding("impl and the model disagree on the §9.1 grammar", value);
  if (items && items->size() == 1 && (*items)[0].name == "permessage-deflate") {
    const auto check = impl::check_deflate_response((*items)[0], offer);
    if ((check.err == impl::error::none) != model_reading.agreement.has_value())
      finding("impl's client and the model disagree on whether the response is acceptable", value);
  }
  return 0;
}
