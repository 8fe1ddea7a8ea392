#include "cli/spec_keys.hpp"

#include <array>

namespace wsconform::cli {
namespace {

using enum KeyHandling;

constexpr std::string_view kTuning = "engine tuning: the cases set what the tester sends and how it reads";

constexpr std::array kKeys{
    SpecKey{"fuzzingclient", "servers", supported, "the servers to test, each with \"agent\", \"url\" and \"options\""},
    SpecKey{"fuzzingclient", "outdir", supported, "where the reports go (default ./reports/servers)"},
    SpecKey{"fuzzingclient", "cases", supported, "case patterns to run ('*' a wildcard; default every case)"},
    SpecKey{"fuzzingclient", "exclude-cases", supported, "case patterns left out"},
    SpecKey{"fuzzingclient", "exclude-agent-cases", supported, "agent pattern -> case patterns left out for those agents"},
    SpecKey{"fuzzingclient", "options", supported, "engine options for every server (see \"options\")"},
    SpecKey{"fuzzingclient", "enable-ssl", ignored, "a wss:// URL in servers[] is what turns TLS on (--ca-file or --insecure say how to check its certificate)"},
    SpecKey{"fuzzingserver", "url", supported, "where to listen (ws://HOST:PORT, or wss:// with key and cert; port 0 picks a free one)"},
    SpecKey{"fuzzingserver", "outdir", supported, "where the reports go (default ./reports/clients)"},
    SpecKey{"fuzzingserver", "cases", supported, "case patterns to serve ('*' a wildcard; default every case)"},
    SpecKey{"fuzzingserver", "exclude-cases", supported, "case patterns left out"},
    SpecKey{"fuzzingserver", "exclude-agent-cases", supported, "agent pattern -> case patterns left out for those agents"},
    SpecKey{"fuzzingserver", "options", supported, "engine options (see \"options\")"},
    SpecKey{"fuzzingserver", "shutdownOnComplete", supported, "stop once a client asked for the reports of the last case (wsconform's own)"},
    SpecKey{"fuzzingserver", "webport", ignored, "no second web server: the reports are files in outdir"},
    SpecKey{"fuzzingserver", "key", supported, "the PEM private key for a wss:// url (relative to the current folder, as with Autobahn)"},
    SpecKey{"fuzzingserver", "cert", supported, "the PEM certificate for a wss:// url"},
    SpecKey{"servers[]", "agent", supported, "the name the reports use (default: the host and port)"},
    SpecKey{"servers[]", "url", supported, "ws://HOST:PORT/PATH or wss://HOST:PORT/PATH of the server under test"},
    SpecKey{"servers[]", "options", supported, "engine options for this server (see \"options\")"},
    SpecKey{"options", "openHandshakeTimeout", supported, "seconds the peer has to finish the opening handshake (default 5)"},
    SpecKey{"options", "closeHandshakeTimeout", supported, "seconds the peer has to answer a Close (default 1)"},
    SpecKey{"options", "serverConnectionDropTimeout", supported, "seconds a server has to drop TCP after the closing handshake (default 1)"},
    SpecKey{"options", "version", supported, "18 or 13 (RFC 6455); any other value is refused"},
    SpecKey{"options", "failByDrop", ignored, "the tester sends a Close before it drops a connection it fails (as with false)"},
    SpecKey{"options", "tcpNoDelay", ignored, "always on: chops go out as separate segments"},
    SpecKey{"options", "autoFragmentSize", ignored, kTuning},
    SpecKey{"options", "utf8validateIncoming", ignored, kTuning},
    SpecKey{"options", "applyMask", ignored, kTuning},
    SpecKey{"options", "maskClientFrames", ignored, kTuning},
    SpecKey{"options", "requireMaskedClientFrames", ignored, kTuning},
    SpecKey{"options", "requireMaskedServerFrames", ignored, kTuning},
    SpecKey{"options", "maxFramePayloadSize", ignored, "give the target's limit with --max-message-size instead (rfc.limit.*, z3.pmd.limit.*)"},
    SpecKey{"options", "maxMessagePayloadSize", ignored, "give the target's limit with --max-message-size instead (rfc.limit.*, z3.pmd.limit.*)"},
    SpecKey{"options", "autoPingInterval", ignored, kTuning},
    SpecKey{"options", "autoPingTimeout", ignored, kTuning},
    SpecKey{"options", "autoPingSize", ignored, kTuning},
    SpecKey{"options", "echoCloseCodeReason", ignored, kTuning},
    SpecKey{"options", "perMessageCompressionAccept", ignored, "the deflate cases carry Autobahn's offers and acceptors themselves"},
    SpecKey{"options", "perMessageCompressionOffers", ignored, "the deflate cases carry Autobahn's offers and acceptors themselves"},
};

const SpecKey* find(std::string_view where, std::string_view key) {
  for (const auto& k : kKeys)
    if (k.where == where && k.key == key) return &k;
  return nullptr;
}

std::string known_keys(std::string_view where) {
  std::string out;
  for (const auto& k : kKeys)
    if (k.where == where) out += (out.empty() ? "" : ", ") + std::string(k.key);
  return out;
}

void check_object(const nlohmann::json& object, std::string_view where, const std::string& path, SpecCheck& check) {
  if (!object.is_object()) return;
  for (auto it = object.begin(); it != object.end() && !check.error; ++it) {
    const SpecKey* k = find(where, it.key());
    const std::string name = path + "\"" + it.key() + "\"";
    if (!k) {
      check.error = "unknown key " + name + " (the keys of " + std::string(where) + ": " + known_keys(where) +
                    "); remove it or correct its spelling";
      return;
    }
    if (k->handling == refused) {
      check.error = "key " + name + " is not supported: " + std::string(k->why);
      return;
    }
    if (k->handling == ignored) check.warnings.push_back("key " + name + " is ignored: " + std::string(k->why));
    if (where == "options" && it.key() == "version" && !(it->is_number_integer() && (it->get<int>() == 18 || it->get<int>() == 13)))
      check.error = "key " + name + " = " + it->dump() + " is not supported: only RFC 6455 (version 18 or 13)";
  }
}

}  // namespace

std::span<const SpecKey> spec_keys() { return kKeys; }

SpecCheck check_spec_keys(const nlohmann::json& spec, SpecKind kind) {
  SpecCheck check;
  const std::string_view top = kind == SpecKind::fuzzingclient ? "fuzzingclient" : "fuzzingserver";
  check_object(spec, top, "", check);
  if (const auto it = spec.find("options"); !check.error && it != spec.end()) check_object(*it, "options", "options.", check);
  if (const auto it = spec.find("servers"); kind == SpecKind::fuzzingclient && it != spec.end() && it->is_array())
    for (std::size_t i = 0; i < it->size() && !check.error; ++i) {
      const auto& server = (*it)[i];
      const std::string at = "servers[" + std::to_string(i) + "].";
      check_object(server, "servers[]", at, check);
      if (const auto o = server.find("options"); !check.error && server.is_object() && o != server.end())
        check_object(*o, "options", at + "options.", check);
    }
  return check;
}

}  // namespace wsconform::cli
