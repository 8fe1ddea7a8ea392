// Autobahn-compatible machine-readable reports from one result tree: index.json (agent ->
// case -> behavior, behaviorClose, duration, remoteCloseCode, reportfile; sorted keys,
// 3-space indent) and one JSON per case with all of Autobahn's 39 keys, plus a "wsconform"
// key with the model's reading and the rules behind the verdict.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/run.hpp"

namespace wsconform::report {

// "ws@8.18.3" -> "ws_8_18_3" (lower case, everything but [a-z0-9] as '_').
std::string clean_agent(const std::string& agent);
std::string case_report_file(const std::string& agent, const std::string& case_id);

// Autobahn's "duration" in milliseconds: the case's time on the tester's clock - except for a
// 12.x/13.x case in process, whose time is all computation the virtual clock does not see,
// so its wall time.
long long duration_ms(const conformance::CaseResult& r);

nlohmann::ordered_json case_json(const conformance::CaseResult& r);
nlohmann::ordered_json index_json(const std::vector<conformance::CaseResult>& results);

// Writes index.json and every case's JSON into `dir` (created if needed). Returns an error
// message, or empty on success.
std::string write_json_reports(const std::filesystem::path& dir, const std::vector<conformance::CaseResult>& results);

// Autobahn's rendering of octets in reports: hex of the first 64, " ..." if longer than 60.
std::string log_hex(const std::vector<std::uint8_t>& octets, std::size_t full_length);
// ... and of payloads: UTF-8 text (cut the same way), else "0x" + log_hex.
std::string log_text(const std::vector<std::uint8_t>& octets, std::size_t full_length);

}  // namespace wsconform::report
