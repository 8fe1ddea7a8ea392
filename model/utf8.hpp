// Reference UTF-8 validation (RFC 3629, as RFC 6455 §8.1 requires), written for clarity.
//
// It is incremental and reports the exact octet at which the input stopped being a prefix
// of any valid UTF-8 text: the point a fail-fast endpoint must fail at (rule utf8.fail-fast).
// The decision at each octet comes from the numeric rules in numeric_rules.hpp: the octets
// seen so far pin the code point to an interval, and the prefix is still completable iff
// that interval holds a code point that utf8_sequence_valid() accepts.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "model/rule.hpp"

namespace wsconform::model {

struct Utf8Error {
  std::uint64_t offset;  // index (from the first octet fed) of the octet that made it invalid
  RuleId rule;           // utf8.no-overlong, utf8.no-surrogates, utf8.max-code-point, utf8.sequence-complete
};

class Utf8Validator {
 public:
  // Feeds more octets. Returns the error if the text became invalid in them (or before).
  std::optional<Utf8Error> feed(std::span<const std::uint8_t> octets);

  // True when everything fed so far ends on a code point boundary.
  bool at_boundary() const { return !error_ && needed_ == 0; }

  // The error at the end of the text: a sequence left incomplete is invalid at the
  // offset one past the last octet (nothing more can come to complete it).
  std::optional<Utf8Error> finish() const;

  std::optional<Utf8Error> error() const { return error_; }
  std::uint64_t octets_fed() const { return offset_; }

 private:
  void fail(RuleId rule) { error_ = Utf8Error{offset_, rule}; }
  void on_lead(std::uint8_t b);
  void on_continuation(std::uint8_t b);
  void check_completable();

  std::uint64_t offset_ = 0;  // octets fed before the current one
  int length_ = 0;            // total octets of the sequence being read
  int needed_ = 0;            // continuation octets still to come
  std::uint32_t bits_ = 0;    // value bits gathered so far
  std::optional<Utf8Error> error_;
};

// Whole-buffer convenience: nothing if `octets` is complete, valid UTF-8.
std::optional<Utf8Error> validate_utf8(std::span<const std::uint8_t> octets);

}  // namespace wsconform::model
