// Every API route, in one table: method, branch, pattern, authentication, handler.
// Authentication and access rules are decided by the pipeline, never by a handler.
#include "ovhmock/routes.hpp"
#include "routes/auth.hpp"
#include "routes/auth_pages.hpp"
#include "routes/oauth2.hpp"

namespace ovhmock {

std::vector<Route> api_routes() {
  using namespace routes;
  using enum Auth;
  const auto v1 = Branch::v1;
  const auto root = Branch::root;
  return {
      // /auth
      {"GET", v1, "/auth/time", none, auth_time},
      {"GET", v1, "/auth/currentCredential", any_rule, auth_current_credential},
      {"POST", v1, "/auth/logout", any_rule, auth_logout},
      // Credential flows (docs/credentials.md): request, details, pages, OAuth2.
      {"POST", v1, "/auth/credential", none, auth_credential},
      {"GET", v1, "/auth/details", any_rule, auth_details},
      {"GET", root, "/auth", none, validation_page},
      {"POST", root, "/auth", none, validation_answer},
      {"GET", root, "/createToken", none, create_token_page},
      {"POST", root, "/createToken", none, create_token_submit},
      {"GET", root, "/createToken/index.cgi", none, create_token_page},
      {"POST", root, "/createToken/index.cgi", none, create_token_submit},
      {"POST", root, "/auth/oauth2/token", none, oauth2_token},
  };
}

}  // namespace ovhmock
