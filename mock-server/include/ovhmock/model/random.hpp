#pragma once
// Random strings for generated keys, tokens and ids.
#include <cstddef>
#include <string>
#include <string_view>

namespace ovhmock {

// Random alphanumeric string from OpenSSL's RAND_bytes.
std::string random_token(std::size_t length, std::string_view alphabet = "");


}  // namespace ovhmock
