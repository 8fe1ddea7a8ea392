#include "model/traceability.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace wsconform::model {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\f' || s.front() == '\r' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\f' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

// A section heading at the left margin: "5.5.1.  Close" -> "5.5.1".
std::optional<std::string> heading_number(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (std::isdigit(static_cast<unsigned char>(line[i])) || line[i] == '.')) ++i;
  if (i < 2 || line[i - 1] != '.' || !std::isdigit(static_cast<unsigned char>(line[0]))) return std::nullopt;
  if (i >= line.size() || line[i] != ' ') return std::nullopt;
  return std::string(line.substr(0, i - 1));
}

// The running page footer and header of the RFC's plain-text pages.
bool page_footer(std::string_view line) { return starts_with(line, "Fette & Melnikov") && line.find("[Page ") != std::string_view::npos; }
bool page_header(std::string_view line) { return starts_with(line, "RFC 6455") && ends_with(line, "December 2011"); }

bool has_keyword(std::string_view s) {
  static constexpr std::string_view kKeywords[] = {"MUST", "SHOULD", "MAY", "REQUIRED", "RECOMMENDED", "OPTIONAL", "SHALL"};
  const auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; };
  for (const auto k : kKeywords)
    for (auto at = s.find(k); at != std::string_view::npos; at = s.find(k, at + 1)) {
      const bool left = at == 0 || !word_char(s[at - 1]);
      const bool right = at + k.size() == s.size() || !word_char(s[at + k.size()]);
      if (left && right) return true;
    }
  return false;
}

// Sentence ends: after '.', '?' or '!' (or one of them and ')'), at a run of spaces followed by
// a capital, a quote, '(' or a list bullet ("o  "); not after an abbreviation.
std::vector<std::string> sentences_of_paragraph(const std::string& p) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] != ' ') continue;
    const char before = i > 0 ? p[i - 1] : '\0';
    const char before2 = i > 1 ? p[i - 2] : '\0';
    const bool end_mark = before == '.' || before == '?' || before == '!' ||
                          (before == ')' && (before2 == '.' || before2 == '?' || before2 == '!'));
    if (!end_mark) continue;
    std::size_t next = i;
    while (next < p.size() && p[next] == ' ') ++next;
    if (next >= p.size()) break;
    const char c = p[next];
    const bool starts = std::isupper(static_cast<unsigned char>(c)) || c == '"' || c == '(' || p.compare(next, 3, "o  ") == 0;
    if (!starts) continue;
    const std::string_view so_far(p.data() + from, i - from);
    if (ends_with(so_far, " cf.") || ends_with(so_far, "(cf.") || ends_with(so_far, "e.g.") || ends_with(so_far, "i.e.") ||
        ends_with(so_far, " vs."))
      continue;
    out.emplace_back(so_far);
    from = next;
    i = next - 1;
  }
  if (from < p.size()) out.emplace_back(p.substr(from));
  return out;
}

}  // namespace

std::vector<NormativeSentence> normative_sentences(std::string_view rfc_text) {
  const auto lines = lines_of(rfc_text);
  // The body starts at the heading of §1 (the table of contents is indented) and §12 ends it.
  std::size_t at = 0;
  while (at < lines.size() && !starts_with(lines[at], "1.  Introduction")) ++at;
  std::vector<std::pair<std::string, std::string>> paragraphs;  // section, text
  std::string section, paragraph;
  bool blank_pending = false, page_break = false;
  const auto flush = [&] {
    if (!paragraph.empty()) paragraphs.emplace_back(section, paragraph);
    paragraph.clear();
  };
  for (; at < lines.size(); ++at) {
    const std::string_view raw = lines[at];
    const std::string_view line = trim(raw);
    if (page_footer(line)) {  // the blank lines before a footer end no paragraph
      blank_pending = false;
      page_break = true;
      continue;
    }
    if (page_header(line)) continue;
    if (line.empty()) {
      if (!page_break) blank_pending = true;
      continue;
    }
    const std::string_view margin = raw.substr(raw.find_first_not_of('\f') == std::string_view::npos ? 0 : raw.find_first_not_of('\f'));
    if (const auto number = heading_number(margin)) {
      if (starts_with(margin, "12.")) break;
      flush();
      section = *number;
      blank_pending = page_break = false;
      continue;
    }
    if (blank_pending) flush();
    blank_pending = page_break = false;
    if (!paragraph.empty()) paragraph += ' ';
    paragraph.append(line);
  }
  flush();

  std::vector<NormativeSentence> out;
  std::map<std::string, int> counts;
  for (const auto& [sec, text] : paragraphs)
    for (auto& s : sentences_of_paragraph(text))
      if (has_keyword(s)) out.push_back({sec, ++counts[sec], std::move(s)});
  return out;
}

std::string_view to_string(Unobservable reason) {
  switch (reason) {
    case Unobservable::conventions: return "conventions";
    case Unobservable::before_connection: return "before-connection";
    case Unobservable::tls: return "tls";
    case Unobservable::intermediaries: return "intermediaries";
    case Unobservable::extension_authors: return "extension-authors";
    case Unobservable::iana: return "iana";
    case Unobservable::application: return "application";
    case Unobservable::server_policy: return "server-policy";
    case Unobservable::unpredictability: return "unpredictability";
    case Unobservable::no_wire_effect: return "no-wire-effect";
    case Unobservable::not_yet_modelled: return "not-yet-modelled";
  }
  return "?";
}

std::string_view describe(Unobservable reason) {
  switch (reason) {
    case Unobservable::conventions: return "how the RFC itself is to be read (§2)";
    case Unobservable::before_connection: return "a client's steps before its first octet: URIs, DNS, proxies, one CONNECTING connection per host";
    case Unobservable::tls: return "the TLS layer beneath the WebSocket octets";
    case Unobservable::intermediaries: return "binds proxies and other intermediaries, not the endpoints a case connects to";
    case Unobservable::extension_authors: return "binds the authors of extension specifications";
    case Unobservable::iana: return "the URI scheme and registry templates (§11)";
    case Unobservable::application: return "the application or user interface above the protocol: what users see, logs, reconnecting";
    case Unobservable::server_policy: return "the server's own choice (origins, services, offloading): right or wrong only by its configuration";
    case Unobservable::unpredictability: return "randomness across connections or frames: one trace cannot show it";
    case Unobservable::no_wire_effect: return "a permission or a definition that no sequence of octets can break";
    case Unobservable::not_yet_modelled: return "observable on the wire, but no rule checks it yet";
  }
  return "?";
}

std::vector<std::string_view> Trace::rule_ids() const {
  std::vector<std::string_view> ids;
  std::string_view rest = rules;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    if (space != 0) ids.push_back(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return ids;
}

std::vector<std::string> traceability_problems(std::string_view rfc_text, std::span<const Trace> table) {
  std::vector<std::string> problems;
  std::map<std::string, const Trace*> by_key;
  for (const auto& t : table) {
    if (!by_key.emplace(t.key(), &t).second) problems.push_back(t.key() + ": two entries");
    const auto ids = t.rule_ids();
    if (ids.empty() == !t.reason) problems.push_back(t.key() + ": needs rules or a reason, not both or neither");
    if (t.reason == Unobservable::not_yet_modelled && t.note.empty()) problems.push_back(t.key() + ": not yet modelled, without a note saying what a rule would check");
    for (const auto id : ids)
      if (!find_rule(id)) problems.push_back(t.key() + ": cites rule " + std::string(id) + ", which the model does not have");
  }
  std::set<std::string> seen;
  for (const auto& s : normative_sentences(rfc_text)) {
    seen.insert(s.key());
    const auto it = by_key.find(s.key());
    if (it == by_key.end()) {
      problems.push_back(s.key() + ": a normative sentence without an entry: \"" + s.text + "\"");
    } else if (s.text.find(it->second->anchor) == std::string::npos) {
      problems.push_back(s.key() + ": the entry's anchor \"" + std::string(it->second->anchor) + "\" is not in its sentence: \"" + s.text + "\"");
    }
  }
  for (const auto& [key, t] : by_key)
    if (!seen.count(key)) problems.push_back(key + ": an entry for a sentence the RFC text does not have");
  return problems;
}

std::vector<std::string> sentences_of(std::string_view rule_id) {
  std::vector<std::string> keys;
  for (const auto& t : traceability()) {
    const auto ids = t.rule_ids();
    if (std::find(ids.begin(), ids.end(), rule_id) != ids.end()) keys.push_back(t.key());
  }
  return keys;
}

}  // namespace wsconform::model
