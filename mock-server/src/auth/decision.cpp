#include "ovhmock/auth/decision.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cstring>

#include "ovhmock/auth/signature.hpp"
#include "ovhmock/model/ip_blocks.hpp"

namespace ovhmock {
namespace {

// The verdict is built in place (it is large: moving it costs more than most checks).
void reject(AuthVerdict& v, ApiError error, std::string reason) {
  v.accepted = false;
  v.error = std::move(error);
  v.reason = std::move(reason);
}

// A decimal integer, optionally signed, that fits in 64 bits; nothing else.
std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  std::int64_t value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || p != end) return std::nullopt;
  return value;
}

struct KeyFacts {
  bool app_found = false;
  std::int64_t app_id = 0;
  std::string_view secret;
  bool app_revoked = false;
  ApplicationStatus app_status = ApplicationStatus::active;
  bool cred_found = false;
  std::int64_t cred_id = 0;
  std::int64_t cred_app_id = 0;
  bool cred_revoked = false;
  CredentialState cred_state = CredentialState::pendingValidation;
  std::optional<std::vector<std::string>> allowed_ips;
  std::vector<AccessRule> rules;
};

// Steps 2 (the application known) to 7.
void check_records(AuthVerdict& v, const AuthInput& in, KeyFacts& k, std::int64_t now, const AuthPolicy& policy) {
  if (!k.app_found) return reject(v, errors::invalid_key(), "unknown application key");
  v.application_id = k.app_id;

  // 3. The consumer key.
  if (!k.cred_found) return reject(v, errors::not_credential(), "unknown consumer key");
  v.credential_id = k.cred_id;

  // 4. The timestamp.
  if (!in.timestamp) return reject(v, errors::query_time_out(), "no X-Ovh-Timestamp header");
  auto ts = parse_timestamp(*in.timestamp);
  if (!ts) return reject(v, errors::query_time_out(), "X-Ovh-Timestamp is not a decimal integer");
  // Saturating difference: a hostile timestamp cannot overflow.
  std::int64_t delta = 0;
  if (__builtin_sub_overflow(*ts, now, &delta)) delta = *ts < 0 ? INT64_MIN : INT64_MAX;
  v.timestamp_delta = delta;
  if (delta > policy.time_window || delta < -policy.time_window)
    return reject(v, errors::query_time_out(),
                  "timestamp is " + std::to_string(delta) + " s from the server clock (window ±" +
                      std::to_string(policy.time_window) + " s)");

  // 5. The signature, over each accepted URL form.
  if (!in.signature || in.signature->empty())
    return reject(v, errors::invalid_signature(), "no X-Ovh-Signature header");
  for (const auto& form : in.url_forms) {
    if (signature_matches({k.secret, *in.consumer_key, in.method, form.url, in.body, *in.timestamp}, *in.signature)) {
      v.matched_form = form.name;
      break;
    }
  }
  if (v.matched_form.empty()) return reject(v, errors::invalid_signature(), "signature matches no accepted URL form");

  // 6. The credential's state and owner.
  if (k.app_revoked) return reject(v, errors::invalid_credential(), "application was deleted");
  if (k.app_status == ApplicationStatus::blocked || k.app_status == ApplicationStatus::inactive)
    return reject(v, errors::invalid_credential(), "application is " + to_string(k.app_status));
  if (k.cred_app_id != k.app_id)
    return reject(v, errors::invalid_credential(), "consumer key belongs to another application");
  if (k.cred_revoked) return reject(v, errors::invalid_credential(), "consumer key was deleted");
  const CredentialState state = k.cred_state;
  if (state != CredentialState::validated)
    return reject(v, errors::invalid_credential(), "consumer key is " + to_string(state));

  // 7. The caller's address.
  if (k.allowed_ips && !address_in_blocks(in.peer_address, *k.allowed_ips))
    return reject(v, errors::forbidden_ip(),
                  "address " + std::string(in.peer_address) + " is outside the key's allowedIPs");

  v.accepted = true;
  v.rules = std::move(k.rules);
  v.reason.reserve(21 + v.matched_form.size());
  v.reason.append("signature verified (").append(v.matched_form).push_back(')');
}

}  // namespace

AuthVerdict authenticate_signature(const AuthInput& in, const KeyLookup& store, std::int64_t now,
                                   const AuthPolicy& policy) {
  AuthVerdict v;
  v.auth_method = "signature";

  // 1. A consumer key is what makes a call authenticated.
  if (!in.consumer_key || in.consumer_key->empty()) {
    reject(v, errors::login_required(), "no X-Ovh-Consumer header");
    return v;
  }

  // 2. The application.
  if (!in.application_key || in.application_key->empty()) {
    reject(v, errors::invalid_key(), "no X-Ovh-Application header");
    return v;
  }
  KeyFacts k;
  // The secret is copied out of the store (the hash runs after its lock is released) into
  // this thread's buffer, which keeps its capacity: no allocation per request.
  thread_local std::string secret;
  secret.clear();
  store.visit_keys(*in.application_key, *in.consumer_key, [&](const Application* app, const Credential* cred) {
    if (app) {
      k.app_found = true;
      k.app_id = app->id;
      secret.assign(app->secret);
      k.app_revoked = app->revoked;
      k.app_status = app->status;
    }
    if (cred) {
      k.cred_found = true;
      k.cred_id = cred->id;
      k.cred_app_id = cred->application_id;
      k.cred_revoked = cred->revoked;
      k.cred_state = cred->effective_state(now);
      k.allowed_ips = cred->allowed_ips;
      k.rules = cred->rules;
    }
  });
  k.secret = secret;
  check_records(v, in, k, now, policy);
  return v;
}

std::optional<ApiError> check_access(const AuthVerdict& verdict, std::string_view method, std::string_view path) {
  if (verdict.unrestricted || rules_allow(verdict.rules, method, path)) return std::nullopt;
  return errors::not_granted_call();
}

}  // namespace ovhmock
