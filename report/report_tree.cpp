#include "report/report_tree.hpp"

#include "report/html_report.hpp"
#include "report/json_report.hpp"

namespace wsconform::report {

std::string write_report_tree(const std::filesystem::path& dir, const std::vector<conformance::CaseResult>& results,
                              const JunitOptions& junit) {
  for (const std::string& e : {write_json_reports(dir, results), write_html_reports(dir, results),
                               write_junit_report(dir / "junit.xml", results, junit)})
    if (!e.empty()) return e;
  return {};
}

}  // namespace wsconform::report
