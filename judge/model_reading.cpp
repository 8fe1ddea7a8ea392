#include "judge/verdict.hpp"

namespace wsconform::judge {

std::string behavior_of(model::Grade g) {
  switch (g) {
    case model::Grade::strict: return "OK";
    case model::Grade::lenient: return "NON-STRICT";
    case model::Grade::informational: return "INFORMATIONAL";
    case model::Grade::violation: return "FAILED";
  }
  return "FAILED";
}

bool diverges(const AutobahnVerdict& a, const ModelVerdict& m) {
  if (a.behavior == "INFORMATIONAL" || a.behavior == "UNIMPLEMENTED") return false;
  return a.behavior != m.behavior;
}

ModelReading::ModelReading(model::Role target_role, double latency_allowance)
    : endpoint_(target_role, model::Options{0, false, latency_allowance}) {}

std::span<const std::uint8_t> ModelReading::after_head(std::span<const std::uint8_t> octets, std::string& head, bool& done) {
  if (done) return octets;
  const std::size_t before = head.size();
  head.append(octets.begin(), octets.end());
  const auto end = head.find("\r\n\r\n");
  if (end == std::string::npos) return {};
  done = true;
  const std::size_t used = end + 4 - before;
  head.resize(end + 4);
  return octets.subspan(used);
}

void ModelReading::step(const runner::TraceStep& s) {
  using K = runner::TraceStep::Kind;
  endpoint_.at_time(s.time);
  switch (s.kind) {
    case K::tester_wrote: {
      const auto frames = after_head(s.octets, tester_head_, tester_head_done_);
      if (!frames.empty()) endpoint_.peer_sent(frames);
      break;
    }
    case K::target_wrote: {
      const auto frames = after_head(s.octets, target_head_, target_head_done_);
      if (!frames.empty()) endpoint_.endpoint_sent(frames);
      break;
    }
    case K::tester_closed:
      endpoint_.peer_closed_tcp();
      break;
    case K::target_closed:
      if (target_head_done_) endpoint_.endpoint_closed_tcp();
      break;
    case K::delivered:
      endpoint_.endpoint_delivered(s.text ? model::opcode::text : model::opcode::binary, s.octets);
      break;
  }
}

ModelVerdict ModelReading::finish() {
  endpoint_.finish();
  ModelVerdict v;
  v.behavior = target_head_done_ ? behavior_of(endpoint_.grade()) : "FAILED";
  bool first = true;
  for (const auto& f : endpoint_.findings()) {
    const auto& r = model::describe(f.rule);
    v.findings.push_back({std::string(f.rule.value), std::string(r.section), std::string(model::to_string(f.grade)), f.detail,
                          std::string(r.cites)});
    if (first && f.grade != model::Grade::strict) {
      v.first_departure_octet = f.peer_octets;
      first = false;
    }
  }
  return v;
}

}  // namespace wsconform::judge
