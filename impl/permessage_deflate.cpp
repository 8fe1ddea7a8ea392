#include "impl/permessage_deflate.hpp"

#include <algorithm>

namespace wsconform::impl {
namespace {

constexpr std::string_view kName = "permessage-deflate";

bool token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 32 || u >= 127) return false;
  return std::string_view("()<>@,;:\\\"/[]?={}").find(c) == std::string_view::npos;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

// "8".."15" without a leading zero (RFC 7692 §7.1.2).
std::optional<int> window_bits(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  if (v->size() == 1 && (*v)[0] >= '8' && (*v)[0] <= '9') return (*v)[0] - '0';
  if (v->size() == 2 && (*v)[0] == '1' && (*v)[1] >= '0' && (*v)[1] <= '5') return 10 + ((*v)[1] - '0');
  return std::nullopt;
}

// The parameters of one offer or response, checked the way both sides check them (§7): known
// names, none twice, no value on the context-takeover flags, windows 8-15.
struct read_params {
  bool valid = true;
  bool server_no_context_takeover = false, client_no_context_takeover = false;
  bool has_server_window = false, has_client_window = false;
  std::optional<int> server_window, client_window;
};

read_params invalid() {
  read_params r;
  r.valid = false;
  return r;
}

read_params read(const extension_item& item) {
  read_params r;
  bool seen[4] = {false, false, false, false};
  for (const auto& p : item.params) {
    int which = -1;
    if (p.name == "server_no_context_takeover") which = 0;
    else if (p.name == "client_no_context_takeover") which = 1;
    else if (p.name == "server_max_window_bits") which = 2;
    else if (p.name == "client_max_window_bits") which = 3;
    if (which < 0 || seen[which]) return invalid();
    seen[which] = true;
    if (which <= 1) {
      if (p.value) return invalid();
      (which == 0 ? r.server_no_context_takeover : r.client_no_context_takeover) = true;
      continue;
    }
    const auto bits = window_bits(p.value);
    if (p.value && !bits) return invalid();
    if (which == 2) {
      if (!bits) return invalid();  // an offer and a response both give a value
      r.has_server_window = true;
      r.server_window = bits;
    } else {
      r.has_client_window = true;
      r.client_window = bits;
    }
  }
  return r;
}

}  // namespace

std::optional<std::vector<extension_item>> parse_extension_list(std::string_view s) {
  std::vector<extension_item> out;
  std::size_t i = 0;
  const auto skip = [&] {
    while (i < s.size() && is_space(s[i])) ++i;
  };
  const auto token = [&](std::string& t) {
    const std::size_t start = i;
    while (i < s.size() && token_char(s[i])) ++i;
    t.assign(s.substr(start, i - start));
    return i > start;
  };
  for (;;) {
    skip();
    if (i == s.size()) return out;
    if (s[i] == ',') {
      ++i;
      continue;
    }
    extension_item item;
    if (!token(item.name)) return std::nullopt;
    skip();
    while (i < s.size() && s[i] == ';') {
      ++i;
      skip();
      extension_param p;
      if (!token(p.name)) return std::nullopt;
      skip();
      if (i < s.size() && s[i] == '=') {
        ++i;
        skip();
        std::string v;
        if (i < s.size() && s[i] == '"') {
          for (++i;; ++i) {
            if (i == s.size()) return std::nullopt;
            if (s[i] == '"') break;
            if (s[i] == '\\' && ++i == s.size()) return std::nullopt;
            v.push_back(s[i]);
          }
          ++i;
          if (v.empty() || !std::all_of(v.begin(), v.end(), token_char)) return std::nullopt;  // §9.1
        } else if (!token(v)) {
          return std::nullopt;
        }
        p.value = std::move(v);
        skip();
      }
      item.params.push_back(std::move(p));
    }
    out.push_back(std::move(item));
    if (i == s.size()) return out;
    if (s[i] != ',') return std::nullopt;
    ++i;
  }
}

std::optional<deflate_accepted> accept_deflate_offer(std::string_view offers, const deflate_server_policy& policy) {
  if (!policy.enabled) return std::nullopt;
  const auto list = parse_extension_list(offers);
  if (!list) return std::nullopt;
  for (const auto& item : *list) {
    if (item.name != kName) continue;
    const read_params p = read(item);
    if (!p.valid) continue;  // declined (RFC 7692 §7); a later offer may do
    deflate_accepted a;
    a.response_element = std::string(kName);
    const bool reset = p.server_no_context_takeover || policy.server_no_context_takeover;
    if (reset) a.response_element += "; server_no_context_takeover";
    if (policy.client_no_context_takeover) a.response_element += "; client_no_context_takeover";
    if (p.server_window) a.response_element += "; server_max_window_bits=" + std::to_string(*p.server_window);
    if (p.has_client_window && policy.client_max_window_bits < 15) {
      const int bits = std::min(policy.client_max_window_bits, p.client_window.value_or(15));
      a.response_element += "; client_max_window_bits=" + std::to_string(bits);
    }
    a.agreement.send_window_bits = p.server_window.value_or(15);
    a.agreement.send_no_context_takeover = reset;
    a.agreement.receive_no_context_takeover = policy.client_no_context_takeover;
    return a;
  }
  return std::nullopt;
}

std::string deflate_offer(const deflate_client_offer& o) {
  std::string s(kName);
  if (o.server_no_context_takeover) s += "; server_no_context_takeover";
  if (o.client_no_context_takeover) s += "; client_no_context_takeover";
  if (o.server_max_window_bits >= 8 && o.server_max_window_bits <= 15) s += "; server_max_window_bits=" + std::to_string(o.server_max_window_bits);
  if (o.client_max_window_bits) s += "; client_max_window_bits";
  return s;
}

deflate_check check_deflate_response(const extension_item& response, const deflate_client_offer& o) {
  const read_params p = read(response);
  deflate_check c;
  c.err = error::bad_deflate_response;
  if (!p.valid) return c;
  if (o.server_no_context_takeover && !p.server_no_context_takeover) return c;              // §7.1.1.1
  const bool asked_window = o.server_max_window_bits >= 8 && o.server_max_window_bits <= 15;
  if (asked_window && (!p.server_window || *p.server_window > o.server_max_window_bits)) return c;  // §7.1.2.1
  if (p.has_client_window && (!o.client_max_window_bits || !p.client_window)) return c;     // §7.1.2.2
  c.err = error::none;
  c.agreement.send_window_bits = p.client_window.value_or(15);
  c.agreement.send_no_context_takeover = p.client_no_context_takeover || o.client_no_context_takeover;
  c.agreement.receive_no_context_takeover = p.server_no_context_takeover;
  return c;
}

}  // namespace wsconform::impl
