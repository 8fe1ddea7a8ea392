#include "cases/cost.hpp"

namespace wsconform::cases {
namespace {

constexpr double kSecondsPerOctet = 2e-9;  // loopback, both ways
constexpr double kSecondsPerWrite = 2e-5;  // a syscall and a turn of the peer's loop

double script_seconds(const std::vector<Action>& script, double chop_pause);

double action_seconds(const Action& a, double chop_pause) {
  if (const auto* f = std::get_if<SendFrame>(&a)) {
    const double size = static_cast<double>(f->payload_len.value_or(f->payload.size()));
    const double chops = f->chop && *f->chop > 0 ? size / static_cast<double>(*f->chop) : 1.0;
    return size * kSecondsPerOctet + chops * (chop_pause + kSecondsPerWrite);
  }
  if (const auto* m = std::get_if<SendMessage>(&a)) {
    const double size = static_cast<double>(m->payload_len.value_or(m->payload.size()));
    const double frames = m->fragment_size > 0 ? size / static_cast<double>(m->fragment_size) : 1.0;
    return size * kSecondsPerOctet + frames * kSecondsPerWrite;
  }
  if (const auto* d = std::get_if<FrameData>(&a)) return static_cast<double>(d->data.size()) * kSecondsPerOctet + kSecondsPerWrite;
  if (const auto* w = std::get_if<Wait>(&a)) return w->seconds + script_seconds(w->then, chop_pause);
  return kSecondsPerWrite;
}

double script_seconds(const std::vector<Action>& script, double chop_pause) {
  double s = 0;
  for (const auto& a : script) s += action_seconds(a, chop_pause);
  return s;
}

}  // namespace

double estimated_network_seconds(const Case& c, double chop_pause) {
  double s = script_seconds(c.script, chop_pause);
  if (c.grading == Grading::echo_length) s += 2.0 * static_cast<double>(c.echo_length) * kSecondsPerOctet;
  if (c.grading == Grading::round_trips)
    s += static_cast<double>(c.round_trip_count) * (2.0 * static_cast<double>(c.echo_length) * kSecondsPerOctet + 2 * kSecondsPerWrite);
  return s;
}

}  // namespace wsconform::cases
