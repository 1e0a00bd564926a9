#pragma once
// Applications (AK/AS) and consumer keys (CK) as plain values, and the lookup the
// authentication decision reads them through (store/credential_store.hpp implements it).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ovhmock/auth/access_rules.hpp"

namespace ovhmock {

enum class ApplicationStatus { active, blocked, inactive, trusted };
enum class CredentialState { expired, pendingValidation, refused, validated };

std::string to_string(ApplicationStatus s);
std::string to_string(CredentialState s);
std::optional<ApplicationStatus> parse_application_status(std::string_view s);
std::optional<CredentialState> parse_credential_state(std::string_view s);

struct Application {
  std::int64_t id = 0;
  std::string key;     // AK
  std::string secret;  // AS
  std::string name;
  std::string description;
  ApplicationStatus status = ApplicationStatus::active;
  bool revoked = false;  // deleted through the API: hidden, its keys answer INVALID_CREDENTIAL
};

struct Credential {
  std::int64_t id = 0;
  std::string consumer_key;  // CK
  std::int64_t application_id = 0;
  CredentialState state = CredentialState::pendingValidation;
  std::vector<AccessRule> rules;
  std::int64_t creation = 0;
  std::optional<std::int64_t> expiration;  // unset: unlimited
  std::optional<std::int64_t> last_use;
  std::optional<std::vector<std::string>> allowed_ips;  // unset: any address
  bool ovh_support = false;
  std::string redirection;       // where the validation page sends the user
  std::string validation_token;  // credentialToken of the validation URL
  bool revoked = false;          // deleted through the API: hidden, the key answers INVALID_CREDENTIAL

  // The state as a reader sees it at `now` (a validated key past its expiration reads expired).
  CredentialState effective_state(std::int64_t now) const;
};

struct CredentialData {
  std::vector<Application> applications;
  std::vector<Credential> credentials;
};

// Where the authentication decision finds the records of the keys a request names.
class KeyLookup {
 public:
  virtual ~KeyLookup() = default;
  // Calls `visit` with the application of `application_key` and the credential of
  // `consumer_key` (nullptr when unknown; revoked ones included), the records valid
  // for the duration of the call only.
  virtual void visit_keys(std::string_view application_key, std::string_view consumer_key,
                          const std::function<void(const Application*, const Credential*)>& visit) const = 0;
};

}  // namespace ovhmock
