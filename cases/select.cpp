#include "cases/select.hpp"

#include <algorithm>

namespace wsconform::cases {
namespace {

// '*' matches any run; everything else literally; anchored at the start, and (as Autobahn's
// regex match) not at the end, so "6.1*" also selects 6.10-6.19.
bool wildcard_prefix(const char* p, const char* s) {
  if (*p == '\0') return true;
  if (*p == '*') {
    for (const char* t = s;; ++t) {
      if (wildcard_prefix(p + 1, t)) return true;
      if (*t == '\0') return false;
    }
  }
  return *s != '\0' && *p == *s && wildcard_prefix(p + 1, s + 1);
}

std::vector<long> parts(const std::string& id) {
  std::vector<long> v;
  std::size_t at = 0;
  while (at <= id.size()) {
    const auto dot = id.find('.', at);
    v.push_back(std::strtol(id.substr(at, dot - at).c_str(), nullptr, 10));
    if (dot == std::string::npos) break;
    at = dot + 1;
  }
  return v;
}

}  // namespace

bool id_matches(const std::string& pattern, const std::string& id) {
  if (pattern.find('*') == std::string::npos) return pattern == id;
  return wildcard_prefix(pattern.c_str(), id.c_str());
}

bool id_less(const std::string& a, const std::string& b) { return parts(a) < parts(b); }

std::vector<const Case*> select(const std::vector<Case>& all, const std::vector<std::string>& include,
                                const std::vector<std::string>& exclude) {
  std::vector<const Case*> out;
  for (const auto& c : all) {
    const bool in = std::any_of(include.begin(), include.end(), [&](const std::string& p) { return id_matches(p, c.id); });
    const bool out_ = std::any_of(exclude.begin(), exclude.end(), [&](const std::string& p) { return id_matches(p, c.id); });
    if (in && !out_) out.push_back(&c);
  }
  std::stable_sort(out.begin(), out.end(), [](const Case* a, const Case* b) { return id_less(a->id, b->id); });
  return out;
}

}  // namespace wsconform::cases
