#pragma once
// The life of a consumer key, shared by POST /auth/credential, the validation page, the
// key-creation page, --auto-validate and the control plane:
//   request_credential  -> pendingValidation (with a validation token)
//   validate_credential -> validated, expiring `validity` seconds after `now` (or never)
//   refuse_credential   -> refused
//   expire_credential   -> expired now (POST /auth/logout)
// Knows no HTTP.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ovhmock/store/credential_store.hpp"

namespace ovhmock {

// A POST /auth/credential body (auth.ApiCredentialRequestParams), validated.
struct CredentialRequest {
  std::vector<AccessRule> rules;
  std::optional<std::string> redirection;
  std::optional<std::vector<std::string>> allowed_ips;
};

// Validates the body; throws ApiException: 400 `Body parameter <field> isn't formated
// correctly` for a missing or malformed field, 400 `Received not described parameters:
// (<names>) while calling creation handler` for unknown fields (docs/credentials.md).
CredentialRequest parse_credential_request(const nlohmann::json& body);

// A new pendingValidation key of the application, with a fresh consumer key and token.
Credential request_credential(CredentialStore& store, const Application& app, CredentialRequest request,
                              std::int64_t now);

enum class Transition {
  done,
  unknown,      // no such credential (or deleted)
  not_pending,  // only_pending was asked and the key is no longer pendingValidation
};

// validity: seconds from `now`; nullopt: unlimited. With only_pending, a key that is not
// pendingValidation is left as it is (the validation page answers each request once).
Transition validate_credential(CredentialStore& store, std::int64_t id, std::int64_t now,
                               std::optional<std::int64_t> validity, bool only_pending = false);
Transition refuse_credential(CredentialStore& store, std::int64_t id, bool only_pending = false);
Transition expire_credential(CredentialStore& store, std::int64_t id, std::int64_t now);

// The validity choices the pages offer, in order (seconds; 0 means unlimited).
struct ValidityChoice {
  std::int64_t seconds;
  const char* label;
};
const std::vector<ValidityChoice>& validity_choices();
inline constexpr std::int64_t kDefaultValidity = 86400;  // "The default period is 24h" (go-ovh README)
// A form's validity value -> seconds (nullopt inside: unlimited); nullopt if not a choice.
std::optional<std::optional<std::int64_t>> parse_validity_choice(std::string_view text);

}  // namespace ovhmock
