// The Sec-WebSocket-Extensions header as RFC 6455 §9.1 writes it, read for clarity:
//
//   extension-list  = 1#extension
//   extension       = extension-token *( ";" extension-param )
//   extension-param = token [ "=" (token | quoted-string) ]
//
// with RFC 2616's token, quoted-string and list (#) rules, linear white space between items
// and empty list elements allowed. A quoted value must still be a token once unescaped (§9.1).
// One pass, no backtracking: any input is read in time linear in its length.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/rule.hpp"

namespace wsconform::model {

struct ExtensionParam {
  std::string name;
  std::optional<std::string> value;  // unescaped; nothing when the parameter has no "="
  bool quoted = false;               // the value was written as a quoted-string
  friend bool operator==(const ExtensionParam&, const ExtensionParam&) = default;
};

struct ExtensionElement {
  std::string name;
  std::vector<ExtensionParam> params;
  // The parameter named `name`, if the element has it (the first one).
  const ExtensionParam* param(std::string_view name) const;
  friend bool operator==(const ExtensionElement&, const ExtensionElement&) = default;
};

struct ExtensionHeaderError {
  std::size_t offset;  // where in the header value the grammar stopped
  RuleId rule;         // extension.header-grammar or extension.param-value-token
  std::string what;    // what was expected there
};

struct ExtensionList {
  std::vector<ExtensionElement> elements;
  std::optional<ExtensionHeaderError> error;  // set: `elements` holds those read before it
};

// Reads one header value (several header lines joined with ", " are one value, §9.1).
ExtensionList parse_extensions(std::string_view value);

// The element written back in the grammar's canonical form ("a; b=1; c=\"x\"" as "a; b=1; c=x").
std::string to_header(const ExtensionElement& element);

bool is_token(std::string_view s);

}  // namespace wsconform::model
