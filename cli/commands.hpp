// The subcommands of `wsconform`. Each takes its arguments (after the subcommand name) and
// the streams to write to, and returns the process exit status.
#pragma once

#include <ostream>
#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

namespace wsconform::cli {

using Args = std::span<const std::string_view>;

// `wsconform rules [--json]`: the model's rule table.
int rules_command(Args args, std::ostream& out, std::ostream& err);
nlohmann::json rules_json();
// `wsconform rules --coverage [--sentences] [--json]`: RFC 6455's normative sentences by section,
// modelled by a rule or not observable (by reason); exit 1 if the table and the text disagree.
int rules_coverage(bool json, bool with_sentences, std::ostream& out);
nlohmann::json coverage_json();

// `wsconform selfcheck [--out DIR]`: the model checks itself against the RFC's own examples
// and canonical traces, and lists its rules.
int selfcheck_command(Args args, std::ostream& out, std::ostream& err);

// `wsconform run [...]`: the catalogue against a target; Autobahn-compatible reports.
int run_command(Args args, std::ostream& out, std::ostream& err);

// `wsconform cases [--json]`: the catalogue.
int cases_command(Args args, std::ostream& out, std::ostream& err);

// `wsconform diff OLD NEW [--json]`: regressions and improvements between two report folders.
int diff_command(Args args, std::ostream& out, std::ostream& err);

// `wsconform boundaries [--json]`: the numeric rules' decision points, found by Z3.
int boundaries_command(Args args, std::ostream& out, std::ostream& err);

// `wsconform seeds [--out DIR]`: the fuzzers' seed corpora from the catalogue's transcripts.
int seeds_command(Args args, std::ostream& out, std::ostream& err);

// `wsconform explain FILE [--html OUT]`: replay an input through impl and the model; the diff report.
int explain_command(Args args, std::ostream& out, std::ostream& err);

// `wsconform echoserver [--port P]`: impl/ behind real sockets, echoing every message.
int echoserver_command(Args args, std::ostream& out, std::ostream& err);

// `wsconform fuzzingclient --spec FILE`: Autobahn's fuzzingclient mode and spec file.
int fuzzingclient_command(Args args, std::ostream& out, std::ostream& err);

// `wsconform fuzzingserver --spec FILE`: Autobahn's fuzzingserver mode, spec file and URL protocol.
int fuzzingserver_command(Args args, std::ostream& out, std::ostream& err);

// `wsconform testeeclient --url U`: impl/ as the client a fuzzing server tests.
int testeeclient_command(Args args, std::ostream& out, std::ostream& err);

}  // namespace wsconform::cli
