// Autobahn's spec files (fuzzingclient.json, fuzzingserver.json), read the way wstest reads
// them: JSON (comments tolerated), case patterns under "cases" / "exclude-cases", agent
// exclusions under "exclude-agent-cases", reports under "outdir", engine "options".
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cases/select.hpp"
#include "cli/spec_keys.hpp"
#include "runner/tester.hpp"

namespace wsconform::cli {

struct SpecFile {
  nlohmann::json json;
  std::string outdir;
  std::vector<std::string> cases;          // ["*"] when absent
  std::vector<std::string> exclude_cases;
  cases::AgentExcludes agent_excludes;
};

// Reads `path`; on failure says why on `err` (prefixed with `who`, followed by `example`, a
// spec that would do) and returns nothing. Every key is checked against Autobahn's
// (cli/spec_keys.hpp): an unknown or refused one is a failure, an ignored one a warning on `err`.
std::optional<SpecFile> read_spec_file(const std::string& path, SpecKind kind, const std::string& default_outdir, const std::string& who,
                                       std::ostream& err, const std::string& example = {});

// A spec with every default (all cases, `outdir` as given), as if read from "{}".
SpecFile default_spec(const std::string& default_outdir);

// Autobahn's engine options that map onto the tester: openHandshakeTimeout,
// closeHandshakeTimeout, serverConnectionDropTimeout (seconds). Others are ignored.
void apply_engine_options(const nlohmann::json& options, runner::TesterOptions& tester);

}  // namespace wsconform::cli
