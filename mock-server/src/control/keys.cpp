// Applications and keys created or changed by a test (docs/control-plane.md).
#include "control/handlers.hpp"
#include "ovhmock/auth/credential_checks.hpp"
#include "ovhmock/auth/wire.hpp"
#include "ovhmock/model/time_format.hpp"
#include "ovhmock/state/state.hpp"

namespace ovhmock::control {

// --- applications and keys ----------------------------------------------------------

Reply create_application(Context& ctx) {
  const auto& b = object_body(ctx);
  only(b, {"applicationId", "applicationKey", "applicationSecret", "name", "description", "status"});
  Application a;
  a.id = opt_integer(b, "applicationId").value_or(0);
  if (auto key = opt_string(b, "applicationKey")) {
    if (ctx.state.credentials.application_by_key(*key)) bad("applicationKey is used by another application");
    a.key = *key;
  }
  if (a.id != 0 && ctx.state.credentials.application(a.id)) bad("applicationId is used by another application");
  a.secret = opt_string(b, "applicationSecret").value_or("");
  a.name = opt_string(b, "name").value_or("ovhmock application");
  a.description = opt_string(b, "description").value_or("");
  if (auto status = opt_string(b, "status")) {
    auto s = parse_application_status(*status);
    if (!s) bad("status must be one of active, blocked, inactive, trusted");
    a.status = *s;
  }
  const Application added = ctx.state.credentials.add_application(a);
  auto j = routes::application_json(added);
  j["applicationSecret"] = added.secret;
  return Reply::json(j, 201);
}

std::vector<AccessRule> parse_rules(const nlohmann::json& b) {
  if (!b.contains("rules") || b.at("rules").is_null())
    return {{"GET", "/*"}, {"POST", "/*"}, {"PUT", "/*"}, {"DELETE", "/*"}};
  if (auto wrong = check_access_rules(b.at("rules"), /*extra_fields=*/true)) {
    if (wrong->problem == BadEntry::Problem::unknown_method)
      bad("rules: method must be one of DELETE, GET, PATCH, POST, PUT");
    bad("rules must be an array of {method, path}");
  }
  std::vector<AccessRule> rules;
  for (const auto& r : b.at("rules"))
    rules.push_back({r.at("method").get<std::string>(), r.at("path").get<std::string>()});
  return rules;
}

std::optional<std::int64_t> parse_expiration(const nlohmann::json& b, std::int64_t now) {
  if (auto in = opt_integer(b, "expiresIn")) return now + *in;
  if (auto at = opt_string(b, "expiration")) {
    auto t = parse_datetime(*at);
    if (!t) bad("expiration must be an ISO-8601 datetime with an offset");
    return *t;
  }
  return std::nullopt;
}

nlohmann::json credential_admin_json(const Credential& c, std::int64_t now) {
  auto j = routes::credential_json(c, now);
  j["consumerKey"] = c.consumer_key;
  return j;
}

Reply create_credential(Context& ctx) {
  const auto& b = object_body(ctx);
  only(b, {"applicationId", "applicationKey", "consumerKey", "credentialId", "status", "rules", "expiration",
           "expiresIn", "allowedIPs", "redirection"});
  const auto now = ctx.state.clock.now();
  std::optional<Application> app;
  if (auto id = opt_integer(b, "applicationId"))
    app = ctx.state.credentials.application(*id);
  else if (auto key = opt_string(b, "applicationKey"))
    app = ctx.state.credentials.application_by_key(*key);
  else
    bad("Give applicationId or applicationKey");
  if (!app || app->revoked) bad("No such application");
  Credential c;
  c.application_id = app->id;
  c.id = opt_integer(b, "credentialId").value_or(0);
  if (c.id != 0 && ctx.state.credentials.credential(c.id)) bad("credentialId is used by another credential");
  if (auto ck = opt_string(b, "consumerKey")) {
    if (ctx.state.credentials.credential_by_key(*ck)) bad("consumerKey is used by another credential");
    c.consumer_key = *ck;
  }
  c.state = CredentialState::validated;
  if (auto s = opt_string(b, "status")) {
    auto st = parse_credential_state(*s);
    if (!st) bad("status must be one of expired, pendingValidation, refused, validated");
    c.state = *st;
  }
  c.rules = parse_rules(b);
  c.creation = now;
  c.expiration = parse_expiration(b, now);
  if (b.contains("allowedIPs") && !b.at("allowedIPs").is_null()) {
    if (auto wrong = check_allowed_ips(b.at("allowedIPs"))) {
      if (wrong->problem == BadEntry::Problem::not_a_list) bad("allowedIPs must be an array of IP blocks");
      bad("allowedIPs: " + wrong->detail + " is not an IP address or block");
    }
    c.allowed_ips = b.at("allowedIPs").get<std::vector<std::string>>();
  }
  c.redirection = opt_string(b, "redirection").value_or("");
  return Reply::json(credential_admin_json(ctx.state.credentials.add_credential(c), now), 201);
}

// The credential a state change names: {"consumerKey": …} or {"credentialId": …}.
Credential target_credential(Context& ctx, const nlohmann::json& b) {
  std::optional<Credential> c;
  if (auto id = opt_integer(b, "credentialId"))
    c = ctx.state.credentials.credential(*id);
  else if (auto ck = opt_string(b, "consumerKey"))
    c = ctx.state.credentials.credential_by_key(*ck);
  else
    bad("Give consumerKey or credentialId");
  if (!c || c->revoked) throw ApiException(admin_error(404, "No such credential"));
  return *c;
}

Reply change_credential(Context& ctx, CredentialState state) {
  const auto& b = object_body(ctx);
  only(b, {"consumerKey", "credentialId", "expiration", "expiresIn"});
  const Credential c = target_credential(ctx, b);
  const auto now = ctx.state.clock.now();
  const auto expiration = parse_expiration(b, now);
  ctx.state.credentials.update_credential(c.id, [&](Credential& x) {
    x.state = state;
    if (state == CredentialState::expired)
      x.expiration = now;
    else if (expiration)
      x.expiration = expiration;
    else if (state == CredentialState::validated && x.expiration && *x.expiration <= now)
      x.expiration.reset();  // validating a key past its expiration makes it usable again
  });
  return Reply::json(routes::credential_json(*ctx.state.credentials.credential(c.id), now));
}

}  // namespace ovhmock::control
