// Every API route, in one table: method, branch, pattern, authentication, handler.
// Authentication and access rules are decided by the pipeline, never by a handler.
#include "api/sms/sms.hpp"
#include "ovhmock/routes.hpp"
#include "routes/auth.hpp"
#include "routes/auth_pages.hpp"
#include "routes/domain.hpp"
#include "routes/me.hpp"
#include "routes/oauth2.hpp"
#include "routes/v2_domain.hpp"

namespace ovhmock {

std::vector<Route> api_routes() {
  using namespace routes;
  using enum Auth;
  const auto v1 = Branch::v1;
  const auto root = Branch::root;
  const auto v2 = Branch::v2;
  std::vector<Route> routes = {
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

      // /me (docs/api.md)
      {"GET", v1, "/me", required, me_get},
      {"PUT", v1, "/me", required, me_put},
      {"GET", v1, "/me/api/application", required, me_applications},
      {"GET", v1, "/me/api/application/{applicationId}", required, me_application_get},
      {"DELETE", v1, "/me/api/application/{applicationId}", required, me_application_delete},
      {"GET", v1, "/me/api/credential", required, me_credentials},
      {"GET", v1, "/me/api/credential/{credentialId}", required, me_credential_get},
      {"PUT", v1, "/me/api/credential/{credentialId}", required, me_credential_put},
      {"DELETE", v1, "/me/api/credential/{credentialId}", required, me_credential_delete},
      {"GET", v1, "/me/api/credential/{credentialId}/application", required, me_credential_application},
      // /domain (docs/api.md); /domain/zone before /domain/{serviceName}
      {"GET", v1, "/domain", required, domain_list},
      {"GET", v1, "/domain/zone", required, zone_list},
      {"GET", v1, "/domain/{serviceName}", required, domain_get},
      {"GET", v1, "/domain/zone/{zoneName}", required, zone_get},
      {"GET", v1, "/domain/zone/{zoneName}/record", required, zone_records},
      {"POST", v1, "/domain/zone/{zoneName}/record", required, zone_record_create},
      {"GET", v1, "/domain/zone/{zoneName}/record/{id}", required, zone_record_get},
      {"PUT", v1, "/domain/zone/{zoneName}/record/{id}", required, zone_record_update},
      {"DELETE", v1, "/domain/zone/{zoneName}/record/{id}", required, zone_record_delete},
      {"POST", v1, "/domain/zone/{zoneName}/refresh", required, zone_refresh},
      {"GET", v1, "/domain/zone/{zoneName}/export", required, zone_export},
      {"GET", v1, "/domain/zone/{zoneName}/status", required, zone_status},
      {"GET", v1, "/domain/zone/{zoneName}/soa", required, zone_soa},
      {"GET", v1, "/domain/zone/{zoneName}/serviceInfos", required, zone_service_infos},
      // /v2/domain (docs/api.md)
      {"GET", v2, "/domain/name", required, v2_domain_names},
      {"GET", v2, "/domain/name/{domainName}", required, v2_domain_name},
  };
  for (auto& r : sms::api_routes()) routes.push_back(std::move(r));
  return routes;
}

}  // namespace ovhmock
