#pragma once
// Checks of a record body beyond its model (docs/api.md, "Open questions, decided"): a
// control character in subDomain, a negative ttl.
#include <nlohmann/json.hpp>

namespace ovhmock::routes {

// Throws a 400 ApiException for a subDomain with a control character (U+0000-U+001F,
// U+007F) or a ttl below 0. Call after the body matched its model.
void check_record_values(const nlohmann::json& body);

}  // namespace ovhmock::routes
