// `wsconform explain FILE [--html OUT]`: replays a fuzz input, a property counterexample or a
// case transcript (the differential input format) through impl/ (or, with --adapter, a library behind the adapter contract) and the model, and says what
// happened: the peer's stream frame by frame, what impl did, where it first left the allowed
// set, the rule and the RFC text behind it, and what the model would have allowed there.
#include <fstream>
#include <iterator>
#include <sstream>

#include "adapter/built_adapters.hpp"
#include "cli/commands.hpp"
#include "differential/differential.hpp"
#ifdef WSCONFORM_HAVE_CHECK
#include "check/case_file.hpp"
#include "cli/check_commands.hpp"
#endif

namespace wsconform::cli {
namespace {

std::string html_escape(const std::string& s) {
  std::string o;
  for (char c : s) o += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
  return o;
}

std::string frames_of(const std::vector<differential::Action>& actions) {
  differential::Bytes stream;
  for (const auto& a : actions)
    if (const auto* c = std::get_if<differential::PeerChunk>(&a)) stream.insert(stream.end(), c->octets.begin(), c->octets.end());
  std::ostringstream o;
  model::FrameDecoder d;
  std::vector<model::DecodeEvent> events;
  d.feed(stream, events);
  int n = 0;
  std::uint64_t payload = 0;
  for (const auto& e : events) {
    if (auto* h = std::get_if<model::HeaderDecoded>(&e)) {
      const auto& x = h->header;
      o << "  frame " << ++n << " at octet " << h->frame_offset << ": " << model::name_of(x.op) << " FIN=" << x.fin << " RSV=" << int(x.rsv())
        << (x.masked ? " masked" : " unmasked") << " length=" << x.payload_length << " (" << int(x.form) << "-bit form)";
      payload = 0;
    } else if (auto* p = std::get_if<model::PayloadDecoded>(&e)) {
      if (payload == 0) {
        o << " payload:";
        for (std::size_t i = 0; i < p->data.size() && i < 16; ++i) {
          char b[4];
          std::snprintf(b, sizeof b, " %02x", p->data[i]);
          o << b;
        }
        if (p->data.size() > 16) o << " ...";
      }
      payload += p->data.size();
    } else if (std::holds_alternative<model::FrameComplete>(e)) {
      o << '\n';
    } else if (auto* s = std::get_if<model::DecodeStopped>(&e)) {
      o << "\n  decoding stops at octet " << s->offset << ": " << s->rule.value << '\n';
    }
  }
  if (!d.at_frame_boundary() && !d.stopped()) o << " (incomplete: the stream ends inside this frame)\n";
  return o.str();
}

}  // namespace

int explain_command(Args args, std::ostream& out, std::ostream& err) {
  std::string file, html, adapter_name;
#ifdef WSCONFORM_HAVE_CHECK
  // A check case file takes replay's options (--target, --start, ...): read the file first.
  for (const auto a : args)
    if (!a.starts_with("-")) {
      file = a;
      break;
    }
  if (!file.empty() && std::ifstream(file).peek() == '{') {
    std::ifstream in(file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (check::looks_like_case_file(text)) return explain_case_file(file, text, args, out, err);
  }
#endif
  file.clear();
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--html" && i + 1 < args.size()) html = args[++i];
    else if (args[i] == "--adapter" && i + 1 < args.size()) adapter_name = args[++i];
    else if (file.empty() && args[i][0] != '-') file = args[i];
    else {
      err << "usage: wsconform explain FILE [--html OUT.html] [--adapter wslay]\n";
      return 2;
    }
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    err << "wsconform explain: cannot read " << file << '\n';
    return 2;
  }
  const differential::Bytes data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  const auto input = differential::parse_input(data);
  // A finding of an adapter's differential target replays through that library (docs/adapters.md).
  const wsc_adapter* adapter = adapter_name.empty() ? nullptr : adapter::adapter_named(adapter_name);
  if (!adapter_name.empty() && !adapter) {
    err << "wsconform explain: no adapter '" << adapter_name << "' in this build (" << adapter::adapter_names() << ")\n";
    return 2;
  }
  const auto outcome = differential::run(input, true, adapter);
  const std::string subject = adapter ? adapter->name : "impl";

  std::ostringstream t;
  std::size_t total = 0, chunks = 0;
  for (const auto& a : input.actions)
    if (const auto* c = std::get_if<differential::PeerChunk>(&a)) total += c->octets.size(), ++chunks;
  std::string deflate;
  if (const auto& d = input.deflate)
    deflate = " with permessage-deflate (windows " + std::to_string(d->server_max_window_bits) + " bits" +
              (d->server_no_context_takeover ? ", server_no_context_takeover" : "") +
              (d->client_no_context_takeover ? ", client_no_context_takeover" : "") + ")";
  if (adapter) deflate.clear();  // an adapter negotiates no extension
  t << "Input " << file << ": " << subject << " as a " << model::to_string(input.role) << deflate << ", " << chunks << " chunk(s), " << total
    << " octets from the peer" << (input.peer_closes ? ", then the peer closes TCP" : "") << "\n\nThe peer's stream, frame by frame:\n"
    << frames_of(input.actions) << "\nReplay (" << subject << "'s actions judged by the model):\n";
  int n = 0, first = 0;
  for (const auto& s : outcome.steps) {
    ++n;
    t << "  " << n << ". " << s.what << '\n';
    for (const auto& f : s.new_findings) {
      t << "       " << (f.grade == model::Grade::violation ? "VIOLATION" : std::string(model::to_string(f.grade))) << " " << f.rule.value
        << ": " << f.detail << '\n';
      if (!first && f.grade == model::Grade::violation) first = n;
    }
  }
  if (!outcome.violation()) {
    t << "\n" << subject << " stayed inside the behaviours the model allows.\n";
  } else {
    for (const auto& f : outcome.findings)
      if (f.grade == model::Grade::violation) {
        const auto& r = model::describe(f.rule);
        t << "\nFirst disagreement, at step " << first << ": " << f.rule.value << " (" << model::cite(r) << ", "
          << model::to_string(r.level) << ")\n  " << r.statement << "\n  RFC: \"" << r.cites << "\"\n  What " << subject << " did: " << f.detail << '\n';
        break;
      }
    if (!outcome.allowed_at_first_violation.empty()) {
      t << "  What the model allowed at that point:\n";
      for (const auto& b : outcome.allowed_at_first_violation) {
        t << "    - " << b.summary << " [" << model::to_string(b.grade);
        for (auto r : b.rules) t << ' ' << r.value;
        t << "]\n";
      }
    }
    t << "\nAs a regression test input: " << differential::as_cpp_literal(data) << '\n';
  }
  out << t.str();
  if (!html.empty()) {
    std::ofstream h(html);
    h << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
         "<title>wsconform explain</title><style>body{font:14px system-ui,sans-serif;margin:1rem}pre{white-space:pre-wrap;background:#f6f6f6;"
         "padding:.6rem;border:1px solid #ddd}.bad{color:#c62828;font-weight:600}</style></head><body><h1>wsconform explain</h1><h2>"
      << (outcome.violation() ? "<span class=\"bad\">" + html_escape(subject) + " left the allowed set: " + html_escape(outcome.first_violation()) + "</span>"
                              : html_escape(subject) + " stayed inside the allowed set")
      << "</h2><pre>" << html_escape(t.str()) << "</pre></body></html>\n";
    out << "wrote " << html << '\n';
  }
  return outcome.violation() ? 1 : 0;
}

}  // namespace wsconform::cli
