#pragma once
// X-Ovh-Queryid values in the real format: EU.ext-<n>.<hex epoch>.<pid>.<32 hex>.
#include <cstdint>
#include <string>

namespace ovhmock {

std::string make_query_id(std::int64_t unix_seconds);

}  // namespace ovhmock
