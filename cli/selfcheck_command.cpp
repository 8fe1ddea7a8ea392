#include <filesystem>
#include <fstream>

#include "cli/commands.hpp"
#include "model/endpoint.hpp"
#include "model/rfc_examples.hpp"

namespace wsconform::cli {
namespace {

using model::Bytes;
using model::Role;

nlohmann::json behaviours_json(const std::vector<model::Behaviour>& bs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& b : bs) {
    nlohmann::json rules = nlohmann::json::array();
    for (auto r : b.rules) rules.push_back(r.value);
    out.push_back({{"behaviour", b.summary}, {"grade", model::to_string(b.grade)}, {"rules", rules}});
  }
  return out;
}

// A frame as the peer of `receiver` sends it (masked when the peer is a client).
Bytes from_peer(Role receiver, model::opcode op, Bytes payload, bool fin = true) {
  std::optional<model::MaskKey> mask;
  if (receiver == Role::server) mask = model::MaskKey{0x11, 0x22, 0x33, 0x44};
  return model::encode_frame(model::make_header(op, payload.size(), fin, mask), payload);
}

struct Stimulus {
  const char* name;
  Bytes (*build)(Role);
};

const Stimulus kStimuli[] = {
    {"close with code 1004", [](Role r) { return from_peer(r, model::opcode::close, {0x03, 0xEC}); }},
    {"close with code 1000", [](Role r) { return from_peer(r, model::opcode::close, {0x03, 0xE8}); }},
    {"close with code 5000", [](Role r) { return from_peer(r, model::opcode::close, {0x13, 0x88}); }},
    {"ping \"hi\"", [](Role r) { return from_peer(r, model::opcode::ping, {'h', 'i'}); }},
    {"text with U+110000 (f4 90 80 80)",
     [](Role r) { return from_peer(r, model::opcode::text, {'a', 0xF4, 0x90, 0x80, 0x80}); }},
    {"binary frame with RSV1 set", [](Role r) {
       Bytes f = from_peer(r, model::opcode::binary, {1, 2, 3});
       f[0] |= 0x40;
       return f;
     }},
};

}  // namespace

int selfcheck_command(Args args, std::ostream& out, std::ostream& err) {
  std::optional<std::filesystem::path> out_dir;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--out" && i + 1 < args.size()) {
      out_dir = std::filesystem::path(std::string(args[++i]));
    } else {
      err << "wsconform selfcheck: unknown option '" << args[i] << "' (usage: wsconform selfcheck [--out DIR])\n";
      return 2;
    }
  }

  int failures = 0;
  nlohmann::json report = {{"rfc_5_7_examples", nlohmann::json::array()}, {"stimuli", nlohmann::json::array()}};

  out << "RFC 6455 §5.7 examples, decoded whole and one octet at a time:\n";
  for (const auto& ex : model::rfc_section_5_7_examples()) {
    const auto whole = model::decode_frames(ex.octets);
    const auto bytewise = model::decode_frames_chunked(ex.octets, 1);
    const bool ok = whole.frames == ex.frames && bytewise.frames == ex.frames && !whole.stopped &&
                    !whole.trailing_partial && model::encode_frame(ex.frames.front()).size() <= ex.octets.size();
    failures += ok ? 0 : 1;
    out << "  " << (ok ? "ok  " : "FAIL") << "  " << ex.name << '\n';
    report["rfc_5_7_examples"].push_back({{"example", ex.name}, {"ok", ok}});
  }

  out << "\nWhat a conforming endpoint may do next:\n";
  for (Role role : {Role::server, Role::client}) {
    for (const auto& s : kStimuli) {
      model::Endpoint ep(role);
      ep.peer_sent(s.build(role));
      const auto allowed = ep.allowed();
      out << "  " << model::to_string(role) << " after " << s.name << ":\n";
      for (const auto& b : allowed) {
        out << "      - " << b.summary << "  [" << model::to_string(b.grade) << ";";
        for (auto r : b.rules) out << ' ' << r.value;
        out << "]\n";
      }
      report["stimuli"].push_back({{"role", model::to_string(role)}, {"stimulus", s.name},
                                   {"allowed", behaviours_json(allowed)}});
    }
  }

  out << '\n' << model::all_rules().size() << " rules in the model; "
      << (failures ? std::to_string(failures) + " self-check failure(s)" : std::string("self-check passed")) << '\n';

  if (out_dir) {
    std::error_code ec;
    std::filesystem::create_directories(*out_dir, ec);
    std::ofstream(*out_dir / "selfcheck.json") << report.dump(3) << '\n';
    std::ofstream(*out_dir / "rules.json") << rules_json().dump(3) << '\n';
    if (!std::filesystem::exists(*out_dir / "rules.json")) {
      err << "wsconform selfcheck: could not write to " << out_dir->string() << '\n';
      return 1;
    }
    out << "wrote " << (*out_dir / "selfcheck.json").string() << " and " << (*out_dir / "rules.json").string() << '\n';
  }
  return failures ? 1 : 0;
}

}  // namespace wsconform::cli
