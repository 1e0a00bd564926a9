#pragma once
// The authentication decision for a signed call. Inputs are plain values (headers,
// candidate URLs, body, clock); the output is a verdict with the error to answer and
// a one-line reason. Checks run in this order (docs/authentication.md):
//   1. X-Ovh-Consumer missing or empty        -> 401 You must login first
//   2. X-Ovh-Application missing or unknown   -> 403 INVALID_KEY
//   3. consumer key unknown                   -> 403 NOT_CREDENTIAL
//   4. X-Ovh-Timestamp missing, not a decimal
//      integer, or outside the window         -> 400 QUERY_TIME_OUT
//   5. signature matches no accepted URL form -> 400 INVALID_SIGNATURE
//   6. key of another application, pending,
//      refused, expired, or its app not usable -> 403 INVALID_CREDENTIAL
//   7. peer address outside allowedIPs        -> 403 FORBIDDEN
// Access rules are checked afterwards by check_access (403 NOT_GRANTED_CALL).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ovhmock/auth/credentials.hpp"
#include "ovhmock/model/config.hpp"
#include "ovhmock/model/errors.hpp"

namespace ovhmock {

// One URL the client may have signed, with the name the journal reports.
struct SignedUrlForm {
  std::string name;  // "strict", "public-base:https://eu.api.ovh.com", ...
  std::string url;
};


struct AuthInput {
  std::string_view method;
  std::vector<SignedUrlForm> url_forms;  // the strict form first
  std::string_view body;
  std::string_view peer_address;
  std::optional<std::string_view> application_key;
  std::optional<std::string_view> consumer_key;
  std::optional<std::string_view> timestamp;
  std::optional<std::string_view> signature;
};

// What the signature-mismatch explainer found (core/explain.cpp): the variant of the
// request whose signature matches the one sent, and the string that was hashed with
// the application secret and the consumer key masked. No secret in any field.
struct SignatureHint {
  std::string variant_class;  // "scheme", "port", "version-prefix", ...; "none" when nothing matched
  std::string variant;        // what the client did differently, one line
  std::string hashed;         // the matching (or, for "none", the expected) pre-image, masked
  // One printable-ASCII line for the X-Ovhmock-Signature-Hint header (bounded length).
  std::string header_line() const;
};

struct AuthVerdict {
  bool accepted = false;
  std::optional<ApiError> error;
  std::string reason;                           // one line, no secrets
  std::string auth_method;                      // "signature", "oauth2", "none"
  std::optional<std::int64_t> application_id;   // the application of X-Ovh-Application, when known
  std::optional<std::int64_t> credential_id;    // the credential of X-Ovh-Consumer, when known
  std::string matched_form;                     // name of the URL form whose signature matched
  std::optional<std::int64_t> timestamp_delta;  // client timestamp - server clock
  std::string identity;                         // OAuth2 client id, when auth_method is "oauth2"
  std::vector<AccessRule> rules;                // what the caller may call (empty and unrestricted=true: all)
  bool unrestricted = false;
  std::optional<SignatureHint> signature_hint;  // set on INVALID_SIGNATURE (Pipeline)
};

AuthVerdict authenticate_signature(const AuthInput& in, const KeyLookup& store, std::int64_t now,
                                   const AuthPolicy& policy);

// Whether the verdict's rules allow `method` on `path` (below the branch prefix, no query).
// Returns the NOT_GRANTED_CALL error when they do not.
std::optional<ApiError> check_access(const AuthVerdict& verdict, std::string_view method, std::string_view path);

// Whether `address` lies in one of the blocks ("198.51.100.0/24", "2001:db8::/32", "203.0.113.7").
bool address_in_blocks(std::string_view address, const std::vector<std::string>& blocks);
bool is_valid_ip_block(std::string_view block);

}  // namespace ovhmock
