#include "report/report_files.hpp"

#include <fstream>

namespace wsconform::report {

std::string make_report_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return ec ? "cannot create " + dir.string() + ": " + ec.message() : std::string{};
}

std::string write_report_file(const std::filesystem::path& file, std::string_view content, const std::string& what) {
  std::ofstream out(file);
  if (!out) return "cannot write " + what;
  out << content;
  return {};
}

}  // namespace wsconform::report
