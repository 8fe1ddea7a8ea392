#include "report/junit_report.hpp"

#include "cases/select.hpp"
#include "report/report_files.hpp"

#include <map>
#include <sstream>

namespace wsconform::report {
namespace {

std::string xml(std::string_view s) {
  std::string o;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&apos;"; break;
      default:
        if (u < 0x20 && c != '\n' && c != '\t' && c != '\r') o += '?';  // not allowed in XML 1.0
        else o += c;
    }
  }
  return o;
}

std::string seconds(double s) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3f", s);
  return b;
}

}  // namespace

std::string junit_xml(const std::vector<conformance::CaseResult>& results, const JunitOptions& options) {
  struct Suite {
    std::vector<const conformance::CaseResult*> cases;
    int failures = 0, skipped = 0;
    double time = 0;
  };
  std::map<std::string, Suite, decltype(&cases::id_less)> suites(&cases::id_less);  // by group, in id order
  auto failing = [&](const conformance::CaseResult& r) {
    const auto& b = r.autobahn.behavior;
    return b == cases::Behavior::failed || r.autobahn.behavior_close == cases::CloseBehavior::failed || (options.non_strict_fails && b == cases::Behavior::non_strict) ||
           (options.informational_fails && b == cases::Behavior::informational);
  };
  int total = 0, failures = 0, skipped = 0;
  double time = 0;
  for (const auto& r : results) {
    auto& s = suites[r.c->id.substr(0, r.c->id.find('.'))];
    s.cases.push_back(&r);
    const double t = r.run.case_end - r.run.case_start;
    s.time += t;
    time += t;
    ++total;
    if (r.autobahn.behavior == cases::Behavior::unimplemented) {
      ++s.skipped;
      ++skipped;
    } else if (failing(r)) {
      ++s.failures;
      ++failures;
    }
  }
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"wsconform\" tests=\"" << total << "\" failures=\"" << failures
    << "\" errors=\"0\" skipped=\"" << skipped << "\" time=\"" << seconds(time) << "\">\n";
  int id = 0;
  for (const auto& [group, s] : suites) {
    const std::string agent = s.cases.front()->run.agent;
    x << "  <testsuite name=\"" << xml(agent) << "." << group << "\" id=\"" << id++ << "\" package=\"" << xml(agent) << "\" tests=\""
      << s.cases.size() << "\" failures=\"" << s.failures << "\" errors=\"0\" skipped=\"" << s.skipped << "\" time=\""
      << seconds(s.time) << "\" hostname=\"localhost\" timestamp=\"" << xml(s.cases.front()->run.started.substr(0, 19)) << "\">\n";
    for (const auto* r : s.cases) {
      x << "    <testcase name=\"" << xml(r->c->id) << "\" classname=\"" << xml(agent) << "." << group << "\" time=\""
        << seconds(r->run.case_end - r->run.case_start) << "\"";
      const std::string verdict = std::string(to_string(r->autobahn.behavior)) + " / " + std::string(to_string(r->autobahn.behavior_close));
      const std::string detail = verdict + ": " + r->autobahn.result + " " + r->autobahn.result_close + " (model: " +
                                 std::string(to_string(r->model.behavior)) + ")";
      if (r->autobahn.behavior == cases::Behavior::unimplemented) {
        x << ">\n      <skipped message=\"" << xml(r->autobahn.result) << "\"/>\n    </testcase>\n";
      } else if (failing(*r)) {
        x << ">\n      <failure message=\"" << xml(verdict) << "\" type=\""
          << xml(std::string(to_string(r->autobahn.behavior))) << "\">" << xml(detail) << "\n" << xml(r->c->description) << "</failure>\n    </testcase>\n";
      } else {
        x << "/>\n";
      }
    }
    x << "  </testsuite>\n";
  }
  x << "</testsuites>\n";
  return x.str();
}

std::string write_junit_report(const std::filesystem::path& file, const std::vector<conformance::CaseResult>& results,
                               const JunitOptions& options) {
  return write_report_file(file, junit_xml(results, options), file.string());
}

}  // namespace wsconform::report
