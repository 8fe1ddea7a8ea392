// JUnit XML for CI: one <testsuite> per case group, one <testcase> per case. FAILED verdicts
// are failures (with the verdict and the reason); UNIMPLEMENTED cases are skipped; NON-STRICT
// and INFORMATIONAL pass unless the options make them failures.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "conformance/run.hpp"

namespace wsconform::report {

struct JunitOptions {
  bool non_strict_fails = false;
  bool informational_fails = false;
};

std::string junit_xml(const std::vector<conformance::CaseResult>& results, const JunitOptions& options = {});
std::string write_junit_report(const std::filesystem::path& file, const std::vector<conformance::CaseResult>& results,
                               const JunitOptions& options = {});

}  // namespace wsconform::report
