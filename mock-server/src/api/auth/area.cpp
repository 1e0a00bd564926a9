// The /auth area: signed-call helpers (/auth/time, /auth/currentCredential, /auth/logout),
// the credential flows (POST /auth/credential, /auth/details, the validation and
// key-creation pages, the OAuth2 token endpoint). Its data (applications, credentials,
// logins, OAuth2 clients) is the identity every area authenticates against: the data-set
// loader reads it and State holds it (store/), so this area has no store of its own.
#include "api/auth/auth_routes.hpp"
#include "api/auth/oauth2_token.hpp"
#include "api/auth/pages.hpp"
#include "ovhmock/api/area.hpp"

namespace ovhmock {
namespace {

std::vector<Route> auth_routes() {
  using namespace routes;
  using enum Auth;
  const auto v1 = Branch::v1;
  const auto root = Branch::root;
  return {
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

}  // namespace

Area auth_area() { return {"auth", auth_routes, nullptr, nullptr}; }

}  // namespace ovhmock
