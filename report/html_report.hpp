// The reports a person reads: index.html (the case x agent matrix, grouped, coloured by
// verdict, counts at the top, descriptions at the bottom) and one HTML page per case (all of
// Autobahn's case page, plus the model's rules with their RFC text and the first point where
// the target left the allowed set). Self-contained files: inline CSS, no fetches.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "conformance/run.hpp"

namespace wsconform::report {

std::string case_page_file(const std::string& agent, const std::string& case_id);  // "<agent>_case_<id>.html"

std::string index_html(const std::vector<conformance::CaseResult>& results);
std::string case_html(const conformance::CaseResult& r);

// Writes index.html, rules.html and every case page into `dir`. Returns an error message, or empty.
std::string write_html_reports(const std::filesystem::path& dir, const std::vector<conformance::CaseResult>& results);

// The CSS class of a verdict: pass, nonstrict, info, unimplemented, fail.
std::string verdict_class(cases::Behavior verdict);
std::string verdict_class(cases::CloseBehavior verdict);

}  // namespace wsconform::report
