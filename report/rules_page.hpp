// rules.html in every report tree: each of the model's rules with the RFC 6455 sentences it
// models, and every normative sentence of §1-§11 with its rules or the reason it has none
// (model/traceability.hpp). Case pages link their rules here.
#pragma once

#include <string>
#include <string_view>

namespace wsconform::report {

inline constexpr const char* kRulesPage = "rules.html";

std::string rules_html();
std::string rule_link(std::string_view rule_id);  // "rules.html#rule-<id>"

}  // namespace wsconform::report
