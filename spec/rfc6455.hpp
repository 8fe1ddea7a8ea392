// RFC 6455 as published (spec/rfc6455.txt, unchanged), built into the program.
#pragma once

#include <string_view>

namespace wsconform::spec {

std::string_view rfc6455_text();

}  // namespace wsconform::spec
