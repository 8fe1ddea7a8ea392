// RFC 6455 sentence by sentence: every normative sentence of §1-§11 (each one with MUST,
// SHOULD, MAY, REQUIRED, RECOMMENDED, OPTIONAL or SHALL in capitals), and where the model holds
// it - the rules that model it - or why nothing on the wire can show it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/rule.hpp"

namespace wsconform::model {

// One normative sentence as the plain split finds it (normative_sentences).
struct NormativeSentence {
  std::string section;  // "5.5.1"
  int ordinal = 0;      // 1-based, among the section's normative sentences
  std::string text;     // lines joined by single spaces
  std::string key() const { return section + "#" + std::to_string(ordinal); }  // "5.5.1#3"
};

// The plain split of RFC 6455's text: §1 up to §12, page headers and footers dropped, paragraphs
// joined across page breaks, sentences ended by ". " (or ".) ") before a capital, a quote, a
// parenthesis or a list bullet - not after "cf.", "e.g.", "i.e." - and kept if they hold one of
// the RFC 2119 keywords in capitals.
std::vector<NormativeSentence> normative_sentences(std::string_view rfc_text);

// Why a sentence has no rule: what it binds cannot be seen in the octets of one connection.
enum class Unobservable {
  conventions,         // how the RFC itself is to be read (§2)
  before_connection,   // a client's steps before its first octet: URIs, DNS, proxies, one CONNECTING per host
  tls,                 // the TLS layer beneath the WebSocket octets
  intermediaries,      // binds proxies and other intermediaries, not the endpoints a case connects to
  extension_authors,   // binds the authors of extension specifications
  iana,                // the URI scheme and registry templates (§11)
  application,         // the application or user interface above the protocol (what users see, logs, reconnects)
  server_policy,       // the server's own choice (origins, services, offloading), right or wrong only by its configuration
  unpredictability,    // randomness across connections or frames: one trace cannot show it
  no_wire_effect,      // a permission or a definition no sequence of octets can break
  not_yet_modelled,    // observable on the wire, but no rule checks it yet (the note says what one would)
};

std::string_view to_string(Unobservable reason);
std::string_view describe(Unobservable reason);  // the one-line meaning above

// The classification of one sentence: rules (space-separated ids), or a reason without any.
struct Trace {
  std::string_view section;
  int ordinal = 0;
  std::string_view anchor;  // a phrase of the sentence, so the table reads alongside the RFC
  std::string_view rules;   // "close.reply close.reply-promptly", or empty
  std::optional<Unobservable> reason = std::nullopt;
  std::string_view note = {};
  std::string key() const { return std::string(section) + "#" + std::to_string(ordinal); }
  std::vector<std::string_view> rule_ids() const;
};

// The table, in RFC order.
std::span<const Trace> traceability();

// What is wrong between the table and the RFC text: a sentence without an entry, an entry
// without a sentence, an anchor its sentence does not hold, an entry with both or neither rules
// and a reason, a rule id the model does not have. Empty when they agree.
std::vector<std::string> traceability_problems(std::string_view rfc_text, std::span<const Trace> table = traceability());

// The sentences a rule models (their keys, "5.5.1#6"), for reports.
std::vector<std::string> sentences_of(std::string_view rule_id);

}  // namespace wsconform::model
