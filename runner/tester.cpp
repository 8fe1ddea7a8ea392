// The tester's event loop on the virtual clock or the wall clock, and the entry point.
#include <algorithm>
#include <chrono>
#include <ctime>

#include "runner/tester_session.hpp"

namespace wsconform::runner::detail {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string iso_now() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return std::string(buf) + ".000Z";
}

Bytes repeated(const Bytes& pattern, std::optional<std::size_t> len) {
  if (!len) return pattern;
  Bytes out(*len);
  if (pattern.empty()) return out;
  // The pattern once, then the filled prefix (a whole number of patterns) copied after
  // itself: 16 MiB payloads (9.x) in a few dozen copies instead of an octet at a time.
  std::size_t filled = std::min(pattern.size(), *len);
  std::copy_n(pattern.begin(), filled, out.begin());
  while (filled < *len) {
    const std::size_t n = std::min(filled, *len - filled);
    std::copy_n(out.begin(), n, out.begin() + static_cast<std::ptrdiff_t>(filled));
    filled += n;
  }
  return out;
}

std::uint64_t case_seed(const std::string& id) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (const char c : id) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
  return h;
}

CaseRun Tester::run() {
  run_.started = iso_now();
  if (target_.realtime()) {
    run_realtime();
    return std::move(run_);
  }
  open_handshake();
  settle();
  // The event loop of the virtual clock.
  while (!done_ && !timers_.empty()) {
    now_ = std::max(now_, timers_.next());
    auto fn = timers_.take_next();
    target_.time_passed(now_);
    pump();
    if (done_) break;
    fn();
    settle();
  }
  if (!done_) {  // nothing left to wait for: the tester gives up on the connection
    drop_connection();
    settle();
  }
  return std::move(run_);
}

double Tester::clock() {
  if (target_.realtime()) now_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
  return now_;
}

void Tester::run_realtime() {
  wall_start_ = std::chrono::steady_clock::now();
  auto elapsed = [&] { return clock(); };
  at(opt_.case_time_limit, [this] {  // a safety net past every case timer
    if (!done_) drop_connection();
  });
  open_handshake();
  settle();
  while (!done_) {
    now_ = elapsed();
    const double next = timers_.empty() ? now_ + 1.0 : timers_.next();
    if (next > now_) {
      target_.wait(std::min(next - now_, 1.0));
      now_ = elapsed();
      pump();
      settle();
      continue;
    }
    // A timer that fell due while the tester was busy: first read what has already arrived, so
    // an answer that came in time is not taken for a timeout.
    pump();
    settle();
    if (done_) break;
    now_ = elapsed();
    if (timers_.empty() || timers_.next() > now_) continue;
    auto fn = timers_.take_next();
    fn();
    settle();
  }
}

void Tester::trace(TraceStep::Kind k, const Bytes& octets, bool text, bool after_waiting) {
  if (observer_) observer_->step(TraceStep{k, now_, octets, text, after_waiting});
}

}  // namespace wsconform::runner::detail

namespace wsconform::runner {

CaseRun run_case(const cases::Case& c, target::Target& target, const TesterOptions& options, TraceObserver* observer) {
  detail::Tester t(c, target, options, observer);
  return t.run();
}

}  // namespace wsconform::runner
