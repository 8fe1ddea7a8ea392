// `wsconform diff OLD NEW [--json]`: what changed between two report folders.
#include <cstdio>
#include <map>

#include "cli/commands.hpp"
#include "report/run_diff.hpp"

namespace wsconform::cli {

int diff_command(Args args, std::ostream& out, std::ostream& err) {
  bool json = false;
  std::vector<std::string_view> paths;
  for (auto a : args) {
    if (a == "--json") json = true;
    else if (!a.empty() && a[0] == '-') {
      err << "usage: wsconform diff OLD NEW [--json]   (report folders or index.json files; exit 1 on a regression)\n";
      return 2;
    } else paths.push_back(a);
  }
  if (paths.size() != 2) {
    err << "usage: wsconform diff OLD NEW [--json]   (report folders or index.json files; exit 1 on a regression)\n";
    return 2;
  }
  nlohmann::json old_index, new_index;
  for (auto [path, doc] : {std::pair{paths[0], &old_index}, std::pair{paths[1], &new_index}})
    if (const std::string e = report::load_index(std::string(path), *doc); !e.empty()) {
      err << "wsconform diff: " << e << '\n';
      return 2;
    }
  const auto diffs = report::diff_indexes(old_index, new_index);
  bool regression = false;
  if (json) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto& d : diffs) {
      nlohmann::ordered_json changes = nlohmann::ordered_json::array();
      for (const auto& c : d.changes)
        changes.push_back({{"case", c.id}, {"change", report::kind_name(c.kind)}, {"old", {{"behavior", c.old_behavior}, {"behaviorClose", c.old_close}}},
                           {"new", {{"behavior", c.new_behavior}, {"behaviorClose", c.new_close}}}});
      a.push_back({{"oldAgent", d.old_agent}, {"newAgent", d.new_agent}, {"compared", d.compared}, {"regression", d.has_regression()}, {"changes", changes}});
      regression |= d.has_regression();
    }
    out << a.dump(2) << '\n';
    return regression ? 1 : 0;
  }
  for (const auto& d : diffs) {
    regression |= d.has_regression();
    std::map<std::string, int> counts;
    for (const auto& c : d.changes) ++counts[report::kind_name(c.kind)];
    out << d.old_agent << " -> " << d.new_agent << ": " << d.compared << " cases compared";
    for (const auto& [k, n] : counts) out << ", " << n << " " << k;
    out << '\n';
    if (d.changes.empty()) continue;
    char line[160];
    std::snprintf(line, sizeof line, "  %-10s %-9s %-30s %-30s\n", "CHANGE", "CASE", "OLD", "NEW");
    out << line;
    for (const auto& c : d.changes) {
      const std::string o = c.old_behavior.empty() ? "-" : c.old_behavior + " / " + c.old_close;
      const std::string n = c.new_behavior.empty() ? "-" : c.new_behavior + " / " + c.new_close;
      std::snprintf(line, sizeof line, "  %-10s %-9s %-30s %-30s\n", report::kind_name(c.kind).c_str(), c.id.c_str(), o.c_str(), n.c_str());
      out << line;
    }
  }
  if (regression) out << "\nregression: at least one case got worse or went missing\n";
  return regression ? 1 : 0;
}

}  // namespace wsconform::cli
