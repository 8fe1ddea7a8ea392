// Whether a rule is proven by a test of this binary named after it: the id with '.' and '-' as
// '_' inside the test's full name (RuleTable's own tests excepted).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>

namespace wsconform::model {

inline std::string mangled(std::string_view id) {
  std::string s(id);
  std::replace(s.begin(), s.end(), '.', '_');
  std::replace(s.begin(), s.end(), '-', '_');
  return s;
}

inline bool proven_by_a_test_named_after(std::string_view rule_id) {
  const std::string want = mangled(rule_id);
  const auto* unit = ::testing::UnitTest::GetInstance();
  for (int i = 0; i < unit->total_test_suite_count(); ++i) {
    const auto* suite = unit->GetTestSuite(i);
    for (int j = 0; j < suite->total_test_count(); ++j) {
      const std::string name = std::string(suite->name()) + "." + suite->GetTestInfo(j)->name();
      if (name.find(want) != std::string::npos && name.rfind("RuleTable.", 0) != 0) return true;
    }
  }
  return false;
}

}  // namespace wsconform::model
