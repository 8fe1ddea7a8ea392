#include "cli/spec_file.hpp"

#include <fstream>

namespace wsconform::cli {
namespace {

std::vector<std::string> strings(const nlohmann::json& j) {
  std::vector<std::string> v;
  if (j.is_array())
    for (const auto& x : j)
      if (x.is_string()) v.push_back(x.get<std::string>());
  return v;
}

// Autobahn's keys and their defaults, from a parsed spec object.
SpecFile from_json(nlohmann::json json, const std::string& default_outdir) {
  SpecFile s;
  s.json = std::move(json);
  s.outdir = s.json.value("outdir", default_outdir);
  s.cases = strings(s.json.value("cases", nlohmann::json::array()));
  if (s.cases.empty()) s.cases = {"*"};
  s.exclude_cases = strings(s.json.value("exclude-cases", nlohmann::json::array()));
  if (const auto it = s.json.find("exclude-agent-cases"); it != s.json.end() && it->is_object())
    for (auto a = it->begin(); a != it->end(); ++a) s.agent_excludes.emplace_back(a.key(), strings(a.value()));
  return s;
}

}  // namespace

SpecFile default_spec(const std::string& default_outdir) { return from_json(nlohmann::json::object(), default_outdir); }

std::optional<SpecFile> read_spec_file(const std::string& path, SpecKind kind, const std::string& default_outdir, const std::string& who,
                                       std::ostream& err, const std::string& example) {
  std::ifstream in(path);
  if (!in) {
    err << who << ": cannot read spec file " << path << '\n';
    if (!example.empty()) err << "a spec file in Autobahn's format, for example:\n" << example << '\n';
    return std::nullopt;
  }
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(in, nullptr, true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::exception& e) {
    err << who << ": " << path << " is not JSON: " << e.what() << '\n';
    return std::nullopt;
  }
  if (!json.is_object()) {
    err << who << ": " << path << " must hold a JSON object\n";
    return std::nullopt;
  }
  const SpecCheck check = check_spec_keys(json, kind);
  for (const auto& w : check.warnings) err << who << ": " << path << ": " << w << '\n';
  if (check.error) {
    err << who << ": " << path << ": " << *check.error << " (docs/wstest-spec-files.md lists every key)\n";
    return std::nullopt;
  }
  return from_json(std::move(json), default_outdir);
}

void apply_engine_options(const nlohmann::json& options, runner::TesterOptions& tester) {
  if (!options.is_object()) return;
  auto seconds = [&](const char* key, double& into) {
    if (const auto it = options.find(key); it != options.end() && it->is_number() && it->get<double>() > 0) into = it->get<double>();
  };
  seconds("openHandshakeTimeout", tester.open_handshake_timeout);
  seconds("closeHandshakeTimeout", tester.close_handshake_timeout);
  seconds("serverConnectionDropTimeout", tester.server_connection_drop_timeout);
}

}  // namespace wsconform::cli
