#include "model/extension_header.hpp"

namespace wsconform::model {
namespace {

// RFC 2616 §2.2: token = 1*<any CHAR except CTLs or separators>.
bool token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 31 || u >= 127) return false;
  switch (c) {
    case '(': case ')': case '<': case '>': case '@': case ',': case ';': case ':': case '\\': case '"':
    case '/': case '[': case ']': case '?': case '=': case '{': case '}': case ' ': case '\t': return false;
    default: return true;
  }
}

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  ExtensionList read() {
    ExtensionList out;
    for (;;) {
      skip_space();
      if (at_end()) break;
      if (peek() == ',') {  // an empty list element (RFC 2616 §2.1 allows them)
        ++at_;
        continue;
      }
      ExtensionElement e;
      if (!read_token(e.name, "an extension name (a token)")) break;
      skip_space();
      while (!at_end() && peek() == ';') {
        ++at_;
        skip_space();
        ExtensionParam p;
        if (!read_param(p)) break;
        e.params.push_back(std::move(p));
        skip_space();
      }
      if (error_) break;
      out.elements.push_back(std::move(e));
      if (at_end()) break;
      if (peek() != ',') {
        fail("',' or ';' after an extension", rule::extension_header_grammar);
        break;
      }
      ++at_;
    }
    if (error_) out.error = std::move(error_);
    return out;
  }

 private:
  bool at_end() const { return at_ >= s_.size(); }
  char peek() const { return s_[at_]; }
  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t')) ++at_;
  }
  bool fail(const char* what, RuleId rule) {
    if (!error_) error_ = ExtensionHeaderError{at_, rule, what};
    return false;
  }

  bool read_token(std::string& out, const char* what) {
    const std::size_t start = at_;
    while (!at_end() && token_char(peek())) ++at_;
    if (at_ == start) return fail(what, rule::extension_header_grammar);
    out.assign(s_.substr(start, at_ - start));
    return true;
  }

  bool read_param(ExtensionParam& p) {
    if (!read_token(p.name, "a parameter name (a token)")) return false;
    skip_space();
    if (at_end() || peek() != '=') return true;
    ++at_;
    skip_space();
    std::string value;
    if (!at_end() && peek() == '"') {
      const std::size_t start = at_;
      if (!read_quoted(value)) return false;
      if (!is_token(value)) {
        at_ = start;
        return fail("a quoted value that is a token once unescaped", rule::extension_param_value_token);
      }
      p.quoted = true;
    } else if (!read_token(value, "a parameter value (a token or a quoted-string)")) {
      return false;
    }
    p.value = std::move(value);
    return true;
  }

  // RFC 2616 §2.2: quoted-string = ( <"> *(qdtext | quoted-pair ) <"> ), quoted-pair = "\" CHAR.
  bool read_quoted(std::string& out) {
    ++at_;  // the opening quote
    while (!at_end()) {
      const char c = peek();
      if (c == '"') {
        ++at_;
        return true;
      }
      if (c == '\\') {
        ++at_;
        if (at_end()) break;
        if (static_cast<unsigned char>(peek()) > 127) return fail("an ASCII character after '\\'", rule::extension_header_grammar);
        out.push_back(peek());
        ++at_;
        continue;
      }
      const auto u = static_cast<unsigned char>(c);
      if ((u < 32 && c != '\t') || u == 127) return fail("a printable character inside the quoted-string", rule::extension_header_grammar);
      out.push_back(c);
      ++at_;
    }
    return fail("the closing '\"' of a quoted-string", rule::extension_header_grammar);
  }

  std::string_view s_;
  std::size_t at_ = 0;
  std::optional<ExtensionHeaderError> error_;
};

}  // namespace

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!token_char(c)) return false;
  return true;
}

const ExtensionParam* ExtensionElement::param(std::string_view wanted) const {
  for (const auto& p : params)
    if (p.name == wanted) return &p;
  return nullptr;
}

ExtensionList parse_extensions(std::string_view value) { return Reader(value).read(); }

std::string to_header(const ExtensionElement& element) {
  std::string out = element.name;
  for (const auto& p : element.params) {
    out += "; " + p.name;
    if (p.value) out += "=" + *p.value;
  }
  return out;
}

}  // namespace wsconform::model
