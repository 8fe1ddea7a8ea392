// RFC 6455 §9.1: the Sec-WebSocket-Extensions grammar.
#include <gtest/gtest.h>

#include <string>

#include "model/extension_header.hpp"

namespace wsconform::model {
namespace {

TEST(ExtensionHeader, extension_header_grammar_reads_lists_parameters_spaces_and_empty_elements) {
  const auto list = parse_extensions(
      "permessage-deflate; client_no_context_takeover; client_max_window_bits ,, permessage-deflate;server_max_window_bits=10 ,foo");
  ASSERT_FALSE(list.error) << list.error->what;
  ASSERT_EQ(list.elements.size(), 3u);
  EXPECT_EQ(list.elements[0].name, "permessage-deflate");
  ASSERT_EQ(list.elements[0].params.size(), 2u);
  EXPECT_EQ(list.elements[0].params[1].name, "client_max_window_bits");
  EXPECT_FALSE(list.elements[0].params[1].value);
  EXPECT_EQ(list.elements[1].param("server_max_window_bits")->value, std::optional<std::string>("10"));
  EXPECT_EQ(list.elements[2].name, "foo");
  EXPECT_TRUE(list.elements[2].params.empty());
}

TEST(ExtensionHeader, extension_header_grammar_refuses_malformed_values_naming_the_offset) {
  struct Bad {
    const char* value;
    std::size_t offset;
  };
  for (const Bad& b : {Bad{"permessage-deflate;", 19}, Bad{"a b", 2}, Bad{"a; b=", 5}, Bad{"a; =1", 3}, Bad{"a; b=\"unterminated", 18},
                       Bad{"a; b=1 2", 7}, Bad{"a/b", 1}, Bad{"a; b=\"x\\", 8}, Bad{"\"quoted\"", 0}}) {
    const auto list = parse_extensions(b.value);
    ASSERT_TRUE(list.error) << b.value;
    EXPECT_EQ(list.error->rule, rule::extension_header_grammar) << b.value;
    EXPECT_EQ(list.error->offset, b.offset) << b.value;
  }
}

TEST(ExtensionHeader, extension_param_value_token_a_quoted_value_must_unescape_to_a_token) {
  const auto ok = parse_extensions("permessage-deflate; server_max_window_bits=\"10\"; x=\"a\\b\"");
  ASSERT_FALSE(ok.error);
  EXPECT_EQ(ok.elements[0].params[0].value, std::optional<std::string>("10"));
  EXPECT_TRUE(ok.elements[0].params[0].quoted);
  EXPECT_EQ(ok.elements[0].params[1].value, std::optional<std::string>("ab"));
  // A comma inside quotes is one (invalid) value, not two offers (http-kit's bug).
  for (const char* bad : {"permessage-deflate; client_max_window_bits=\"10, permessage-deflate,11\"", "a; b=\"\"", "a; b=\"1 0\""}) {
    const auto list = parse_extensions(bad);
    ASSERT_TRUE(list.error) << bad;
    EXPECT_EQ(list.error->rule, rule::extension_param_value_token) << bad;
    EXPECT_TRUE(list.elements.empty()) << bad;
  }
}

// The input that made regex-based parsers backtrack for seconds (CVE-2020-7662): an unclosed
// quoted-string of backslash pairs. Read once, it ends in an error at its end.
TEST(ExtensionHeader, extension_header_grammar_unclosed_quoted_backslashes_of_64_kib_end_in_one_error) {
  std::string value = "a; b=\"";
  while (value.size() < (64u << 10)) value += "\\\\";
  const auto list = parse_extensions(value);
  ASSERT_TRUE(list.error);
  EXPECT_EQ(list.error->offset, value.size());
}

TEST(ExtensionHeader, to_header_writes_the_canonical_form) {
  const auto list = parse_extensions("permessage-deflate ;server_max_window_bits=\"9\";client_no_context_takeover");
  ASSERT_FALSE(list.error);
  EXPECT_EQ(to_header(list.elements[0]), "permessage-deflate; server_max_window_bits=9; client_no_context_takeover");
}

}  // namespace
}  // namespace wsconform::model
