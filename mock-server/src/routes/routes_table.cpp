// Every API route, in one table: method, branch, pattern, authentication, handler.
// Authentication and access rules are decided by the pipeline, never by a handler.
#include "ovhmock/routes.hpp"
#include "routes/auth.hpp"

namespace ovhmock {

std::vector<Route> api_routes() {
  using namespace routes;
  using enum Auth;
  const auto v1 = Branch::v1;
  return {
      // /auth
      {"GET", v1, "/auth/time", none, auth_time},
      {"GET", v1, "/auth/currentCredential", any_rule, auth_current_credential},
      {"POST", v1, "/auth/logout", any_rule, auth_logout},
  };
}

}  // namespace ovhmock
