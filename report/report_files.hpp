// The report writers' one way to the disk: errors come back as text naming what failed.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace wsconform::report {

// Creates `dir` and its parents; error "cannot create DIR: why", or empty.
std::string make_report_dir(const std::filesystem::path& dir);

// Writes `content` to `file`; error "cannot write " + `what`, or empty.
std::string write_report_file(const std::filesystem::path& file, std::string_view content, const std::string& what);

}  // namespace wsconform::report
