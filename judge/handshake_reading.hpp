// The hs.* cases: what the target did with the case's own request or response, read against
// the model's ruling on that head (RFC 6455 §4.1, §4.2), with the room the case gives a server to
// refuse. The frames that follow an accepted handshake keep the model's ordinary reading.
#pragma once

#include "judge/verdict.hpp"

namespace wsconform::judge {

// `frames`: ModelReading's verdict on the whole trace, taken as it stands (`frames_graded`) once
// a valid handshake opened the connection and the echo came back.
struct HandshakeReading {
  ModelVerdict verdict;
  bool frames_graded = false;
};
HandshakeReading read_handshake_case(const cases::Case& c, const runner::CaseRun& run, ModelVerdict frames);

// The Autobahn column of an hs.* case: the model's verdict; when the frames were graded, the
// close grading as for every case beyond Autobahn.
AutobahnVerdict handshake_autobahn_column(const runner::CaseRun& run, const ModelVerdict& m, const AutobahnVerdict& run_only,
                                          bool frames_graded);

}  // namespace wsconform::judge
