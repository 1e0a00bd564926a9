#pragma once
// JSON helpers shared by handlers and the fixture loader.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace ovhmock {

// Compact JSON text; invalid UTF-8 in strings is replaced, never thrown.
std::string to_json_text(const nlohmann::json& value);

// Parses a request body; throws ApiException (400 Invalid JSON received) when it is not JSON.
nlohmann::json parse_body(std::string_view body);

}  // namespace ovhmock
