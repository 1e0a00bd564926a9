#pragma once
// The HTML pages at the root of the server, as on the real API:
//   GET/POST /auth/?credentialToken=…   the validation page of a requested consumer key
//   GET/POST /createToken/ (and /createToken/index.cgi)  the key-creation page
#include <cstdint>
#include <string>

#include "ovhmock/api/route.hpp"

namespace ovhmock::routes {
Reply validation_page(Context& ctx);
Reply validation_answer(Context& ctx);
Reply create_token_page(Context& ctx);
Reply create_token_submit(Context& ctx);

// The validity <select> both pages show, with `selected` (seconds, 0: unlimited) chosen.
std::string validity_select(std::int64_t selected);
}  // namespace ovhmock::routes
