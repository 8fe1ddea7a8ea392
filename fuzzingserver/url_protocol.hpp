// Autobahn's fuzzing-server URL protocol, as a client drives it: the resource it asks for in
// its opening handshake (§4.1 request target) says what it wants.
//   /getCaseCount                      the number of cases, as a text message
//   /runCase?case=N&agent=A            run case N (1-based in the selection); or casetuple=X.Y.Z
//   /getCaseInfo?case=N                {"id": ..., "description": ...}
//   /getCaseStatus?case=N&agent=A      {"behavior": ...} once that case has a result
//   /updateReports?agent=A             write the reports (for every agent seen)
//   /stopServer                        stop
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace wsconform::fuzzingserver {

enum class CommandKind { get_case_count, run_case, get_case_info, get_case_status, update_reports, stop_server, unknown };

struct Command {
  CommandKind kind = CommandKind::unknown;
  std::string path;                        // the path, without the query
  std::optional<std::size_t> case_number;  // case=N (N >= 1)
  std::string case_tuple;                  // casetuple=X.Y.Z
  std::string agent;                       // agent=A, percent-decoded
  std::string problem;                     // a parameter that is there but unusable
};

Command parse_command(std::string_view request_target);

// The request target of an HTTP request head ("GET /runCase?case=1 HTTP/1.1" -> "/runCase?case=1"),
// or empty when the request line is not one.
std::string request_target_of(std::string_view head);

// %XX and '+' decoding of a query value; a malformed escape is kept as it is.
std::string percent_decode(std::string_view text);

}  // namespace wsconform::fuzzingserver
