// What every HTML page of a report shares: escaping and the page frame with its inline CSS
// (self-contained files: no fetches).
#pragma once

#include <string>
#include <string_view>

namespace wsconform::report {

std::string esc(std::string_view s);  // &, <, >, " as entities
std::string page(const std::string& title, const std::string& body);

}  // namespace wsconform::report
