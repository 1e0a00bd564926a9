// /me: the account (nichandle.Nichandle), its API applications and credentials.
#include "api/me/me_routes.hpp"

#include "ovhmock/api/request_checks.hpp"
#include "ovhmock/api/me/me_area.hpp"
#include "ovhmock/state/state.hpp"
#include "ovhmock/auth/wire.hpp"

namespace ovhmock::routes {
namespace {

std::int64_t id_param(const Context& ctx, const char* name) { return long_param(name, ctx.param(name)); }

Credential existing_credential(const Context& ctx) {
  const auto id = id_param(ctx, "credentialId");
  auto cred = ctx.state.credentials.credential(id);
  if (!cred) throw ApiException(errors::object_not_found(std::to_string(id)));
  return *cred;
}

}  // namespace

Reply me_get(Context& ctx) {
  auto account = ctx.state.store<MeStore>().account.text();
  if (!account) throw ApiException(errors::service_not_found());
  return Reply::json_text(std::move(*account));
}

Reply me_put(Context& ctx) {
  const auto& body = ctx.json_body();
  check_request_body(body, {"nichandle.Nichandle", "nichandle.Nichandle", "update handler", false});
  if (!ctx.state.store<MeStore>().account.update(body)) throw ApiException(errors::service_not_found());
  return Reply::none();
}

Reply me_applications(Context& ctx) {
  nlohmann::json ids = nlohmann::json::array();
  for (const auto& a : ctx.state.credentials.applications()) ids.push_back(a.id);
  return Reply::json(ids);
}

Reply me_application_get(Context& ctx) {
  const auto id = id_param(ctx, "applicationId");
  auto app = ctx.state.credentials.application(id);
  if (!app) throw ApiException(errors::object_not_found(std::to_string(id)));
  return Reply::json(application_json(*app));
}

Reply me_application_delete(Context& ctx) {
  const auto id = id_param(ctx, "applicationId");
  if (!ctx.state.credentials.remove_application(id)) throw ApiException(errors::object_not_found(std::to_string(id)));
  return Reply::none();
}

Reply me_credentials(Context& ctx) {
  std::optional<std::int64_t> app;
  if (auto text = ctx.query.get("applicationId")) app = long_param("applicationId", *text);
  std::optional<std::string> status = ctx.query.get("status");
  if (status) check_enum_param("status", *status, "auth.CredentialStateEnum");
  const auto now = ctx.state.clock.now();
  nlohmann::json ids = nlohmann::json::array();
  for (const auto& c : ctx.state.credentials.credentials()) {
    if (app && c.application_id != *app) continue;
    if (status && to_string(c.effective_state(now)) != *status) continue;
    ids.push_back(c.id);
  }
  return Reply::json(ids);
}

Reply me_credential_get(Context& ctx) {
  return Reply::json(credential_json(existing_credential(ctx), ctx.state.clock.now()));
}

Reply me_credential_put(Context& ctx) {
  const auto cred = existing_credential(ctx);
  const auto& body = ctx.json_body();
  check_request_body(body, {"auth.ApiCredential", "auth.ApiCredential", "update handler", false});
  if (body.contains("allowedIPs")) {
    std::optional<std::vector<std::string>> ips;
    if (!body["allowedIPs"].is_null()) ips = body["allowedIPs"].get<std::vector<std::string>>();
    ctx.state.credentials.update_credential(cred.id, [&](Credential& c) { c.allowed_ips = ips; });
  }
  return Reply::none();
}

Reply me_credential_delete(Context& ctx) {
  const auto id = id_param(ctx, "credentialId");
  if (!ctx.state.credentials.remove_credential(id)) throw ApiException(errors::object_not_found(std::to_string(id)));
  return Reply::none();
}

Reply me_credential_application(Context& ctx) {
  const auto cred = existing_credential(ctx);
  auto app = ctx.state.credentials.application(cred.application_id);
  if (!app) throw ApiException(errors::object_not_found(std::to_string(cred.application_id)));
  return Reply::json(application_json(*app));
}

}  // namespace ovhmock::routes
