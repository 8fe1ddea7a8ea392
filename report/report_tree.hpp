// The whole report tree a run leaves in its folder, as every command writes it: Autobahn's
// index.json and per-case JSON, index.html and per-case pages, and junit.xml.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "conformance/run.hpp"
#include "report/junit_report.hpp"

namespace wsconform::report {

// Returns the first error, or empty.
std::string write_report_tree(const std::filesystem::path& dir, const std::vector<conformance::CaseResult>& results,
                              const JunitOptions& junit = {});

}  // namespace wsconform::report
