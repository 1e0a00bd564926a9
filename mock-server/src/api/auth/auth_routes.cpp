// /auth: time, credential requests, the current credential, details, logout.
#include "api/auth/auth_routes.hpp"

#include "ovhmock/api/auth/credential_flow.hpp"
#include "ovhmock/state/state.hpp"
#include "api/auth/html.hpp"
#include "ovhmock/auth/wire.hpp"

namespace ovhmock::routes {

Reply auth_time(Context& ctx) { return Reply::json(ctx.state.clock.now()); }

Reply auth_credential(Context& ctx) {
  // Unauthenticated: only the application key counts; signature headers are ignored.
  const auto ak = ctx.request.header("X-Ovh-Application");
  if (!ak || ak->empty()) throw ApiException(errors::invalid_key());
  const auto app = ctx.state.credentials.application_by_key(*ak);
  if (!app || app->revoked || app->status == ApplicationStatus::blocked || app->status == ApplicationStatus::inactive)
    throw ApiException(errors::invalid_key());
  CredentialRequest request = parse_credential_request(ctx.json_body());

  const auto now = ctx.state.clock.now();
  Credential cred = request_credential(ctx.state.credentials, *app, std::move(request), now);
  std::string state = "pendingValidation";
  if (ctx.config.auto_validate) {
    validate_credential(ctx.state.credentials, cred.id, now, ctx.config.auto_validate_validity);
    state = "validated";
  }
  return Reply::json({{"consumerKey", cred.consumer_key},
                      {"state", state},
                      {"validationUrl", base_url(ctx) + "/auth/?credentialToken=" + cred.validation_token}});
}

Reply auth_current_credential(Context& ctx) {
  // A bearer token is not a consumer key.
  if (!ctx.auth.credential_id) throw ApiException(errors::not_credential());
  // Read again: the verdict holds the credential as it was before this call touched it.
  auto cred = ctx.state.credentials.credential(*ctx.auth.credential_id);
  if (!cred) throw ApiException(errors::invalid_credential());
  return Reply::json(credential_json(*cred, ctx.state.clock.now()));
}

Reply auth_details(Context& ctx) {
  const std::string account = ctx.state.logins.account();
  nlohmann::json details = {{"account", account}, {"roles", nullptr}, {"user", nullptr}};
  if (ctx.auth.auth_method == "oauth2") {
    auto client = ctx.state.oauth2.client(ctx.auth.identity);
    if (!client) throw ApiException(errors::login_required());
    details["allowedRoutes"] = nullptr;  // "null means everything"
    details["description"] = client->description;
    details["identities"] = nlohmann::json::array({oauth2_identity(*client, account)});
    details["method"] = "oauth2_client_credentials";
    return Reply::json(details);
  }
  auto cred = ctx.state.credentials.credential(*ctx.auth.credential_id);
  if (!cred) throw ApiException(errors::invalid_credential());
  details["allowedRoutes"] = rules_json(cred->rules);
  details["description"] = nullptr;
  details["identities"] = nlohmann::json::array({"urn:v1:eu:identity:account:" + account});
  details["method"] = "account";
  return Reply::json(details);
}

Reply auth_logout(Context& ctx) {
  if (ctx.auth.auth_method == "oauth2") {
    // Expires the access token the call carried.
    if (auto token = bearer_token(ctx.request.header("Authorization").value_or(""))) ctx.state.oauth2.revoke(*token);
    return Reply::none();
  }
  expire_credential(ctx.state.credentials, *ctx.auth.credential_id, ctx.state.clock.now());
  return Reply::none();
}

}  // namespace ovhmock::routes
