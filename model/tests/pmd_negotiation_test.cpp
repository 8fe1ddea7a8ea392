// RFC 7692 §5, §7.1: offers, responses, and what each side must do with them.
#include <gtest/gtest.h>

#include "model/handshake.hpp"
#include "model/pmd_negotiation.hpp"

namespace wsconform::model {
namespace {

ExtensionElement element(std::string_view text) {
  const auto list = parse_extensions(text);
  EXPECT_FALSE(list.error) << text;
  EXPECT_EQ(list.elements.size(), 1u) << text;
  return list.elements.empty() ? ExtensionElement{} : list.elements.front();
}

PmdOffer offer(std::string_view text) {
  const auto r = read_offer(element(text));
  EXPECT_TRUE(r.offer) << text << ": " << (r.decline ? r.decline->detail : "");
  return r.offer.value_or(PmdOffer{});
}

std::optional<RuleId> response_problem(std::string_view response, std::string_view offered) {
  const PmdOffer o = offer(offered);
  const auto r = read_response_header(response, std::span(&o, 1));
  return r.fail ? std::optional(r.fail->rule) : std::nullopt;
}

TEST(PmdNegotiation, pmd_window_bits_value_is_8_to_15_without_leading_zero) {
  for (int v = 8; v <= 15; ++v) EXPECT_EQ(window_bits_value(std::to_string(v)), v);
  for (const char* bad : {"7", "16", "08", "015", "0", "", "9a", "+9", "1 0", "99"}) EXPECT_FALSE(window_bits_value(bad)) << bad;
}

TEST(PmdNegotiation, pmd_offer_decline_invalid_unknown_repeated_and_bad_values_are_declined) {
  struct Case {
    const char* offer;
    RuleId rule;
  };
  for (const Case& c : {Case{"permessage-deflate; foo", rule::pmd_offer_decline_invalid},
                        Case{"permessage-deflate; server_no_context_takeover; server_no_context_takeover", rule::pmd_offer_decline_invalid},
                        Case{"permessage-deflate; server_max_window_bits=7", rule::pmd_window_bits_value},
                        Case{"permessage-deflate; server_max_window_bits=16", rule::pmd_window_bits_value},
                        Case{"permessage-deflate; server_max_window_bits=08", rule::pmd_window_bits_value},
                        Case{"permessage-deflate; server_max_window_bits", rule::pmd_window_bits_value},
                        Case{"permessage-deflate; client_max_window_bits=abc", rule::pmd_window_bits_value},
                        Case{"permessage-deflate; client_no_context_takeover=1", rule::pmd_no_context_takeover_no_value}}) {
    const auto r = read_offer(element(c.offer));
    EXPECT_FALSE(r.offer) << c.offer;
    ASSERT_TRUE(r.decline) << c.offer;
    EXPECT_EQ(r.decline->rule, c.rule) << c.offer << ": " << r.decline->detail;
  }
  // A declined first offer leaves the fallback: the list is read element by element.
  const auto list = read_offer_header("permessage-deflate; server_max_window_bits=7, permessage-deflate");
  ASSERT_EQ(list.offers.size(), 2u);
  EXPECT_TRUE(list.offers[0].decline);
  EXPECT_TRUE(list.offers[1].offer);
}

TEST(PmdNegotiation, pmd_no_context_takeover_no_value_in_offer_and_response) {
  EXPECT_TRUE(read_offer(element("permessage-deflate; server_no_context_takeover=true")).decline);
  EXPECT_EQ(response_problem("permessage-deflate; client_no_context_takeover=1", "permessage-deflate"),
            std::optional(rule::pmd_no_context_takeover_no_value));
}

TEST(PmdNegotiation, autobahn_13_7_offer_list_reads_as_three_offers) {
  const auto list = read_offer_header(
      "permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; server_max_window_bits=9, "
      "permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover, "
      "permessage-deflate; client_no_context_takeover; client_max_window_bits");
  ASSERT_FALSE(list.error);
  ASSERT_EQ(list.offers.size(), 3u);
  EXPECT_EQ(list.offers[0].offer->server_max_window_bits, 9);
  EXPECT_TRUE(list.offers[0].offer->server_no_context_takeover);
  EXPECT_TRUE(list.offers[2].offer->client_max_window_bits);
  EXPECT_FALSE(list.offers[2].offer->client_max_window_bits_value);
}

TEST(PmdNegotiation, pmd_server_no_context_takeover_accepted_only_by_including_it) {
  EXPECT_EQ(response_problem("permessage-deflate", "permessage-deflate; server_no_context_takeover"),
            std::optional(rule::pmd_server_no_context_takeover_accepted));
  EXPECT_FALSE(response_problem("permessage-deflate; server_no_context_takeover", "permessage-deflate; server_no_context_takeover"));
  // Unasked is allowed.
  EXPECT_FALSE(response_problem("permessage-deflate; server_no_context_takeover", "permessage-deflate"));
}

TEST(PmdNegotiation, pmd_server_max_window_bits_accepted_with_the_same_or_a_smaller_value) {
  const char* asked = "permessage-deflate; server_max_window_bits=10";
  EXPECT_FALSE(response_problem("permessage-deflate; server_max_window_bits=10", asked));
  EXPECT_FALSE(response_problem("permessage-deflate; server_max_window_bits=9", asked));
  EXPECT_EQ(response_problem("permessage-deflate; server_max_window_bits=11", asked), std::optional(rule::pmd_server_max_window_bits_accepted));
  EXPECT_EQ(response_problem("permessage-deflate", asked), std::optional(rule::pmd_server_max_window_bits_accepted));
  // uWebSockets' answer to an offered 8 (raised to 9) breaks the agreement.
  EXPECT_EQ(response_problem("permessage-deflate; server_max_window_bits=9", "permessage-deflate; server_max_window_bits=8"),
            std::optional(rule::pmd_server_max_window_bits_accepted));
  // Unasked is allowed, and fixes the server's window.
  const PmdOffer plain = offer("permessage-deflate");
  const auto r = read_response_header("permessage-deflate; server_max_window_bits=12", std::span(&plain, 1));
  ASSERT_TRUE(r.agreement);
  EXPECT_EQ(r.agreement->server_max_window_bits, 12);
  EXPECT_EQ(r.agreement->client_max_window_bits, 15);
  for (const char* bad : {"permessage-deflate; server_max_window_bits=0", "permessage-deflate; server_max_window_bits=99",
                          "permessage-deflate; server_max_window_bits=abc", "permessage-deflate; server_max_window_bits"})
    EXPECT_EQ(response_problem(bad, "permessage-deflate"), std::optional(rule::pmd_window_bits_value)) << bad;
}

TEST(PmdNegotiation, pmd_client_max_window_bits_offered_only_and_always_with_a_value) {
  EXPECT_EQ(response_problem("permessage-deflate; client_max_window_bits=10", "permessage-deflate"),
            std::optional(rule::pmd_client_max_window_bits_offered_only));
  EXPECT_EQ(response_problem("permessage-deflate; client_max_window_bits", "permessage-deflate; client_max_window_bits"),
            std::optional(rule::pmd_client_max_window_bits_offered_only));
  EXPECT_EQ(response_problem("permessage-deflate; client_max_window_bits=12", "permessage-deflate; client_max_window_bits=10"),
            std::optional(rule::pmd_client_max_window_bits_offered_only));
  const PmdOffer o = offer("permessage-deflate; client_max_window_bits");
  const auto r = read_response_header("permessage-deflate; client_max_window_bits=9", std::span(&o, 1));
  ASSERT_TRUE(r.agreement);
  EXPECT_EQ(r.agreement->client_max_window_bits, 9);
}

TEST(PmdNegotiation, pmd_client_no_context_takeover_hint_binds_only_when_the_response_has_it) {
  const PmdOffer hinted = offer("permessage-deflate; client_no_context_takeover");
  const auto without = read_response_header("permessage-deflate", std::span(&hinted, 1));
  ASSERT_TRUE(without.agreement);
  EXPECT_FALSE(without.agreement->client_no_context_takeover);
  const PmdOffer plain = offer("permessage-deflate");
  const auto unasked = read_response_header("permessage-deflate; client_no_context_takeover", std::span(&plain, 1));
  ASSERT_TRUE(unasked.agreement);
  EXPECT_TRUE(unasked.agreement->client_no_context_takeover);
}

TEST(PmdNegotiation, pmd_response_single_two_accepted_elements_fail) {
  EXPECT_EQ(response_problem("permessage-deflate, permessage-deflate", "permessage-deflate"), std::optional(rule::pmd_response_single));
}

TEST(PmdNegotiation, pmd_response_fail_invalid_unknown_and_repeated_parameters) {
  EXPECT_EQ(response_problem("permessage-deflate; foo", "permessage-deflate"), std::optional(rule::pmd_response_fail_invalid));
  EXPECT_EQ(response_problem("permessage-deflate; server_no_context_takeover; server_no_context_takeover", "permessage-deflate"),
            std::optional(rule::pmd_response_fail_invalid));
  EXPECT_EQ(response_problem("permessage-deflate; server_max_window_bits=10;", "permessage-deflate"), std::optional(rule::extension_header_grammar));
}

TEST(PmdNegotiation, extension_response_offered_only_an_extension_not_offered_fails) {
  EXPECT_EQ(response_problem("x-webkit-deflate-frame", "permessage-deflate"), std::optional(rule::extension_response_offered_only));
  const auto none = read_response_header("permessage-deflate", {});
  ASSERT_TRUE(none.fail);
  EXPECT_EQ(none.fail->rule, rule::extension_response_offered_only);
  // No header, or an empty one: nothing was accepted, and nothing is wrong.
  const PmdOffer o = offer("permessage-deflate");
  const auto empty = read_response_header("", std::span(&o, 1));
  EXPECT_FALSE(empty.fail);
  EXPECT_FALSE(empty.agreement);
}

TEST(PmdNegotiation, a_response_valid_for_a_later_offer_is_taken) {
  const PmdOffer offers[] = {offer("permessage-deflate; server_max_window_bits=9"), offer("permessage-deflate")};
  const auto r = read_response_header("permessage-deflate", offers);
  ASSERT_TRUE(r.agreement);
  EXPECT_EQ(r.agreement->server_max_window_bits, 15);
}

TEST(PmdNegotiation, pmd_window_bits_8_a_server_that_cannot_compress_within_it_declines) {
  const PmdOffer eight = offer("permessage-deflate; server_max_window_bits=8");
  EXPECT_FALSE(accept_offer(eight, PmdServerPolicy{.min_own_window_bits = 9, .client_max_window_bits = std::nullopt}));
  const auto taken = accept_offer(eight, PmdServerPolicy{});
  ASSERT_TRUE(taken);
  EXPECT_EQ(to_header(*taken), "permessage-deflate; server_max_window_bits=8");
}

TEST(PmdNegotiation, accept_offer_answers_what_the_offer_asked_and_the_client_accepts_it) {
  for (const char* text : {"permessage-deflate", "permessage-deflate; server_no_context_takeover", "permessage-deflate; server_max_window_bits=9",
                           "permessage-deflate; client_max_window_bits", "permessage-deflate; client_max_window_bits=10; client_no_context_takeover"}) {
    const PmdOffer o = offer(text);
    const auto answer = accept_offer(o, PmdServerPolicy{.server_no_context_takeover = false, .client_no_context_takeover = true, .min_own_window_bits = 8, .client_max_window_bits = 12});
    ASSERT_TRUE(answer) << text;
    const auto r = read_response_header(to_header(*answer), std::span(&o, 1));
    EXPECT_TRUE(r.agreement) << text << " -> " << to_header(*answer) << ": " << (r.fail ? r.fail->detail : "");
    EXPECT_EQ(read_offer(to_element(o)).offer, o) << text;
  }
}

// pmd.offer.refusal: what counts as a server refusing the handshake - a complete HTTP answer
// other than 101; silence, a cut answer or non-HTTP is no refusal (the case stays FAILED).
TEST(PmdNegotiation, pmd_offer_refusal_is_a_complete_http_answer_other_than_101) {
  EXPECT_TRUE(is_refusal("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
  EXPECT_TRUE(is_refusal("HTTP/1.1 500 Internal Server Error\r\n\r\n"));
  EXPECT_TRUE(is_refusal("HTTP/1.0 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n\r\n"));
  EXPECT_FALSE(is_refusal("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"));
  EXPECT_FALSE(is_refusal(""));
  EXPECT_FALSE(is_refusal("HTTP/1.1 400 Bad Request\r\n"));  // the head never ended
  EXPECT_FALSE(is_refusal("SSH-2.0-OpenSSH\r\n\r\n"));
  EXPECT_FALSE(is_refusal("HTTP/1.1 4x0 Odd\r\n\r\n"));
}

}  // namespace
}  // namespace wsconform::model
