#include "report/run_diff.hpp"

#include <fstream>

namespace wsconform::report {

bool RunDiff::has_regression() const {
  for (const auto& c : changes)
    if (c.kind == CaseChange::Kind::regressed || c.kind == CaseChange::Kind::missing) return true;
  return false;
}

int behavior_rank(cases::Behavior v) {
  switch (v) {
    case cases::Behavior::ok: return 0;
    case cases::Behavior::non_strict: return 1;
    case cases::Behavior::informational: return 2;
    case cases::Behavior::unimplemented: return 3;
    case cases::Behavior::failed: return 4;
  }
  return 4;
}

int close_rank(cases::CloseBehavior v) {
  switch (v) {
    case cases::CloseBehavior::ok: return 0;
    case cases::CloseBehavior::failed_by_client: return 1;
    case cases::CloseBehavior::informational: return 2;
    case cases::CloseBehavior::wrong_code: return 3;
    case cases::CloseBehavior::unclean: return 4;
    case cases::CloseBehavior::failed: return 5;
  }
  return 5;
}

std::string kind_name(CaseChange::Kind k) {
  switch (k) {
    case CaseChange::Kind::regressed: return "regressed";
    case CaseChange::Kind::improved: return "improved";
    case CaseChange::Kind::changed: return "changed";
    case CaseChange::Kind::added: return "new";
    case CaseChange::Kind::missing: return "missing";
  }
  return "?";
}

namespace {

RunDiff diff_agent(const std::string& old_agent, const nlohmann::json& old_cases, const std::string& new_agent,
                   const nlohmann::json& new_cases) {
  RunDiff d{old_agent, new_agent, 0, {}};
  auto verdict = [](const nlohmann::json& c, const char* key) { return c.contains(key) ? c[key].get<std::string>() : "?"; };
  for (auto it = old_cases.begin(); it != old_cases.end(); ++it) {
    const std::string id = it.key();
    if (!new_cases.contains(id)) {
      d.changes.push_back({CaseChange::Kind::missing, new_agent, id, verdict(*it, "behavior"), verdict(*it, "behaviorClose"), "", ""});
      continue;
    }
    ++d.compared;
    const auto& o = *it;
    const auto& n = new_cases[id];
    const std::string ob = verdict(o, "behavior"), oc = verdict(o, "behaviorClose");
    const std::string nb = verdict(n, "behavior"), nc = verdict(n, "behaviorClose");
    if (ob == nb && oc == nc) continue;
    // A word Autobahn never writes ranks as FAILED.
    const auto rank = [](const std::string& word) { return behavior_rank(cases::behavior_named(word).value_or(cases::Behavior::failed)); };
    const auto rank_close = [](const std::string& word) {
      return close_rank(cases::close_behavior_named(word).value_or(cases::CloseBehavior::failed));
    };
    const int db = rank(nb) - rank(ob), dc = rank_close(nc) - rank_close(oc);
    const auto kind = (db > 0 || dc > 0) ? CaseChange::Kind::regressed
                      : (db < 0 || dc < 0) ? CaseChange::Kind::improved
                                           : CaseChange::Kind::changed;
    d.changes.push_back({kind, new_agent, id, ob, oc, nb, nc});
  }
  for (auto it = new_cases.begin(); it != new_cases.end(); ++it)
    if (!old_cases.contains(it.key()))
      d.changes.push_back({CaseChange::Kind::added, new_agent, it.key(), "", "", verdict(*it, "behavior"), verdict(*it, "behaviorClose")});
  return d;
}

}  // namespace

std::vector<RunDiff> diff_indexes(const nlohmann::json& old_index, const nlohmann::json& new_index) {
  std::vector<RunDiff> out;
  if (old_index.size() == 1 && new_index.size() == 1) {
    out.push_back(diff_agent(old_index.begin().key(), old_index.begin().value(), new_index.begin().key(), new_index.begin().value()));
    return out;
  }
  for (auto it = new_index.begin(); it != new_index.end(); ++it) {
    if (old_index.contains(it.key()))
      out.push_back(diff_agent(it.key(), old_index[it.key()], it.key(), it.value()));
    else
      out.push_back(diff_agent(it.key(), nlohmann::json::object(), it.key(), it.value()));
  }
  for (auto it = old_index.begin(); it != old_index.end(); ++it)
    if (!new_index.contains(it.key())) out.push_back(diff_agent(it.key(), it.value(), it.key(), nlohmann::json::object()));
  return out;
}

std::string load_index(const std::filesystem::path& where, nlohmann::json& out) {
  const auto file = std::filesystem::is_directory(where) ? where / "index.json" : where;
  std::ifstream in(file);
  if (!in) return "cannot read " + file.string() + " (give a report folder or an index.json)";
  try {
    out = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    return file.string() + " is not JSON: " + e.what();
  }
  if (!out.is_object()) return file.string() + " is not an Autobahn index.json (expected {agent: {case: {...}}})";
  for (auto it = out.begin(); it != out.end(); ++it)
    if (!it.value().is_object()) return file.string() + " is not an Autobahn index.json (agent " + it.key() + " is not an object)";
  return {};
}

}  // namespace wsconform::report
