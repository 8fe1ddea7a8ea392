#include <algorithm>
#include <iomanip>
#include <map>

#include "cli/commands.hpp"
#include "model/rule.hpp"

namespace wsconform::cli {

nlohmann::json rules_json() {
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& r : model::all_rules()) {
    rules.push_back({{"id", r.id.value},
                     {"document", r.document},
                     {"section", r.section},
                     {"level", model::to_string(r.level)},
                     {"role", model::to_string(r.binds)},
                     {"statement", r.statement},
                     {"cites", r.cites}});
  }
  return rules;
}

int rules_command(Args args, std::ostream& out, std::ostream& err) {
  bool json = false, coverage = false, sentences = false;
  for (auto a : args) {
    if (a == "--json") {
      json = true;
    } else if (a == "--coverage") {
      coverage = true;
    } else if (a == "--sentences") {
      sentences = coverage = true;
    } else {
      err << "wsconform rules: unknown option '" << a << "' (usage: wsconform rules [--coverage [--sentences]] [--json])\n";
      return 2;
    }
  }
  if (coverage) return rules_coverage(json, sentences, out);
  if (json) {
    out << rules_json().dump(2) << '\n';
    return 0;
  }
  std::size_t id_width = 2;
  for (const auto& r : model::all_rules()) id_width = std::max(id_width, r.id.value.size());
  out << std::left << std::setw(static_cast<int>(id_width)) << "ID" << "  " << std::setw(8) << "RFC" << "  " << std::setw(12)
      << "SECTION" << "  " << std::setw(11) << "LEVEL" << "  " << std::setw(6) << "ROLE"
      << "  STATEMENT\n";
  for (const auto& r : model::all_rules()) {
    out << std::left << std::setw(static_cast<int>(id_width)) << r.id.value << "  " << std::setw(8) << r.document.substr(4) << "  §"
        << std::setw(11) << r.section << "  " << std::setw(11) << model::to_string(r.level)
        << "  " << std::setw(6) << model::to_string(r.binds) << "  " << r.statement << '\n';
  }
  std::map<std::string_view, int> per_level;
  std::map<std::string_view, int> per_document;
  for (const auto& r : model::all_rules()) {
    ++per_level[model::to_string(r.level)];
    ++per_document[r.document];
  }
  out << '\n' << model::all_rules().size() << " rules:";
  for (const auto& [level, n] : per_level) out << "  " << level << " " << n;
  out << "\n  by document:";
  for (const auto& [document, n] : per_document) out << "  " << document << " " << n;
  out << '\n';
  return 0;
}

}  // namespace wsconform::cli
