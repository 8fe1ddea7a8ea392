// Every key of Autobahn's spec files (fuzzingclient.json, fuzzingserver.json) and what
// wsconform does with it: supported, ignored with a warning, or refused with a reason. An
// unknown key is an error (a misspelt "exclude-cases" would otherwise run every case).
// docs/wstest-spec-files.md is this table in prose.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace wsconform::cli {

enum class SpecKind { fuzzingclient, fuzzingserver };
enum class KeyHandling { supported, ignored, refused };

struct SpecKey {
  std::string_view where;  // "fuzzingclient", "fuzzingserver", "servers[]" (a server entry), "options" (engine options)
  std::string_view key;
  KeyHandling handling;
  std::string_view why;    // what it does here, or why it is ignored or refused
};
std::span<const SpecKey> spec_keys();

struct SpecCheck {
  std::vector<std::string> warnings;  // ignored keys, one line each
  std::optional<std::string> error;   // the first refused or unknown key: exit status 2
};
// Checks every key of a parsed spec (top level, each server entry, each "options" object).
SpecCheck check_spec_keys(const nlohmann::json& spec, SpecKind kind);

}  // namespace wsconform::cli
