#pragma once
#include "ovhmock/api/route.hpp"

namespace ovhmock::routes {
Reply me_get(Context& ctx);
Reply me_put(Context& ctx);
Reply me_applications(Context& ctx);
Reply me_application_get(Context& ctx);
Reply me_application_delete(Context& ctx);
Reply me_credentials(Context& ctx);
Reply me_credential_get(Context& ctx);
Reply me_credential_put(Context& ctx);
Reply me_credential_delete(Context& ctx);
Reply me_credential_application(Context& ctx);
}  // namespace ovhmock::routes
