#include "adapter/built_adapters.hpp"

namespace wsconform::adapter {

std::vector<BuiltAdapter> built_adapters() {
  std::vector<BuiltAdapter> all;
#ifdef WSCONFORM_HAVE_WSLAY_ADAPTER
  all.push_back({"wslay", wsc_adapter_wslay});
#endif
#ifdef WSCONFORM_HAVE_BEAST_ADAPTER
  all.push_back({"beast", wsc_adapter_beast});
#endif
  return all;
}

const wsc_adapter* adapter_named(std::string_view name) {
  for (const BuiltAdapter& a : built_adapters())
    if (a.name == name) return a.get();
  return nullptr;
}

std::string adapter_names() {
  std::string names;
  for (const BuiltAdapter& a : built_adapters()) names += (names.empty() ? "" : ", ") + std::string(a.name);
  return names.empty() ? "none in this build" : names;
}

}  // namespace wsconform::adapter
