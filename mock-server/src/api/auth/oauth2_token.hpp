#pragma once
#include "ovhmock/api/route.hpp"

namespace ovhmock::routes {
// POST /auth/oauth2/token: the OAuth2 client-credentials token endpoint.
Reply oauth2_token(Context& ctx);
}  // namespace ovhmock::routes
