#pragma once
// What the command line configures, shared read-only by the pipeline and handlers.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ovhmock/model/api_era.hpp"

namespace ovhmock {

// How signed calls are judged (auth/decision.hpp).
struct AuthPolicy {
  std::int64_t time_window = 300;  // seconds either side of the server clock
};

struct ServerConfig {
  AuthPolicy auth;
  // The API era (docs/api.md, "API eras"): void answers, TXT quoting, error bodies, ...
  // The overrides (--void-200-null, --error-format, ...) win over the era.
  ApiEra api_era = ApiEra::current;
  EraOverrides era_overrides;
  // Extra bases a signature may be computed over besides the URL as received
  // (scheme://Host + target), e.g. "https://eu.api.ovh.com": node-ovh and libcloud
  // sign https://host without the port. Empty: strict.
  std::vector<std::string> public_bases;
  std::string fixtures_dir;
  std::string public_url;  // base URL of this server as clients reach it, for validation links
  // Credential flows (docs/credentials.md): with auto_validate, POST /auth/credential answers
  // a key that is already validated, with the rules requested, expiring after
  // auto_validate_validity seconds (unset: unlimited).
  bool auto_validate = false;
  std::optional<std::int64_t> auto_validate_validity;

  // Control plane (docs/control-plane.md).
  std::string admin_token;            // required from non-loopback peers; empty: loopback only
  bool signature_hint_header = true;  // X-Ovhmock-Signature-Hint on INVALID_SIGNATURE
};

}  // namespace ovhmock
