// 12.x and 13.x, permessage-deflate (RFC 7692): 1000 compressed messages a case, one in flight,
// each echo checked for type, length and content. 12.x: five corpora with the default offer;
// 13.x: the JSON corpus with seven offer / accept configurations. Ids, order, sizes, timeouts,
// fragment sizes, offers and acceptors are Autobahn's (its case12_x_x module); the corpora are
// generated (cases/corpora.hpp).
#include "cases/builders.hpp"
#include "cases/catalogue.hpp"

namespace wsconform::cases {
using namespace build;
namespace r = model::rule;

namespace {

struct Size {
  std::size_t length;
  double timeout;
  std::size_t auto_fragment;
};
// Suffixes .1-.18: message length, case timeout (s), auto-fragment size.
constexpr Size kSizes[] = {{16, 60, 0},       {64, 60, 0},       {256, 120, 0},      {1024, 240, 0},      {4096, 480, 0},
                           {8192, 480, 0},    {16384, 480, 0},   {32768, 480, 0},    {65536, 480, 0},     {131072, 480, 0},
                           {8192, 480, 256},  {16384, 480, 256}, {32768, 480, 256},  {65536, 480, 256},   {131072, 480, 256},
                           {131072, 480, 1024}, {131072, 480, 4096}, {131072, 480, 32768}};

// Autobahn's client offers: every element says the client can limit its window and hints it
// will not use context takeover; the 13.x elements add what they ask of the server.
constexpr std::string_view kBaseOffer = "permessage-deflate; client_no_context_takeover; client_max_window_bits";

struct Configuration {
  std::string offer;                       // the tester as client
  std::vector<DeflateAcceptor> acceptors;  // the tester as server
  std::string words;                       // for the description
};

std::string offer_with(std::string_view extra) { return std::string(kBaseOffer) + std::string(extra); }

// 13.1-13.7; 12.x use 13.1's.
std::vector<Configuration> configurations() {
  const DeflateAcceptor plain{}, no_takeover{.client_no_context_takeover = true};
  const DeflateAcceptor window9{.client_max_window_bits = 9};
  const DeflateAcceptor window15{.client_max_window_bits = 15};
  const DeflateAcceptor no_takeover9{.client_no_context_takeover = true, .client_max_window_bits = 9};
  const DeflateAcceptor no_takeover15{.client_no_context_takeover = true, .client_max_window_bits = 15};
  return {
      {offer_with(""), {plain}, "the default offer; as server, accept it as offered"},
      {offer_with("; server_no_context_takeover"), {no_takeover}, "server_no_context_takeover offered; as server, ask for client_no_context_takeover"},
      {offer_with("; server_max_window_bits=9"), {window9}, "server_max_window_bits=9 offered; as server, ask for client_max_window_bits=9"},
      {offer_with("; server_max_window_bits=15"), {window15}, "server_max_window_bits=15 offered; as server, ask for client_max_window_bits=15"},
      {offer_with("; server_no_context_takeover; server_max_window_bits=9"), {no_takeover9},
       "server_no_context_takeover and server_max_window_bits=9 offered; as server, ask for both of the client"},
      {offer_with("; server_no_context_takeover; server_max_window_bits=15"), {no_takeover15},
       "server_no_context_takeover and server_max_window_bits=15 offered; as server, ask for both of the client"},
      {offer_with("; server_no_context_takeover; server_max_window_bits=9") + ", " + offer_with("; server_no_context_takeover") + ", " +
           offer_with(""),
       {no_takeover9, no_takeover, plain}, "three offers in order of preference (13.5's, 13.2's, 13.1's); as server, the first of 13.5's, 13.2's and 13.1's answers an offer allows"},
  };
}

Case deflate_case(std::string id, CorpusId corpus_id, const Size& size, const Configuration& conf) {
  const Corpus& data = corpus(corpus_id);
  std::string af = size.auto_fragment ? ", cut into frames of " + std::to_string(size.auto_fragment) + " compressed octets" : "";
  Case c = make(std::move(id),
                "Negotiate permessage-deflate (" + conf.words + "), then send 1000 compressed " + (data.binary ? "binary" : "text") +
                    " messages of " + std::to_string(size.length) + (data.binary ? " octets" : " code points") + " sliced from " +
                    std::string(data.title) + af + ", each after the previous echo.",
                "The peer echoes every message as sent (type, length, content), within " + std::to_string(static_cast<int>(size.timeout)) +
                    " s; without permessage-deflate the case is UNIMPLEMENTED.");
  c.close = tester_closes();
  c.grading = Grading::deflate_echo;
  c.report_time = true;
  c.deflate = DeflateNegotiation{conf.offer, conf.acceptors};
  c.deflate_echo = DeflateEcho{.corpus = corpus_id, .length = size.length, .count = 1000, .timeout = size.timeout,
                               .auto_fragment = size.auto_fragment};
  c.rules = {r::pmd_payload_inflate, r::pmd_payload_tail, r::pmd_rsv1_first_frame_only, r::pmd_window_sender_bound,
             r::pmd_no_context_takeover_reset};
  return c;
}

}  // namespace

void add_deflate_cases(std::vector<Case>& out) {
  const auto confs = configurations();
  // Autobahn's corpus order since its fix for a random order: JSON, bitmap, text, HTML, PDF.
  const CorpusId corpora[] = {CorpusId::json, CorpusId::bitmap, CorpusId::faust, CorpusId::html, CorpusId::pdf};
  for (std::size_t s = 0; s < 5; ++s)
    for (std::size_t k = 0; k < 18; ++k)
      out.push_back(deflate_case("12." + std::to_string(s + 1) + "." + std::to_string(k + 1), corpora[s], kSizes[k], confs[0]));
  for (std::size_t s = 0; s < confs.size(); ++s)
    for (std::size_t k = 0; k < 18; ++k)
      out.push_back(deflate_case("13." + std::to_string(s + 1) + "." + std::to_string(k + 1), CorpusId::json, kSizes[k], confs[s]));
}

}  // namespace wsconform::cases
