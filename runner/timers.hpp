// The tester's timers: callbacks due at a time in seconds, run in time order and, at the same
// time, in the order they were set (Autobahn's reactor does the same). The clock itself - virtual
// in process, the wall clock over a network - belongs to the tester's loop.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <utility>

namespace wsconform::runner {

class Timers {
 public:
  void at(double when, std::function<void()> fn) { due_.emplace(std::make_pair(when, seq_++), std::move(fn)); }
  bool empty() const { return due_.empty(); }
  double next() const { return due_.begin()->first.first; }  // only when not empty
  // Removes the earliest timer and hands back its callback.
  std::function<void()> take_next() {
    auto it = due_.begin();
    auto fn = std::move(it->second);
    due_.erase(it);
    return fn;
  }

 private:
  std::uint64_t seq_ = 0;
  std::map<std::pair<double, std::uint64_t>, std::function<void()>> due_;
};

}  // namespace wsconform::runner
