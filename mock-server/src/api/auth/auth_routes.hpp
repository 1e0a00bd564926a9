#pragma once
#include "ovhmock/api/route.hpp"

namespace ovhmock::routes {
Reply auth_time(Context& ctx);
Reply auth_credential(Context& ctx);  // POST /auth/credential
Reply auth_current_credential(Context& ctx);
Reply auth_details(Context& ctx);
Reply auth_logout(Context& ctx);
}  // namespace ovhmock::routes
