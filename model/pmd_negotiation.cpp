#include "model/pmd_negotiation.hpp"

#include <algorithm>
#include <set>

#include "model/numeric_rules.hpp"

namespace wsconform::model {
namespace {

constexpr std::string_view kServerNoTakeover = "server_no_context_takeover";
constexpr std::string_view kClientNoTakeover = "client_no_context_takeover";
constexpr std::string_view kServerWindow = "server_max_window_bits";
constexpr std::string_view kClientWindow = "client_max_window_bits";

bool defined_parameter(std::string_view name) {
  return name == kServerNoTakeover || name == kClientNoTakeover || name == kServerWindow || name == kClientWindow;
}

PmdProblem problem(RuleId rule, std::string detail) { return PmdProblem{rule, std::move(detail)}; }

// The checks an offer and a response share (§7): known names, no repeats, no value on the
// context-takeover flags, window values in 8..15. `in` names the side for the details.
std::optional<PmdProblem> parameters_problem(const ExtensionElement& e, RuleId unknown_rule, std::string_view in) {
  std::set<std::string_view> seen;
  for (const auto& p : e.params) {
    if (!defined_parameter(p.name))
      return problem(unknown_rule, "'" + p.name + "' is not a permessage-deflate parameter (in " + std::string(in) + ")");
    if (!seen.insert(p.name).second) return problem(unknown_rule, "'" + p.name + "' appears twice (in " + std::string(in) + ")");
    if ((p.name == kServerNoTakeover || p.name == kClientNoTakeover) && p.value)
      return problem(rule::pmd_no_context_takeover_no_value, "'" + p.name + "' has a value (in " + std::string(in) + ")");
    if (p.value && (p.name == kServerWindow || p.name == kClientWindow) && !window_bits_value(*p.value))
      return problem(rule::pmd_window_bits_value,
                     "'" + p.name + "=" + *p.value + "' is not a window size 8-15 without leading zero (in " + std::string(in) + ")");
  }
  return std::nullopt;
}

}  // namespace

// "a decimal integer value without leading zeroes" (the grammar), "between 8 to 15" (the
// numeric rule, shared with boundaries/).
std::optional<int> window_bits_value(std::string_view text) {
  if (text.empty() || text.size() > 2 || text[0] == '0') return std::nullopt;
  int v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (!numeric::window_bits_valid(v)) return std::nullopt;
  return v;
}

OfferReading read_offer(const ExtensionElement& e) {
  OfferReading out;
  if (auto p = parameters_problem(e, rule::pmd_offer_decline_invalid, "the offer")) {
    out.decline = std::move(p);
    return out;
  }
  PmdOffer offer;
  for (const auto& p : e.params) {
    if (p.name == kServerNoTakeover) offer.server_no_context_takeover = true;
    if (p.name == kClientNoTakeover) offer.client_no_context_takeover = true;
    if (p.name == kServerWindow) {
      if (!p.value) {
        out.decline = problem(rule::pmd_window_bits_value, "'server_max_window_bits' has no value (an offer must give one)");
        return out;
      }
      offer.server_max_window_bits = window_bits_value(*p.value);
    }
    if (p.name == kClientWindow) {
      offer.client_max_window_bits = true;
      if (p.value) offer.client_max_window_bits_value = window_bits_value(*p.value);
    }
  }
  out.offer = offer;
  return out;
}

ResponseReading read_response(const ExtensionElement& e, const PmdOffer& offer) {
  ResponseReading out;
  if (auto p = parameters_problem(e, rule::pmd_response_fail_invalid, "the response")) {
    out.fail = std::move(p);
    return out;
  }
  PmdAgreement a;
  const ExtensionParam* server_window = e.param(kServerWindow);
  const ExtensionParam* client_window = e.param(kClientWindow);
  a.server_no_context_takeover = e.param(kServerNoTakeover) != nullptr;
  a.client_no_context_takeover = e.param(kClientNoTakeover) != nullptr;

  if (offer.server_no_context_takeover && !a.server_no_context_takeover) {
    out.fail = problem(rule::pmd_server_no_context_takeover_accepted,
                       "the offer asked for server_no_context_takeover and the response does not include it");
    return out;
  }
  if (server_window) {
    if (!server_window->value) {
      out.fail = problem(rule::pmd_window_bits_value, "'server_max_window_bits' has no value in the response");
      return out;
    }
    a.server_max_window_bits = *window_bits_value(*server_window->value);
    if (offer.server_max_window_bits && a.server_max_window_bits > *offer.server_max_window_bits) {
      out.fail = problem(rule::pmd_server_max_window_bits_accepted,
                         "the response's server_max_window_bits=" + std::to_string(a.server_max_window_bits) +
                             " is larger than the offered " + std::to_string(*offer.server_max_window_bits));
      return out;
    }
  } else if (offer.server_max_window_bits) {
    out.fail = problem(rule::pmd_server_max_window_bits_accepted,
                       "the offer asked for server_max_window_bits=" + std::to_string(*offer.server_max_window_bits) +
                           " and the response does not include it");
    return out;
  }
  if (client_window) {
    if (!offer.client_max_window_bits) {
      out.fail = problem(rule::pmd_client_max_window_bits_offered_only,
                         "the response has client_max_window_bits, which the offer did not include");
      return out;
    }
    if (!client_window->value) {
      out.fail = problem(rule::pmd_client_max_window_bits_offered_only, "the response's client_max_window_bits has no value");
      return out;
    }
    a.client_max_window_bits = *window_bits_value(*client_window->value);
    if (offer.client_max_window_bits_value && a.client_max_window_bits > *offer.client_max_window_bits_value) {
      out.fail = problem(rule::pmd_client_max_window_bits_offered_only,
                         "the response's client_max_window_bits=" + std::to_string(a.client_max_window_bits) +
                             " is larger than the offered " + std::to_string(*offer.client_max_window_bits_value));
      return out;
    }
  }
  out.agreement = a;
  return out;
}

ResponseReading read_response_header(std::string_view value, std::span<const PmdOffer> offers) {
  ResponseReading out;
  const ExtensionList list = parse_extensions(value);
  if (list.error) {
    out.fail = problem(list.error->rule, "Sec-WebSocket-Extensions: " + list.error->what + " at offset " + std::to_string(list.error->offset));
    return out;
  }
  const ExtensionElement* accepted = nullptr;
  for (const auto& e : list.elements) {
    if (e.name != kPermessageDeflate || offers.empty()) {
      out.fail = problem(rule::extension_response_offered_only, "the response accepts '" + e.name + "', which was not offered");
      return out;
    }
    if (accepted) {
      out.fail = problem(rule::pmd_response_single, "the response accepts permessage-deflate twice");
      return out;
    }
    accepted = &e;
  }
  if (!accepted) return out;
  std::optional<ResponseReading> first;
  for (const auto& offer : offers) {
    ResponseReading r = read_response(*accepted, offer);
    if (r.agreement) return r;
    if (!first) first = std::move(r);
  }
  return *first;
}

OfferList read_offer_header(std::string_view value) {
  OfferList out;
  const ExtensionList list = parse_extensions(value);
  out.error = list.error;
  for (const auto& e : list.elements)
    if (e.name == kPermessageDeflate) out.offers.push_back(read_offer(e));
  return out;
}

std::optional<ExtensionElement> accept_offer(const PmdOffer& offer, const PmdServerPolicy& policy) {
  ExtensionElement e{std::string(kPermessageDeflate), {}};
  if (offer.server_max_window_bits && *offer.server_max_window_bits < policy.min_own_window_bits) return std::nullopt;
  if (offer.server_no_context_takeover || policy.server_no_context_takeover) e.params.push_back({std::string(kServerNoTakeover), {}, false});
  if (policy.client_no_context_takeover) e.params.push_back({std::string(kClientNoTakeover), {}, false});
  if (offer.server_max_window_bits)
    e.params.push_back({std::string(kServerWindow), std::to_string(*offer.server_max_window_bits), false});
  if (policy.client_max_window_bits && offer.client_max_window_bits) {
    const int bits = std::min(*policy.client_max_window_bits, offer.client_max_window_bits_value.value_or(kMaxWindowBits));
    e.params.push_back({std::string(kClientWindow), std::to_string(bits), false});
  }
  return e;
}

ExtensionElement to_element(const PmdOffer& offer) {
  ExtensionElement e{std::string(kPermessageDeflate), {}};
  if (offer.server_no_context_takeover) e.params.push_back({std::string(kServerNoTakeover), {}, false});
  if (offer.client_no_context_takeover) e.params.push_back({std::string(kClientNoTakeover), {}, false});
  if (offer.server_max_window_bits) e.params.push_back({std::string(kServerWindow), std::to_string(*offer.server_max_window_bits), false});
  if (offer.client_max_window_bits) {
    std::optional<std::string> v;
    if (offer.client_max_window_bits_value) v = std::to_string(*offer.client_max_window_bits_value);
    e.params.push_back({std::string(kClientWindow), v, false});
  }
  return e;
}

}  // namespace wsconform::model
