#pragma once
// The text of `ovhmock --help`: every server flag (the README's flags table says the same).
#include <string_view>

namespace ovhmock {

std::string_view server_help();

}  // namespace ovhmock
