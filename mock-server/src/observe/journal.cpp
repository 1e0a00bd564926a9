#include "ovhmock/observe/journal.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "ovhmock/auth/access_rules.hpp"
#include "ovhmock/auth/signature.hpp"
#include "ovhmock/model/json_util.hpp"
#include "ovhmock/model/time_format.hpp"
#include "ovhmock/model/url.hpp"
#include "ovhmock/observe/exchange.hpp"

namespace ovhmock {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Names whose values are secrets wherever they appear (query, form or JSON body).
bool secret_name(std::string_view name) {
  const std::string n = lower(name);
  for (const char* word : {"token", "secret", "password", "consumerkey", "signature"})
    if (n.find(word) != std::string::npos) return true;
  return false;
}

void mask_json(nlohmann::json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (secret_name(it.key()) && it.value().is_string())
        it.value() = mask_secret(it.value().get<std::string>());
      else
        mask_json(it.value());
    }
  } else if (j.is_array()) {
    for (auto& v : j) mask_json(v);
  }
}

// "a=1&token=xyz" -> "a=1&token=<mask>", keeping the raw encoding of everything else.
std::string mask_pairs(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t amp = std::min(text.find('&', start), text.size());
    const std::string_view pair = text.substr(start, amp - start);
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && secret_name(percent_decode(pair.substr(0, eq), true)))
      out.append(pair.substr(0, eq + 1)).append(mask_secret(percent_decode(pair.substr(eq + 1), true)));
    else
      out.append(pair);
    if (amp == text.size()) break;
    out.push_back('&');
    start = amp + 1;
  }
  return out;
}

std::optional<std::string> string_field(const nlohmann::json& j, const char* name) {
  if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
  const auto& v = j.at(name);
  if (!v.is_string()) throw std::invalid_argument(std::string(name) + " must be a string");
  return v.get<std::string>();
}

std::optional<std::int64_t> integer_field(const nlohmann::json& j, const char* name) {
  if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
  const auto& v = j.at(name);
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (!s.empty() && ec == std::errc() && p == s.data() + s.size()) return n;
  }
  throw std::invalid_argument(std::string(name) + " must be an integer");
}

}  // namespace

std::string mask_header_value(std::string_view name, std::string_view value) {
  if (iequals(name, "Authorization") || iequals(name, "Proxy-Authorization")) {
    const auto space = value.find(' ');
    if (space == std::string_view::npos) return mask_secret(value);
    return std::string(value.substr(0, space + 1)) + mask_secret(value.substr(space + 1));
  }
  if (iequals(name, "X-Ovh-Consumer") || iequals(name, "X-Ovh-Signature") || iequals(name, "Cookie") ||
      iequals(name, "Set-Cookie"))
    return mask_secret(value);
  return std::string(value);
}

std::string mask_target(std::string_view target) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return std::string(target);
  return std::string(target.substr(0, q + 1)) + mask_pairs(target.substr(q + 1));
}

std::string mask_body(std::string_view body, std::string_view content_type) {
  if (body.empty()) return "";
  if (lower(content_type).find("application/x-www-form-urlencoded") != std::string::npos) return mask_pairs(body);
  // Too deep to walk safely (json_util.hpp): not parsed, so not recorded either, since
  // fields to mask could hide in it.
  if (json_nests_deeper_than(body, kMaxJsonDepth))
    return "(JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels, not recorded)";
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) return std::string(body);
  if (!j.is_object() && !j.is_array()) return std::string(body);
  // Only re-serialise when something is masked: otherwise keep the bytes as received.
  auto masked = j;
  mask_json(masked);
  return masked == j ? std::string(body) : to_json_text(masked);
}

JournalRecord JournalRecord::from_exchange(const Exchange& x, std::int64_t now) {
  JournalRecord r;
  r.time = now;
  r.method = x.request.method;
  r.target = x.request.target;
  r.scheme = x.request.scheme;
  r.peer = x.request.peer_address;
  r.route = x.route;
  r.status = x.response.status;
  r.fault = x.fault;
  r.duration_us = x.duration.count();
  r.query_id = x.query_id;
  r.era = std::string(to_string(x.era));
  if (x.response.status >= 400) r.error_body = x.response.body;
  const AuthVerdict& v = x.verdict;
  r.auth_method = v.auth_method;
  r.accepted = v.accepted;
  r.reason = v.reason;
  if (v.error) r.auth_error_code = v.error->error_code.empty() ? v.error->error_class : v.error->error_code;
  r.matched_form = v.matched_form;
  r.timestamp_delta = v.timestamp_delta;
  r.credential_id = v.credential_id;
  if (v.signature_hint)
    r.signature_hint = {v.signature_hint->variant_class, v.signature_hint->variant, v.signature_hint->hashed};
  r.headers = x.request.headers;
  if (x.request.body.size() <= kMaxRawBody) {
    r.body = x.request.body;
  } else {
    r.body = mask_body(x.request.body, x.request.header("Content-Type").value_or(""));
    r.body_masked = true;
    if (r.body.size() > JournalEntry::kMaxBody) {
      r.body.resize(JournalEntry::kMaxBody);
      r.body_truncated = true;
    }
  }
  return r;
}

namespace {

// The value of the first header of that name, as received.
std::optional<std::string_view> find_header(const std::vector<Header>& headers, std::string_view name) {
  for (const auto& h : headers)
    if (iequals(h.name, name)) return std::string_view(h.value);
  return std::nullopt;
}

// The verdict, with the application key and the masked consumer key sent.
nlohmann::json auth_json(const JournalRecord& r) {
  nlohmann::json auth = {{"method", r.auth_method}, {"accepted", r.accepted}, {"reason", r.reason}};
  if (r.auth_error_code) auth["errorCode"] = *r.auth_error_code;
  if (!r.matched_form.empty()) auth["matchedForm"] = r.matched_form;
  if (r.timestamp_delta) auth["timestampDelta"] = *r.timestamp_delta;
  if (auto ak = find_header(r.headers, "X-Ovh-Application")) auth["applicationKey"] = std::string(*ak);
  if (auto ck = find_header(r.headers, "X-Ovh-Consumer")) auth["consumerKey"] = mask_secret(*ck);
  if (r.credential_id) auth["credentialId"] = *r.credential_id;
  if (const auto& hint = r.signature_hint)
    auth["signatureHint"] = {{"variantClass", (*hint)[0]}, {"variant", (*hint)[1]}, {"hashed", (*hint)[2]}};
  return auth;
}

// The headers by name, values masked; a repeated name's values joined with ", ".
nlohmann::json masked_headers(const std::vector<Header>& headers) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& h : headers) {
    const std::string value = mask_header_value(h.name, h.value);
    if (out.contains(h.name))
      out[h.name] = out[h.name].get<std::string>() + ", " + value;
    else
      out[h.name] = value;
  }
  return out;
}

// The entry's body: masked (when recorded, or now) and cut at JournalEntry::kMaxBody.
void set_body(const JournalRecord& r, JournalEntry& e) {
  if (r.body_masked) {
    e.body = r.body;
    e.body_truncated = r.body_truncated;
    return;
  }
  e.body = mask_body(r.body, find_header(r.headers, "Content-Type").value_or(""));
  if (e.body.size() > JournalEntry::kMaxBody) {
    e.body.resize(JournalEntry::kMaxBody);
    e.body_truncated = true;
  }
}

}  // namespace

JournalEntry JournalRecord::to_entry() const {
  JournalEntry e;
  e.id = id;
  e.time = time;
  e.method = method;
  const std::string_view t = target;
  e.path = std::string(t.substr(0, t.find('?')));
  e.url = mask_target(target);
  e.host = std::string(find_header(headers, "Host").value_or(""));
  e.scheme = scheme;
  e.peer = peer;
  e.test_id = std::string(find_header(headers, "X-Ovhmock-Test-Id").value_or(""));
  e.route = route;
  e.status = status;
  e.fault = fault;
  e.duration_us = duration_us;
  e.query_id = query_id;
  e.era = era;
  if (status >= 400) {
    auto parsed = nlohmann::json::parse(error_body, nullptr, false);
    if (parsed.is_object()) {
      e.error_code = parsed.value("errorCode", "");
      e.error_message = parsed.value("message", "");
    }
  }
  e.auth = auth_json(*this);
  e.headers = masked_headers(headers);
  set_body(*this, e);
  return e;
}

JournalEntry JournalEntry::from_exchange(const Exchange& x, std::int64_t now) {
  return JournalRecord::from_exchange(x, now).to_entry();
}

nlohmann::json JournalEntry::to_json() const {
  nlohmann::json j = {
      {"id", id},
      {"time", format_datetime(time)},
      {"timestamp", time},
      {"method", method},
      {"url", url},
      {"path", path},
      {"host", host},
      {"scheme", scheme},
      {"peer", peer},
      {"route", route},
      {"status", status},
      {"durationUs", duration_us},
      {"queryId", query_id},
      {"era", era},
      {"auth", auth},
      {"headers", headers},
      {"body", body},
      {"bodyTruncated", body_truncated},
  };
  if (!test_id.empty()) j["testId"] = test_id;
  if (!error_code.empty()) j["errorCode"] = error_code;
  if (!error_message.empty()) j["errorMessage"] = error_message;
  if (!fault.empty()) j["fault"] = fault;
  return j;
}

bool JournalFilter::matches(const JournalEntry& e) const {
  if (method && !iequals(*method, e.method)) return false;
  if (path && !glob_match(*path, e.path)) return false;
  if (status && *status != e.status) return false;
  if (error_code && *error_code != e.error_code && *error_code != e.auth.value("errorCode", "")) return false;
  if (accepted) {
    if (e.auth.value("method", "none") == "none") return false;
    if (e.auth.value("accepted", false) != *accepted) return false;
  }
  if (test_id && *test_id != e.test_id) return false;
  if (route && *route != e.route) return false;
  if (since_id && e.id <= *since_id) return false;
  return true;
}

JournalFilter JournalFilter::from_json(const nlohmann::json& j) {
  JournalFilter f;
  if (j.is_null()) return f;
  if (!j.is_object()) throw std::invalid_argument("the filter must be a JSON object");
  static const char* known[] = {"method", "path",  "status", "errorCode", "accepted",
                                "testId", "route", "since",  "limit"};
  for (auto it = j.begin(); it != j.end(); ++it)
    if (std::find_if(std::begin(known), std::end(known), [&](const char* k) { return it.key() == k; }) ==
        std::end(known))
      throw std::invalid_argument("unknown filter field " + it.key());
  f.method = string_field(j, "method");
  f.path = string_field(j, "path");
  if (auto s = integer_field(j, "status")) f.status = static_cast<int>(*s);
  f.error_code = string_field(j, "errorCode");
  if (j.contains("accepted") && !j.at("accepted").is_null()) {
    const auto& a = j.at("accepted");
    if (a.is_boolean())
      f.accepted = a.get<bool>();
    else if (a == "true" || a == "false")
      f.accepted = a == "true";
    else
      throw std::invalid_argument("accepted must be true or false");
  }
  f.test_id = string_field(j, "testId");
  f.route = string_field(j, "route");
  if (auto s = integer_field(j, "since")) {
    if (*s < 0) throw std::invalid_argument("since must not be negative");
    f.since_id = static_cast<std::uint64_t>(*s);
  }
  return f;
}

}  // namespace ovhmock
