// The conformance catalogue: Autobahn|Testsuite's cases with the same ids, in its run order,
// plus the groups wsconform adds. Every case is data (case.hpp).
#pragma once

#include <string>
#include <vector>

#include "cases/case.hpp"

namespace wsconform::cases {

// All cases, in run order. Built once; checked on first use (check_catalogue()).
const std::vector<Case>& catalogue();

// Problems in the catalogue (duplicate ids, unknown rules, a case expecting close behaviour
// without any code...); empty when it is sound.
std::vector<std::string> check_catalogue(const std::vector<Case>& cases);

// The groups, one builder each (cases/group_*.cpp), appended in Autobahn's order.
void add_framing_cases(std::vector<Case>& out);        // 1.x
void add_ping_cases(std::vector<Case>& out);           // 2.x
void add_reserved_cases(std::vector<Case>& out);       // 3.x, 4.x
void add_fragmentation_cases(std::vector<Case>& out);  // 5.x
void add_utf8_cases(std::vector<Case>& out);           // 6.x
void add_close_cases(std::vector<Case>& out);          // 7.x
void add_limits_cases(std::vector<Case>& out);         // 9.x, 10.x
void add_deflate_cases(std::vector<Case>& out);        // 12.x, 13.x (need permessage-deflate)
void add_boundary_cases(std::vector<Case>& out);       // z3.x: every edge Z3 finds in the model's numeric rules
void add_rfc_cases(std::vector<Case>& out);            // rfc.x: requirements Autobahn never tests, graded by the model
void add_pmd_cases(std::vector<Case>& out);            // pmd.x: RFC 7692 beyond Autobahn, graded by the model
void add_pmd_negotiation_cases(std::vector<Case>& out);  // pmd.negotiate.x: RFC 7692 §7 forms, both directions (in add_pmd_cases)
void add_handshake_cases(std::vector<Case>& out);      // hs.x: RFC 6455 §4, one role each, graded by the model

// hs.request.* test servers, hs.response.* clients; every other case both.
bool applies_to(const Case& c, bool target_is_server);
std::vector<const Case*> for_target(std::vector<const Case*> selected, bool target_is_server);

}  // namespace wsconform::cases
