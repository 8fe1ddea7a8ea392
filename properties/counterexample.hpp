// Where a property that found impl/ outside the model's allowed set leaves its input: one file
// in the differential input format, for `wsconform explain FILE` (and the fuzzers' corpora).
// The folder is WSCONFORM_COUNTEREXAMPLES, or the working directory.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "differential/differential.hpp"

namespace wsconform::properties {

inline std::string write_counterexample(const differential::Input& in, const std::string& name) {
  const char* dir = std::getenv("WSCONFORM_COUNTEREXAMPLES");
  const std::filesystem::path path = std::filesystem::path(dir ? dir : ".") / (name + ".bin");
  const auto data = differential::encode_input(in);
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  return path.string();
}

}  // namespace wsconform::properties
