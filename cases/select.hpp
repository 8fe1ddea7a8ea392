// Case selection with Autobahn's semantics: a pattern with '*' is a wildcard matched from the
// start of the id ('.' literal, '*' any run), one without is an exact id; the result is the
// selected minus the excluded, in numeric id order.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cases/case.hpp"

namespace wsconform::cases {

bool id_matches(const std::string& pattern, const std::string& id);

// Compares "9.10.1" > "9.2.1" numerically, part by part.
bool id_less(const std::string& a, const std::string& b);

// Autobahn's exclude-agent-cases: agent patterns are anchored at both ends, '*' a wildcard.
using AgentExcludes = std::vector<std::pair<std::string, std::vector<std::string>>>;
bool agent_matches(const std::string& pattern, const std::string& agent);
// The case patterns the table excludes for `agent`.
std::vector<std::string> excluded_for_agent(const AgentExcludes& table, const std::string& agent);

std::vector<const Case*> select(const std::vector<Case>& all, const std::vector<std::string>& include,
                                const std::vector<std::string>& exclude);

// The quick tier of 12.x and 13.x: only size indices 1-5 of each subgroup (messages up to 4 KiB),
// which keeps every corpus, offer and acceptor - all the negotiation and context-takeover
// coverage - at 0.6 % of the octets. Every other case stays as selected.
std::vector<const Case*> deflate_quick_tier(std::vector<const Case*> selected);

}  // namespace wsconform::cases
