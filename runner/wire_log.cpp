#include "runner/wire_log.hpp"

#include <algorithm>

namespace wsconform::runner {

WireEntry wire_row(WireEntry::Kind k) {
  WireEntry e;
  e.kind = k;
  return e;
}

WireEntry octets_row(WireEntry::Kind k, const Bytes& data, bool sync) {
  WireEntry e = wire_row(k);
  e.octets = log_head(data);
  e.length = data.size();
  e.sync = sync;
  return e;
}

WireEntry timer_row(WireEntry::Kind k, double delay) {
  WireEntry e = wire_row(k);
  e.delay = delay;
  return e;
}

Bytes log_head(const Bytes& b) { return Bytes(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(std::min(b.size(), kLogMax))); }

void append_row(CaseRun& run, WireEntry e, double now) {
  if (!run.create_wirelog) return;
  if (run.wirelog.size() >= kMaxWireLogRows) {
    run.wirelog_truncated = true;
    return;
  }
  e.time = now;
  run.wirelog.push_back(std::move(e));
}

}  // namespace wsconform::runner
