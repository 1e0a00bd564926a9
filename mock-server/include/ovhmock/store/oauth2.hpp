#pragma once
// OAuth2 client credentials: the clients (fixtures: oauth2_clients.json), the access tokens
// they obtain at POST /auth/oauth2/token, and the decision for API calls that carry
// `Authorization: Bearer <token>`. Knows no HTTP: handlers pass plain values.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ovhmock/auth/decision.hpp"

namespace ovhmock {

// Seconds an access token lives, as the real token endpoint answers (expires_in).
inline constexpr std::int64_t kAccessTokenLifetime = 3599;

struct OAuth2Client {
  std::string client_id;
  std::string client_secret;
  std::string name;
  std::string description;
  std::optional<std::string> identity;  // unset: urn:v1:eu:identity:credential:<account>/oauth2-<clientId>
};

struct AccessToken {
  std::string token;
  std::string client_id;
  std::int64_t issued_at = 0;
  std::int64_t expires_at = 0;  // the token is valid while now < expires_at
};

class OAuth2Store {
 public:
  // Replaces the clients and forgets every token.
  void load(std::vector<OAuth2Client> clients);
  std::optional<OAuth2Client> client(std::string_view client_id) const;
  std::vector<OAuth2Client> clients() const;
  // A new token for the client, living kAccessTokenLifetime seconds from `now`. Tokens
  // already expired at `now` are forgotten, so the store stays small.
  AccessToken issue(const std::string& client_id, std::int64_t now);
  std::optional<AccessToken> token(std::string_view token) const;
  // Forgets the token (POST /auth/logout with a bearer token); false if unknown.
  bool revoke(std::string_view token);
  std::size_t token_count() const;

 private:
  mutable std::shared_mutex mu_;
  std::vector<OAuth2Client> clients_;
  std::map<std::string, AccessToken, std::less<>> tokens_;
};

// An error of the token endpoint: {"error":…,"error_description":…} (reference section 4).
struct OAuth2Error {
  int status = 400;
  std::string error;
  std::string description;
  nlohmann::json to_json() const;
};

// What a token request carried, already taken apart by the handler.
struct TokenRequest {
  std::optional<std::pair<std::string, std::string>> basic;  // id and secret from HTTP Basic
  std::optional<std::string> form_client_id;
  std::optional<std::string> form_client_secret;
  std::optional<std::string> grant_type;
  std::optional<std::string> scope;
};

struct TokenOutcome {
  std::optional<AccessToken> token;
  std::optional<OAuth2Error> error;
  std::string reason;  // one line, no secrets
};

// The token endpoint's decision, in this order: client credentials (exactly one way, known
// client, right secret), grant_type = client_credentials, scope absent or "all".
TokenOutcome request_token(const TokenRequest& request, OAuth2Store& store, std::int64_t now);

// "Basic base64(id:secret)" -> id and secret, each form-decoded (RFC 6749 2.3.1).
std::optional<std::pair<std::string, std::string>> parse_basic_authorization(std::string_view header);
// "Bearer <token>" (scheme case-insensitive) -> the token; nullopt otherwise or when empty.
std::optional<std::string_view> bearer_token(std::string_view authorization);

// The authentication decision for a call with a bearer token and no X-Ovh-Consumer:
// an unknown, revoked or expired token (or one of a client no longer in the fixtures)
// -> 401 You must login first; a live one -> accepted, method "oauth2", identity = client
// id, unrestricted (OAuth2 clients are governed by IAM policies, which the mock does not model).
AuthVerdict authenticate_bearer(std::string_view token, const OAuth2Store& store, std::int64_t now);

// urn:v1:eu:identity:credential:<account>/oauth2-<clientId>, or the client's own identity.
std::string oauth2_identity(const OAuth2Client& client, std::string_view account);

}  // namespace ovhmock
