// `wsconform check` and `wsconform replay` (built where RapidCheck is installed), and the piece
// of them `explain` shares.
#pragma once

#include <ostream>

#include "check/connection.hpp"
#include "cli/commands.hpp"

namespace wsconform::cli {

// `wsconform check [--target ...] [--runs N] [--seed S] ...`: generated traffic, read by the model.
int check_command(Args args, std::ostream& out, std::ostream& err);
// `wsconform replay FILE [--target ...]`: a check case file run again.
int replay_command(Args args, std::ostream& out, std::ostream& err);
// `wsconform explain FILE` for a check case file.
int explain_case_file(const std::string& path, const std::string& text, Args args, std::ostream& out, std::ostream& err);

void print_finding(const check::Finding& f, std::ostream& out);

}  // namespace wsconform::cli
