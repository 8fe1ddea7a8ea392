// A check finding as a file: the target, the seed and run it came from, the finding, and the
// shrunk steps with the exact octets of every write - `wsconform replay FILE` runs it again
// against any target, `wsconform explain FILE` says what happened and what the RFC allowed.
//
//   {"wsconform-check-case": 1, "target": "ws://127.0.0.1:9001/", "role": "server",
//    "seed": 7, "run": 118, "steps_drawn": 9,
//    "finding": {"rule": "...", "section": "...", "detail": "...", "cites": "..."},
//    "steps": [{"what": "peer sends Close 1004 ...", "close": {"code": 1004, "reason": "6f6b"}},
//              {"what": "peer sends a text message ...", "writes": ["819e...", "..."]},
//              {"what": "peer closes TCP", "close_tcp": true}]}
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "check/connection.hpp"

namespace wsconform::check {

struct CaseFile {
  std::string target;  // what it was found against
  model::Role role = model::Role::server;
  std::uint64_t seed = 0, run = 0;
  std::size_t steps_drawn = 0;
  std::optional<Finding> finding;
  std::vector<Step> steps;
};

std::string write_case_file(const CaseFile& c);
// The file's text read back; an error names what is wrong with it.
struct CaseFileReading {
  std::optional<CaseFile> file;
  std::string error;
};
CaseFileReading read_case_file(const std::string& text);
// Whether `text` looks like a check case file (a JSON object) rather than a binary fuzz input.
bool looks_like_case_file(const std::string& text);

}  // namespace wsconform::check
