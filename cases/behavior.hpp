// Autobahn's verdict words as types. A case's expected event lists, the runner's record of a
// case that grades itself, the judge's two columns and the reports' readers all use these;
// the words themselves appear only where a verdict is written or read (JSON, HTML, JUnit, the
// console, the fuzzing server's status).
#pragma once

#include <optional>
#include <ostream>
#include <string_view>

namespace wsconform::cases {

// Autobahn's "behavior": what the peer did with the case's traffic.
enum class Behavior { ok, non_strict, informational, unimplemented, failed };

// Autobahn's "behaviorClose": how the connection ended.
enum class CloseBehavior { ok, wrong_code, unclean, failed_by_client, failed, informational };

constexpr std::string_view to_string(Behavior b) {
  switch (b) {
    case Behavior::ok: return "OK";
    case Behavior::non_strict: return "NON-STRICT";
    case Behavior::informational: return "INFORMATIONAL";
    case Behavior::unimplemented: return "UNIMPLEMENTED";
    case Behavior::failed: return "FAILED";
  }
  return "FAILED";
}

constexpr std::string_view to_string(CloseBehavior b) {
  switch (b) {
    case CloseBehavior::ok: return "OK";
    case CloseBehavior::wrong_code: return "WRONG CODE";
    case CloseBehavior::unclean: return "UNCLEAN";
    case CloseBehavior::failed_by_client: return "FAILED BY CLIENT";
    case CloseBehavior::failed: return "FAILED";
    case CloseBehavior::informational: return "INFORMATIONAL";
  }
  return "FAILED";
}

// Reading a report's words back (diff, status pages); nothing for a word Autobahn never writes.
constexpr std::optional<Behavior> behavior_named(std::string_view word) {
  for (auto b : {Behavior::ok, Behavior::non_strict, Behavior::informational, Behavior::unimplemented, Behavior::failed})
    if (to_string(b) == word) return b;
  return std::nullopt;
}

constexpr std::optional<CloseBehavior> close_behavior_named(std::string_view word) {
  for (auto b : {CloseBehavior::ok, CloseBehavior::wrong_code, CloseBehavior::unclean, CloseBehavior::failed_by_client,
                 CloseBehavior::failed, CloseBehavior::informational})
    if (to_string(b) == word) return b;
  return std::nullopt;
}

inline std::ostream& operator<<(std::ostream& os, Behavior b) { return os << to_string(b); }
inline std::ostream& operator<<(std::ostream& os, CloseBehavior b) { return os << to_string(b); }

}  // namespace wsconform::cases
