#include "ovhmock/auth/credentials.hpp"

namespace ovhmock {

std::string to_string(ApplicationStatus s) {
  switch (s) {
    case ApplicationStatus::active:
      return "active";
    case ApplicationStatus::blocked:
      return "blocked";
    case ApplicationStatus::inactive:
      return "inactive";
    case ApplicationStatus::trusted:
      return "trusted";
  }
  return "active";
}

std::string to_string(CredentialState s) {
  switch (s) {
    case CredentialState::expired:
      return "expired";
    case CredentialState::pendingValidation:
      return "pendingValidation";
    case CredentialState::refused:
      return "refused";
    case CredentialState::validated:
      return "validated";
  }
  return "expired";
}

std::optional<ApplicationStatus> parse_application_status(std::string_view s) {
  if (s == "active") return ApplicationStatus::active;
  if (s == "blocked") return ApplicationStatus::blocked;
  if (s == "inactive") return ApplicationStatus::inactive;
  if (s == "trusted") return ApplicationStatus::trusted;
  return std::nullopt;
}

std::optional<CredentialState> parse_credential_state(std::string_view s) {
  if (s == "expired") return CredentialState::expired;
  if (s == "pendingValidation") return CredentialState::pendingValidation;
  if (s == "refused") return CredentialState::refused;
  if (s == "validated") return CredentialState::validated;
  return std::nullopt;
}

CredentialState Credential::effective_state(std::int64_t now) const {
  if (state == CredentialState::validated && expiration && *expiration <= now) return CredentialState::expired;
  return state;
}

}  // namespace ovhmock
