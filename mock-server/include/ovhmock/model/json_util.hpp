#pragma once
// JSON helpers shared by handlers and the fixture loader.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace ovhmock {

// Compact JSON text; invalid UTF-8 in strings is replaced, never thrown.
std::string to_json_text(const nlohmann::json& value);

// Parses a request body; throws ApiException (400 Invalid JSON received) when it is not JSON,
// or nests arrays and objects deeper than kMaxJsonDepth.
nlohmann::json parse_body(std::string_view body);

// Deeper JSON is refused before it is parsed: the parser is iterative, but printing or
// walking such a value recurses once per level and would overflow a worker's stack (a
// 1 MiB body nests 500 000 levels). 512 is the default limit of Perl's JSON::XS.
constexpr std::size_t kMaxJsonDepth = 512;
// Whether arrays and objects in `text` nest deeper than `max_depth` (strings skipped).
bool json_nests_deeper_than(std::string_view text, std::size_t max_depth);

}  // namespace ovhmock
