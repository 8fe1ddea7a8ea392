// What changed between two report folders (ours or Autobahn's own): each case's verdicts in
// OLD/index.json against NEW/index.json - regressions, improvements, new and missing cases.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cases/behavior.hpp"

namespace wsconform::report {

struct CaseChange {
  enum class Kind { regressed, improved, changed, added, missing } kind;
  std::string agent;  // NEW's agent name
  std::string id;
  std::string old_behavior, old_close, new_behavior, new_close;  // the words each report wrote
};

struct RunDiff {
  std::string old_agent, new_agent;
  std::size_t compared = 0;
  std::vector<CaseChange> changes;
  bool has_regression() const;
};

// Verdict severity for ordering: OK < NON-STRICT < INFORMATIONAL < UNIMPLEMENTED < FAILED, and
// OK < FAILED BY CLIENT < INFORMATIONAL < WRONG CODE < UNCLEAN < FAILED for the close.
int behavior_rank(cases::Behavior verdict);
int close_rank(cases::CloseBehavior verdict);

// Compares two parsed index.json documents. With one agent on each side the two are compared
// whatever their names; otherwise agents are matched by name.
std::vector<RunDiff> diff_indexes(const nlohmann::json& old_index, const nlohmann::json& new_index);

// Loads DIR/index.json (or a path to an index.json file). Empty error string on success.
std::string load_index(const std::filesystem::path& where, nlohmann::json& out);

std::string kind_name(CaseChange::Kind k);

}  // namespace wsconform::report
