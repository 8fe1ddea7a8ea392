// `wsconform rules --coverage [--sentences] [--json]`: RFC 6455 sentence by sentence - for each
// section, how many normative sentences the model's rules hold and why the rest cannot be seen
// on the wire (model/traceability.hpp).
#include <iomanip>
#include <map>
#include <set>

#include "cli/commands.hpp"
#include "model/traceability.hpp"
#include "spec/rfc6455.hpp"

namespace wsconform::cli {
namespace {

struct Counts {
  int sentences = 0, modelled = 0;
  std::map<model::Unobservable, int> by_reason;
};

std::string reasons_text(const std::map<model::Unobservable, int>& by_reason) {
  std::string s;
  for (const auto& [reason, n] : by_reason) s += (s.empty() ? "" : ", ") + std::string(model::to_string(reason)) + " " + std::to_string(n);
  return s.empty() ? "-" : s;
}

// Numeric section order: 4.2 before 4.10, 10 after 9.
bool section_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const auto x = std::stoul(a.substr(i)), y = std::stoul(b.substr(j));
    if (x != y) return x < y;
    i = a.find('.', i);
    j = b.find('.', j);
    if (i == std::string::npos || j == std::string::npos) return i == std::string::npos && j != std::string::npos;
    ++i, ++j;
  }
  return a.size() < b.size();
}

}  // namespace

nlohmann::json coverage_json() {
  const auto sentences = model::normative_sentences(spec::rfc6455_text());
  std::map<std::string, const model::Trace*> by_key;
  for (const auto& t : model::traceability()) by_key[t.key()] = &t;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : sentences) {
    nlohmann::json e = {{"key", s.key()}, {"section", s.section}, {"text", s.text}};
    if (const auto it = by_key.find(s.key()); it != by_key.end()) {
      const auto& t = *it->second;
      e["rules"] = nlohmann::json::array();
      for (const auto id : t.rule_ids()) e["rules"].push_back(id);
      if (t.reason) e["reason"] = model::to_string(*t.reason);
      if (!t.note.empty()) e["note"] = t.note;
    }
    list.push_back(std::move(e));
  }
  return {{"document", "RFC 6455"}, {"sentences", list}, {"problems", model::traceability_problems(spec::rfc6455_text())}};
}

int rules_coverage(bool json, bool with_sentences, std::ostream& out) {
  if (json) {
    out << coverage_json().dump(2) << '\n';
    return 0;
  }
  const auto sentences = model::normative_sentences(spec::rfc6455_text());
  std::map<std::string, const model::Trace*> by_key;
  for (const auto& t : model::traceability()) by_key[t.key()] = &t;
  std::map<std::string, Counts, decltype(&section_less)> per_section(&section_less);
  Counts total;
  std::set<std::string_view> cited;
  for (const auto& s : sentences) {
    auto& c = per_section[s.section];
    ++c.sentences, ++total.sentences;
    const auto it = by_key.find(s.key());
    if (it == by_key.end()) continue;
    const auto& t = *it->second;
    for (const auto id : t.rule_ids()) cited.insert(id);
    if (t.reason) {
      ++c.by_reason[*t.reason];
      ++total.by_reason[*t.reason];
    } else {
      ++c.modelled, ++total.modelled;
    }
  }

  out << "RFC 6455, sentence by sentence: " << total.sentences
      << " normative sentences in §1-§11 (each sentence with MUST, SHOULD, MAY, REQUIRED, RECOMMENDED, OPTIONAL or SHALL)\n\n";
  out << std::left << std::setw(10) << "SECTION" << std::right << std::setw(9) << "SENTENCES" << std::setw(10) << "MODELLED"
      << "  NO RULE, BY REASON\n";
  for (const auto& [section, c] : per_section)
    out << std::left << std::setw(10) << ("§" + section) << std::right << std::setw(8) << c.sentences << std::setw(10) << c.modelled
        << "  " << reasons_text(c.by_reason) << '\n';
  out << std::left << std::setw(9) << "all" << std::right << std::setw(9) << total.sentences << std::setw(10) << total.modelled << "  "
      << reasons_text(total.by_reason) << "\n\n";

  out << "Why a sentence has no rule:\n";
  for (const auto& [reason, n] : total.by_reason)
    out << "  " << std::left << std::setw(18) << model::to_string(reason) << std::right << std::setw(4) << n << "  "
        << model::describe(reason) << '\n';
  out << "\nObservable on the wire, not yet modelled:\n";
  for (const auto& t : model::traceability())
    if (t.reason == model::Unobservable::not_yet_modelled) out << "  " << std::left << std::setw(9) << t.key() << " " << t.note << '\n';

  std::map<std::string_view, std::vector<std::string_view>> uncited;  // document -> rules no sentence cites
  for (const auto& r : model::all_rules())
    if (!cited.count(r.id.value)) uncited[r.document].push_back(r.id.value);
  out << "\n" << cited.size() << " of " << model::all_rules().size() << " rules model a sentence above; the others:\n";
  for (const auto& [document, ids] : uncited) {
    out << "  " << document << " (" << ids.size() << "):";
    for (const auto id : ids) out << ' ' << id;
    out << '\n';
  }
  out << "  (RFC 7692's rules rest on its own text, not traced here; these RFC 6455 rules rest on text without a keyword - the\n"
         "  status codes of §7.4, the definitions of §7.1.4-§7.1.6 - or on RFC 3629's UTF-8.)\n";

  if (with_sentences) {
    out << "\nEvery sentence:\n";
    for (const auto& s : sentences) {
      const auto it = by_key.find(s.key());
      out << "\n" << s.key() << "  ";
      if (it == by_key.end()) {
        out << "UNCLASSIFIED";
      } else if (it->second->reason) {
        out << "[" << model::to_string(*it->second->reason) << "]";
      } else {
        out << it->second->rules;
      }
      if (it != by_key.end() && !it->second->note.empty()) out << "  (" << it->second->note << ")";
      out << "\n  " << s.text << '\n';
    }
  }
  const auto problems = model::traceability_problems(spec::rfc6455_text());
  for (const auto& p : problems) out << "problem: " << p << '\n';
  return problems.empty() ? 0 : 1;
}

}  // namespace wsconform::cli
