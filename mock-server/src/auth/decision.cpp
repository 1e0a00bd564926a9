#include "ovhmock/auth/decision.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cstring>

#include "ovhmock/auth/signature.hpp"

namespace ovhmock {
namespace {

AuthVerdict reject(AuthVerdict v, ApiError error, std::string reason) {
  v.accepted = false;
  v.error = std::move(error);
  v.reason = std::move(reason);
  return v;
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

struct ParsedAddress {
  int family = 0;
  std::array<unsigned char, 16> bytes{};
};

std::optional<ParsedAddress> parse_address(std::string_view text) {
  std::string s(text);
  // IPv4-mapped IPv6 peers ("::ffff:1.2.3.4") compare as IPv4.
  if (s.rfind("::ffff:", 0) == 0 && s.find('.') != std::string::npos) s = s.substr(7);
  ParsedAddress a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
    a.family = AF_INET;
    return a;
  }
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
    a.family = AF_INET6;
    return a;
  }
  return std::nullopt;
}

struct Block {
  ParsedAddress base;
  int prefix = 0;
};

std::optional<Block> parse_block(std::string_view text) {
  const auto slash = text.find('/');
  auto base = parse_address(text.substr(0, slash));
  if (!base) return std::nullopt;
  const int max = base->family == AF_INET ? 32 : 128;
  int prefix = max;
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(slash + 1);
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
    if (p.empty() || ec != std::errc() || ptr != p.data() + p.size() || prefix < 0 || prefix > max) return std::nullopt;
  }
  return Block{*base, prefix};
}

bool in_block(const ParsedAddress& a, const Block& b) {
  if (a.family != b.base.family) return false;
  int bits = b.prefix;
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    const unsigned char mask = bits >= 8 ? 0xff : static_cast<unsigned char>(0xff << (8 - bits));
    if ((a.bytes[i] & mask) != (b.base.bytes[i] & mask)) return false;
  }
  return true;
}

// What authentication needs of the application and credential records: copied out of the
// store under its shared lock (a few fields, not the records), then checked without it, so
// that hashing never holds the lock the request path's writers (last-use updates) take.
struct KeyFacts {
  bool app_found = false;
  std::int64_t app_id = 0;
  std::string secret;
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
AuthVerdict check_records(AuthVerdict v, const AuthInput& in, KeyFacts k, std::int64_t now, const AuthPolicy& policy) {
  if (!k.app_found) return reject(std::move(v), errors::invalid_key(), "unknown application key");
  v.application_id = k.app_id;

  // 3. The consumer key.
  if (!k.cred_found) return reject(std::move(v), errors::not_credential(), "unknown consumer key");
  v.credential_id = k.cred_id;

  // 4. The timestamp.
  if (!in.timestamp) return reject(std::move(v), errors::query_time_out(), "no X-Ovh-Timestamp header");
  auto ts = parse_timestamp(*in.timestamp);
  if (!ts) return reject(std::move(v), errors::query_time_out(), "X-Ovh-Timestamp is not a decimal integer");
  // Saturating difference: a hostile timestamp cannot overflow.
  std::int64_t delta = 0;
  if (__builtin_sub_overflow(*ts, now, &delta)) delta = *ts < 0 ? INT64_MIN : INT64_MAX;
  v.timestamp_delta = delta;
  if (delta > policy.time_window || delta < -policy.time_window)
    return reject(std::move(v), errors::query_time_out(),
                  "timestamp is " + std::to_string(delta) + " s from the server clock (window ±" +
                      std::to_string(policy.time_window) + " s)");

  // 5. The signature, over each accepted URL form.
  if (!in.signature || in.signature->empty())
    return reject(std::move(v), errors::invalid_signature(), "no X-Ovh-Signature header");
  for (const auto& form : in.url_forms) {
    const std::string expected =
        compute_signature({k.secret, *in.consumer_key, in.method, form.url, in.body, *in.timestamp});
    if (constant_time_equal(expected, *in.signature)) {
      v.matched_form = form.name;
      break;
    }
  }
  if (v.matched_form.empty())
    return reject(std::move(v), errors::invalid_signature(), "signature matches no accepted URL form");

  // 6. The credential's state and owner.
  if (k.app_revoked) return reject(std::move(v), errors::invalid_credential(), "application was deleted");
  if (k.app_status == ApplicationStatus::blocked || k.app_status == ApplicationStatus::inactive)
    return reject(std::move(v), errors::invalid_credential(), "application is " + to_string(k.app_status));
  if (k.cred_app_id != k.app_id)
    return reject(std::move(v), errors::invalid_credential(), "consumer key belongs to another application");
  if (k.cred_revoked) return reject(std::move(v), errors::invalid_credential(), "consumer key was deleted");
  const CredentialState state = k.cred_state;
  if (state != CredentialState::validated)
    return reject(std::move(v), errors::invalid_credential(), "consumer key is " + to_string(state));

  // 7. The caller's address.
  if (k.allowed_ips && !address_in_blocks(in.peer_address, *k.allowed_ips))
    return reject(std::move(v), errors::forbidden_ip(),
                  "address " + std::string(in.peer_address) + " is outside the key's allowedIPs");

  v.accepted = true;
  v.rules = std::move(k.rules);
  v.reason = "signature verified (" + v.matched_form + ")";
  return v;
}

}  // namespace

bool is_valid_ip_block(std::string_view block) { return parse_block(block).has_value(); }

bool address_in_blocks(std::string_view address, const std::vector<std::string>& blocks) {
  auto a = parse_address(address);
  if (!a) return false;
  for (const auto& text : blocks) {
    auto b = parse_block(text);
    if (b && in_block(*a, *b)) return true;
  }
  return false;
}

AuthVerdict authenticate_signature(const AuthInput& in, const KeyLookup& store, std::int64_t now,
                                   const AuthPolicy& policy) {
  AuthVerdict v;
  v.auth_method = "signature";

  // 1. A consumer key is what makes a call authenticated.
  if (!in.consumer_key || in.consumer_key->empty())
    return reject(std::move(v), errors::login_required(), "no X-Ovh-Consumer header");

  // 2. The application.
  if (!in.application_key || in.application_key->empty())
    return reject(std::move(v), errors::invalid_key(), "no X-Ovh-Application header");
  KeyFacts k;
  store.visit_keys(*in.application_key, *in.consumer_key, [&](const Application* app, const Credential* cred) {
    if (app) {
      k.app_found = true;
      k.app_id = app->id;
      k.secret = app->secret;
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
  return check_records(std::move(v), in, std::move(k), now, policy);
}

std::optional<ApiError> check_access(const AuthVerdict& verdict, std::string_view method, std::string_view path) {
  if (verdict.unrestricted || rules_allow(verdict.rules, method, path)) return std::nullopt;
  return errors::not_granted_call();
}

}  // namespace ovhmock
