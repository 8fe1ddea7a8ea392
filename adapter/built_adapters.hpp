// The adapters this build has, by the short name the command line uses (`--target adapter:NAME`,
// `explain --adapter NAME`): wslay where libwslay-dev is installed, beast where libboost-dev is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "adapter/wsconform_adapter.h"

namespace wsconform::adapter {

struct BuiltAdapter {
  std::string_view name;  // "wslay", "beast"
  const wsc_adapter* (*get)();
};

std::vector<BuiltAdapter> built_adapters();
// The adapter named `name`, or nullptr.
const wsc_adapter* adapter_named(std::string_view name);
// "wslay, beast" (or "none in this build").
std::string adapter_names();

}  // namespace wsconform::adapter
