// The cost estimate that orders a parallel run over TCP: long cases are known to be long.
#include <gtest/gtest.h>

#include "cases/catalogue.hpp"
#include "cases/cost.hpp"

namespace wsconform::cases {
namespace {

const Case& by_id(const std::string& id) {
  for (const auto& c : catalogue())
    if (c.id == id) return c;
  throw std::runtime_error("no case " + id);
}

TEST(CaseCost, ChoppedMegabyteCases9_5_1And9_6_1AreTheLongestOfGroup9) {
  const double chopped = estimated_network_seconds(by_id("9.5.1"));
  EXPECT_GT(chopped, 1.0);  // 16,384 chops a pause apart
  for (const auto& c : catalogue()) {
    if (c.id.rfind("9.", 0) != 0 || c.id == "9.5.1" || c.id == "9.6.1") continue;
    EXPECT_LT(estimated_network_seconds(c), chopped) << c.id;
  }
}

TEST(CaseCost, WaitsCount_6_4_1SitsThroughItsOneSecondWait) {
  EXPECT_GE(estimated_network_seconds(by_id("6.4.1")), 1.0);
  EXPECT_LT(estimated_network_seconds(by_id("1.1.1")), 0.01);
}

TEST(CaseCost, TheChopPauseScalesOctetWiseCases_3_4) {
  EXPECT_LT(estimated_network_seconds(by_id("3.4"), 0), estimated_network_seconds(by_id("3.4"), 1e-3));
}

}  // namespace
}  // namespace wsconform::cases
