#include "cases/select.hpp"

#include <algorithm>

namespace wsconform::cases {
namespace {

// '*' matches any run; everything else literally; anchored at the start. With `whole`, also
// at the end (agent patterns); without, a prefix match as Autobahn's regex match of case ids,
// so "6.1*" also selects 6.10-6.19.
bool wildcard(const char* p, const char* s, bool whole) {
  if (*p == '\0') return !whole || *s == '\0';
  if (*p == '*') {
    for (const char* t = s;; ++t) {
      if (wildcard(p + 1, t, whole)) return true;
      if (*t == '\0') return false;
    }
  }
  return *s != '\0' && *p == *s && wildcard(p + 1, s + 1, whole);
}

// An id part: numbers order numerically and before words ("9" < "10" < "z3").
struct Part {
  bool word;
  long number;
  std::string text;
  friend bool operator<(const Part& a, const Part& b) {
    if (a.word != b.word) return !a.word;
    return a.word ? a.text < b.text : a.number < b.number;
  }
};

std::vector<Part> parts(const std::string& id) {
  std::vector<Part> v;
  std::size_t at = 0;
  while (at <= id.size()) {
    const auto dot = id.find('.', at);
    const std::string p = id.substr(at, dot == std::string::npos ? std::string::npos : dot - at);
    const bool numeric = !p.empty() && std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
    v.push_back({!numeric, numeric ? std::strtol(p.c_str(), nullptr, 10) : 0, p});
    if (dot == std::string::npos) break;
    at = dot + 1;
  }
  return v;
}

}  // namespace

bool id_matches(const std::string& pattern, const std::string& id) {
  if (pattern.find('*') == std::string::npos) return pattern == id;
  return wildcard(pattern.c_str(), id.c_str(), /*whole=*/false);
}

bool agent_matches(const std::string& pattern, const std::string& agent) { return wildcard(pattern.c_str(), agent.c_str(), /*whole=*/true); }

std::vector<std::string> excluded_for_agent(const AgentExcludes& table, const std::string& agent) {
  std::vector<std::string> out;
  for (const auto& [pattern, case_patterns] : table)
    if (agent_matches(pattern, agent)) out.insert(out.end(), case_patterns.begin(), case_patterns.end());
  return out;
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

std::vector<const Case*> deflate_quick_tier(std::vector<const Case*> selected) {
  std::erase_if(selected, [](const Case* c) {
    return c->grading == Grading::deflate_echo && std::stoi(c->id.substr(c->id.rfind('.') + 1)) > 5;
  });
  return selected;
}

}  // namespace wsconform::cases
