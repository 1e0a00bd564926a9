#include "ovhmock/store/oauth2.hpp"

#include <openssl/evp.h>

#include "ovhmock/model/request.hpp"
#include "ovhmock/auth/signature.hpp"
#include "ovhmock/model/url.hpp"

namespace ovhmock {
namespace {

OAuth2Error oauth2_error(std::string error, std::string description) {
  return OAuth2Error{400, std::move(error), std::move(description)};
}

TokenOutcome refuse(OAuth2Error error, std::string reason) {
  TokenOutcome out;
  out.error = std::move(error);
  out.reason = std::move(reason);
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > 8192) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes: drop them.
  std::size_t len = static_cast<std::size_t>(n);
  if (text.back() == '=') --len;
  if (text.size() >= 2 && text[text.size() - 2] == '=') --len;
  out.resize(len);
  return out;
}

}  // namespace

nlohmann::json OAuth2Error::to_json() const { return {{"error", error}, {"error_description", description}}; }

std::optional<std::pair<std::string, std::string>> parse_basic_authorization(std::string_view header) {
  if (header.size() < 6 || !iequals(header.substr(0, 6), "Basic ")) return std::nullopt;
  std::string_view encoded = header.substr(6);
  while (!encoded.empty() && encoded.front() == ' ') encoded.remove_prefix(1);
  while (!encoded.empty() && encoded.back() == ' ') encoded.remove_suffix(1);
  auto decoded = base64_decode(encoded);
  if (!decoded) return std::nullopt;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(percent_decode(std::string_view(*decoded).substr(0, colon), true),
                        percent_decode(std::string_view(*decoded).substr(colon + 1), true));
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  if (authorization.size() < 7 || !iequals(authorization.substr(0, 7), "Bearer ")) return std::nullopt;
  std::string_view token = authorization.substr(7);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

TokenOutcome request_token(const TokenRequest& request, OAuth2Store& store, std::int64_t now) {
  // 1. Client authentication: HTTP Basic or the form body, not both (RFC 6749 2.3).
  const bool in_form = request.form_client_id.has_value() || request.form_client_secret.has_value();
  if (request.basic && in_form)
    return refuse(
        oauth2_error("invalid_request", "client credentials must be sent either by HTTP Basic or in the body"),
        "client credentials sent both by HTTP Basic and in the body");
  std::string id, secret;
  if (request.basic) {
    id = request.basic->first;
    secret = request.basic->second;
  } else if (in_form) {
    id = request.form_client_id.value_or("");
    secret = request.form_client_secret.value_or("");
  } else {
    return refuse(oauth2_error("invalid_client", "ovhcloud oauth2 client does not exists"),
                  "no client credentials (neither HTTP Basic nor client_id in the body)");
  }
  auto client = store.client(id);
  if (!client)
    return refuse(oauth2_error("invalid_client", "ovhcloud oauth2 client does not exists"),
                  "unknown client id \"" + id + "\"");
  if (!constant_time_equal(client->client_secret, secret))
    return refuse(oauth2_error("invalid_client_credentials", "client secret invalid"),
                  "wrong secret for client \"" + id + "\"");

  // 2. The grant.
  if (!request.grant_type || request.grant_type->empty())
    return refuse(oauth2_error("invalid_request", "missing grant_type"), "no grant_type");
  if (*request.grant_type != "client_credentials")
    return refuse(oauth2_error("unsupported_grant_type", "grant_type must be client_credentials"),
                  "grant_type \"" + *request.grant_type + "\" is not client_credentials");

  // 3. The scope: the real endpoint answers "all", and oauthlib refuses a token whose scope changed.
  if (request.scope && !request.scope->empty() && *request.scope != "all")
    return refuse(oauth2_error("invalid_scope", "scope must be all"), "scope \"" + *request.scope + "\" is not all");

  TokenOutcome out;
  out.token = store.issue(client->client_id, now);
  out.reason = "token issued to client \"" + client->client_id + "\"";
  return out;
}

AuthVerdict authenticate_bearer(std::string_view token, const OAuth2Store& store, std::int64_t now) {
  AuthVerdict v;
  v.auth_method = "oauth2";
  auto reject = [&v](std::string reason) {
    v.accepted = false;
    v.error = errors::login_required();
    v.reason = std::move(reason);
    return v;
  };
  auto t = store.token(token);
  if (!t) return reject("unknown or revoked bearer token");
  v.identity = t->client_id;
  if (t->expires_at <= now) return reject("bearer token expired " + std::to_string(now - t->expires_at) + " s ago");
  if (!store.client(t->client_id)) return reject("the token's OAuth2 client no longer exists");
  v.accepted = true;
  v.unrestricted = true;
  v.reason = "bearer token of OAuth2 client \"" + t->client_id + "\" (expires in " +
             std::to_string(t->expires_at - now) + " s)";
  return v;
}

std::string oauth2_identity(const OAuth2Client& client, std::string_view account) {
  if (client.identity && !client.identity->empty()) return *client.identity;
  return "urn:v1:eu:identity:credential:" + std::string(account) + "/oauth2-" + client.client_id;
}

}  // namespace ovhmock
