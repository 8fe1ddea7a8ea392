// A check case file keeps every step exactly (octets, Close codes and reasons, TCP closes) and
// names what is wrong with a file it cannot read.
#include <gtest/gtest.h>

#include "check/case_file.hpp"

namespace wsconform::check {
namespace {

TEST(CheckCaseFile, steps_round_trip_exactly) {
  CaseFile c;
  c.target = "ws://127.0.0.1:9001/";
  c.role = model::Role::client;
  c.seed = 5;
  c.run = 99;
  c.steps_drawn = 12;
  c.finding = Finding{"close.code.invalid-fail", "§7.4.1", "replied 1000", "MUST"};
  Step w{Step::Kind::write, "writes", {{0x81, 0x00}, {0x00, 0xff}}, std::nullopt, {}};
  Step cl{Step::Kind::close, "close", {}, std::uint16_t{1004}, {0xed, 0xa0}};
  Step empty_close{Step::Kind::close, "close without a code", {}, std::nullopt, {}};
  Step tcp{Step::Kind::close_tcp, "tcp", {}, std::nullopt, {}};
  c.steps = {w, cl, empty_close, tcp};
  const auto text = write_case_file(c);
  EXPECT_TRUE(looks_like_case_file(text));
  const auto back = read_case_file(text);
  ASSERT_TRUE(back.file) << back.error;
  EXPECT_EQ(back.file->steps, c.steps);
  EXPECT_EQ(back.file->role, model::Role::client);
  EXPECT_EQ(back.file->run, 99u);
  ASSERT_TRUE(back.file->finding);
  EXPECT_EQ(back.file->finding->rule, "close.code.invalid-fail");
}

TEST(CheckCaseFile, unreadable_files_name_the_problem) {
  EXPECT_NE(read_case_file("not json").error.find("not JSON"), std::string::npos);
  EXPECT_NE(read_case_file("{}").error.find("wsconform-check-case"), std::string::npos);
  EXPECT_NE(read_case_file(R"({"wsconform-check-case": 1, "steps": [{"writes": ["zz"]}]})").error.find("step 1"), std::string::npos);
  EXPECT_NE(read_case_file(R"({"wsconform-check-case": 1, "steps": [{"close": {"code": 70000}}]})").error.find("0-65535"), std::string::npos);
  EXPECT_NE(read_case_file(R"({"wsconform-check-case": 1, "steps": [{"what": "x"}]})").error.find("neither"), std::string::npos);
  EXPECT_FALSE(looks_like_case_file(std::string("\x01\x81\x05", 3)));
}

}  // namespace
}  // namespace wsconform::check
