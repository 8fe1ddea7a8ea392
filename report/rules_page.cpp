#include "report/rules_page.hpp"

#include <map>
#include <sstream>

#include "model/rule.hpp"
#include "model/traceability.hpp"
#include "report/html_page.hpp"
#include "spec/rfc6455.hpp"

namespace wsconform::report {
namespace {

std::string sentence_anchor(const std::string& key) {
  std::string a = "s-" + key;
  for (auto& c : a)
    if (c == '#' || c == '.') c = '-';
  return a;
}

}  // namespace

std::string rule_link(std::string_view rule_id) { return std::string(kRulesPage) + "#rule-" + std::string(rule_id); }

std::string rules_html() {
  const auto sentences = model::normative_sentences(spec::rfc6455_text());
  std::map<std::string, std::string> text_of;
  for (const auto& s : sentences) text_of[s.key()] = s.text;
  std::size_t modelled = 0;
  for (const auto& t : model::traceability())
    if (!t.reason) ++modelled;

  std::ostringstream b;
  b << "<p><a href=\"index.html\">&larr; all cases</a></p>\n<h1>The model's rules and RFC 6455, sentence by sentence</h1>\n"
    << "<p class=\"muted\">" << model::all_rules().size() << " rules. RFC 6455 §1-§11 holds " << sentences.size()
    << " normative sentences (MUST, SHOULD, MAY, REQUIRED, RECOMMENDED, OPTIONAL, SHALL); " << modelled
    << " are modelled by rules, the others cannot be seen on the wire for the reason given (<code>wsconform rules --coverage</code>).</p>\n";

  b << "<h2>Rules</h2>\n";
  for (const auto& r : model::all_rules()) {
    b << "<div class=\"rule\" id=\"rule-" << esc(r.id.value) << "\"><strong>" << esc(r.id.value) << "</strong> (" << esc(model::cite(r))
      << ", " << esc(model::to_string(r.level)) << ", " << esc(model::to_string(r.binds)) << ") " << esc(r.statement) << "\n";
    const auto keys = model::sentences_of(r.id.value);
    if (keys.empty()) {
      b << "<div class=\"muted\">No normative sentence of RFC 6455 states it; it rests on: \"" << esc(r.cites) << "\"</div>";
    } else {
      for (const auto& key : keys)
        b << "<div class=\"sentence\"><a class=\"key\" href=\"#" << sentence_anchor(key) << "\">§" << esc(key) << "</a> "
          << esc(text_of[key]) << "</div>";
    }
    b << "</div>\n";
  }

  b << "<h2>Every normative sentence</h2>\n<table>\n<tr><th>Sentence</th><th>Text</th><th>Modelled by</th></tr>\n";
  for (const auto& t : model::traceability()) {
    const std::string key = t.key();
    b << "<tr id=\"" << sentence_anchor(key) << "\"><td>§" << esc(key) << "</td><td>" << esc(text_of[key]) << "</td><td>";
    if (t.reason) {
      b << "<span class=\"reason\">" << esc(model::to_string(*t.reason)) << "</span>: " << esc(model::describe(*t.reason));
    } else {
      for (const auto id : t.rule_ids()) b << "<a href=\"#rule-" << esc(id) << "\">" << esc(id) << "</a> ";
    }
    if (!t.note.empty()) b << "<br><span class=\"muted\">" << esc(t.note) << "</span>";
    b << "</td></tr>\n";
  }
  b << "</table>\n";
  return page("wsconform - rules and RFC 6455 sentences", b.str());
}

}  // namespace wsconform::report
