#include "boundaries/boundaries.hpp"

#include <z3++.h>

#include <algorithm>
#include <functional>
#include <set>

#include "model/numeric_rules.hpp"

// A z3::expr literal may exceed `int`: make it through the expression's own context.
template <>
struct wsconform::model::numeric::value_traits<z3::expr> {
  static z3::expr literal(const z3::expr& like, std::uint64_t v) { return like.ctx().int_val(v); }
};

namespace wsconform::boundaries {
namespace {

namespace n = model::numeric;

using Symbolic = std::function<z3::expr(const z3::expr&)>;
using Concrete = std::function<bool(std::uint64_t)>;

// Every v in [lo, hi) with rule(v) != rule(v + 1), asked of the solver one by one.
std::vector<Edge> edges_of(z3::context& ctx, const Symbolic& rule, const Concrete& concrete, std::uint64_t lo, std::uint64_t hi) {
  z3::solver s(ctx);
  const z3::expr x = ctx.int_const("x");
  s.add(x >= ctx.int_val(lo) && x < ctx.int_val(hi));
  s.add(rule(x) != rule(x + 1));
  std::vector<Edge> out;
  while (s.check() == z3::sat) {
    const std::uint64_t v = s.get_model().eval(x, true).get_numeral_uint64();
    out.push_back({v, v + 1, concrete(v), concrete(v + 1)});
    s.add(x != ctx.int_val(v));
  }
  std::sort(out.begin(), out.end(), [](const Edge& a, const Edge& b) { return a.below < b.below; });
  return out;
}

}  // namespace

std::vector<RuleBoundaries> enumerate_all() {
  z3::context ctx;
  std::vector<RuleBoundaries> all;
  auto add = [&](std::string rule, std::string predicate, std::uint64_t lo, std::uint64_t hi, const Symbolic& sym, const Concrete& con) {
    all.push_back({std::move(rule), std::move(predicate), lo, hi, edges_of(ctx, sym, con, lo, hi)});
  };
  // §7.4 close codes: a 16-bit field.
#define WSC_CLOSE(rule, fn) \
  add(rule, #fn, 0, 65535, [](const z3::expr& c) { return n::fn(c); }, [](std::uint64_t c) { return n::fn(c); })
  WSC_CLOSE("close.code.unused-range", close_code_in_unused_range);
  WSC_CLOSE("close.code.defined", close_code_defined);
  WSC_CLOSE("close.code.reserved-1004", close_code_is_reserved_1004);
  WSC_CLOSE("close.code.not-sendable", close_code_not_sendable);
  WSC_CLOSE("close.code.iana-registered", close_code_iana_registered);
  WSC_CLOSE("close.code.unassigned", close_code_unassigned);
  WSC_CLOSE("close.code.library-range", close_code_library_range);
  WSC_CLOSE("close.code.private-range", close_code_private_range);
  WSC_CLOSE("close.code.beyond-4999", close_code_beyond_4999);
  WSC_CLOSE("close.code.defined+iana-registered+library-range+private-range", close_code_valid);
#undef WSC_CLOSE
  // §5.2 payload lengths: 64 bits on the wire.
  const std::uint64_t max64 = ~std::uint64_t{0};
  add("frame.length.msb-zero", "length_msb_clear", 0, max64, [](const z3::expr& v) { return n::length_msb_clear(v); },
      [](std::uint64_t v) { return n::length_msb_clear(v); });
  for (const auto& entry : {std::pair{n::length_form::bits7, "7-bit"}, {n::length_form::bits16, "16-bit"}, {n::length_form::bits64, "64-bit"}}) {
    const n::length_form form = entry.first;
    add("frame.length.minimal", std::string("length_encoding_minimal(") + entry.second + ")", 0, max64,
        [form](const z3::expr& v) { return n::length_encoding_minimal(form, v); },
        [form](std::uint64_t v) { return n::length_encoding_minimal(form, v); });
  }
  // §5.5 control frames and the close body.
  add("control.payload.max", "control_payload_fits", 0, max64, [](const z3::expr& v) { return n::control_payload_fits(v); },
      [](std::uint64_t v) { return n::control_payload_fits(v); });
  add("close.payload.code-first", "close_payload_length_valid", 0, max64,
      [](const z3::expr& v) { return n::close_payload_length_valid(v); }, [](std::uint64_t v) { return n::close_payload_length_valid(v); });
  // §8.1 / RFC 3629 code points (the 4-octet form reaches U+1FFFFF).
  const std::uint64_t cp_hi = 0x1FFFFF;
  add("utf8.no-surrogates", "code_point_is_surrogate", 0, cp_hi, [](const z3::expr& v) { return n::code_point_is_surrogate(v); },
      [](std::uint64_t v) { return n::code_point_is_surrogate(v); });
  add("utf8.max-code-point", "code_point_in_range", 0, cp_hi, [](const z3::expr& v) { return n::code_point_in_range(v); },
      [](std::uint64_t v) { return n::code_point_in_range(v); });
  for (int len = 1; len <= 4; ++len)
    add("utf8.no-overlong", "utf8_length_is_shortest(" + std::to_string(len) + ")", 0, cp_hi,
        [len](const z3::expr& v) { return n::utf8_length_is_shortest(len, v); },
        [len](std::uint64_t v) { return n::utf8_length_is_shortest(len, v); });
  for (int len = 1; len <= 4; ++len)
    add("utf8.sequence-complete", "utf8_sequence_valid(" + std::to_string(len) + ")", 0, cp_hi,
        [len](const z3::expr& v) { return n::utf8_sequence_valid(len, v); },
        [len](std::uint64_t v) { return n::utf8_sequence_valid(len, v); });
  // RFC 7692 §7.1.2 window sizes: the parameter's value, what zlib can compress within, and
  // for each agreed window the longest back-reference it allows (RFC 1951 distances: 1..32768).
  add("pmd.window-bits.value", "window_bits_valid", 0, 255, [](const z3::expr& v) { return n::window_bits_valid(v); },
      [](std::uint64_t v) { return n::window_bits_valid(v); });
  add("pmd.window-bits-8", "window_bits_zlib_compressible", 0, 255, [](const z3::expr& v) { return n::window_bits_zlib_compressible(v); },
      [](std::uint64_t v) { return n::window_bits_zlib_compressible(v); });
  for (int bits = 8; bits <= 15; ++bits)
    add("pmd.window.sender-bound", "back_reference_within_window(" + std::to_string(bits) + ")", 1, 32768,
        [bits](const z3::expr& d) { return n::back_reference_within_window(bits, d); },
        [bits](std::uint64_t d) { return n::back_reference_within_window(bits, d); });
  return all;
}

std::vector<int> window_bits_points(const std::vector<RuleBoundaries>& all) {
  std::set<int> s;
  for (const auto& r : all)
    if (r.rule == "pmd.window-bits.value" || r.rule == "pmd.window-bits-8")
      for (const auto& e : r.edges) {
        s.insert(static_cast<int>(e.below));
        s.insert(static_cast<int>(e.above));
      }
  return {s.begin(), s.end()};
}

std::vector<std::uint64_t> inflated_limit_points(std::uint64_t limit) {
  z3::context ctx;
  std::vector<std::uint64_t> out;
  for (const Edge& e : edges_of(
           ctx, [limit](const z3::expr& v) { return n::inflated_size_within(limit, v); },
           [limit](std::uint64_t v) { return n::inflated_size_within(limit, v); }, 0, limit + (std::uint64_t{1} << 20))) {
    out.push_back(e.below);
    out.push_back(e.above);
  }
  return out;
}

namespace {
template <class T>
std::vector<T> points_of(const std::vector<RuleBoundaries>& all, std::string_view prefix, std::uint64_t max) {
  std::set<T> s;
  for (const auto& r : all)
    if (r.rule.rfind(prefix, 0) == 0)
      for (const auto& e : r.edges) {
        if (e.below <= max) s.insert(static_cast<T>(e.below));
        if (e.above <= max) s.insert(static_cast<T>(e.above));
      }
  return {s.begin(), s.end()};
}
}  // namespace

std::vector<std::uint16_t> close_code_points(const std::vector<RuleBoundaries>& all) {
  return points_of<std::uint16_t>(all, "close.code.", 65535);
}
std::vector<std::uint64_t> length_points(const std::vector<RuleBoundaries>& all) {
  std::set<std::uint64_t> s;
  for (const auto& r : all)
    if (r.rule.rfind("frame.length", 0) == 0 || r.rule == "control.payload.max" || r.rule == "close.payload.code-first")
      for (const auto& e : r.edges) {
        s.insert(e.below);
        s.insert(e.above);
      }
  return {s.begin(), s.end()};
}
std::vector<std::uint32_t> code_point_points(const std::vector<RuleBoundaries>& all) {
  return points_of<std::uint32_t>(all, "utf8.", 0x1FFFFF);
}

}  // namespace wsconform::boundaries
