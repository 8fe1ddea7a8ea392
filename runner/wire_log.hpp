// The wire log as Autobahn keeps it: a row per write, read, frame and timer, each payload cut
// to its first 64 octets, the log bounded (kMaxWireLogRows) and switchable off for bulk phases.
#pragma once

#include "runner/case_run.hpp"

namespace wsconform::runner {

inline constexpr std::size_t kLogMax = 64;  // octets kept per wire log row, as Autobahn does

WireEntry wire_row(WireEntry::Kind k);
WireEntry octets_row(WireEntry::Kind k, const Bytes& data, bool sync);
WireEntry timer_row(WireEntry::Kind k, double delay);
Bytes log_head(const Bytes& b);  // the first kLogMax octets

// Appends `e` at time `now` to the run's log, unless the log is off or full (then it says so).
void append_row(CaseRun& run, WireEntry e, double now);

}  // namespace wsconform::runner
