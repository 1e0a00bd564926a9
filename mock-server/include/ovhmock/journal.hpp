#pragma once
// The request journal: the most recent exchanges, newest last, in a bounded ring
// buffer (capacity 0 disables it). Entries are built from a pipeline Exchange with
// every secret masked (consumer key, signature, Authorization, token-like query
// parameters and body fields); the application secret never reaches an entry.
#include <cstdint>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ovhmock {

struct Exchange;

struct JournalEntry {
  std::uint64_t id = 0;   // sequence number, from 1
  std::int64_t time = 0;  // server (virtual) clock when the request arrived
  std::string method;
  std::string path;  // raw path, no query
  std::string url;   // raw target with token-like query values masked
  std::string host;
  std::string scheme;
  std::string peer;
  std::string test_id;  // X-Ovhmock-Test-Id, when sent
  std::string route;    // matched pattern, "" when none
  int status = 0;
  std::string error_code;  // errorCode of an error answer ("" when none or none given)
  std::string error_message;
  std::string fault;  // the injected fault, "" when none
  std::int64_t duration_us = 0;
  std::string query_id;
  nlohmann::json auth;     // method, accepted, reason, matchedForm, timestampDelta, keys (masked), signatureHint
  nlohmann::json headers;  // masked
  std::string body;        // masked, at most kMaxBody bytes
  bool body_truncated = false;

  static constexpr std::size_t kMaxBody = 4096;

  nlohmann::json to_json() const;
  static JournalEntry from_exchange(const Exchange& exchange, std::int64_t now);
};

// Which entries a list, count or removal concerns. Every set field must match.
struct JournalFilter {
  std::optional<std::string> method;
  std::optional<std::string> path;  // glob over the raw path ('*' matches anything)
  std::optional<int> status;
  std::optional<std::string> error_code;
  std::optional<bool> accepted;  // authentication verdict (requests that were authenticated)
  std::optional<std::string> test_id;
  std::optional<std::string> route;
  std::optional<std::uint64_t> since_id;  // only entries with a larger id

  bool matches(const JournalEntry& e) const;
  // From query parameters or a JSON object with the same names
  // (method, path, status, errorCode, accepted, testId, route, since).
  // Throws std::invalid_argument naming the bad field.
  static JournalFilter from_json(const nlohmann::json& j);
};

class Journal {
 public:
  explicit Journal(std::size_t capacity = 1000) : capacity_(capacity) {}

  void set_capacity(std::size_t capacity);
  std::size_t capacity() const;
  bool enabled() const { return capacity() > 0; }

  // Stores the entry (assigning its id); the oldest entry goes when full.
  void record(JournalEntry entry);
  // Matching entries, newest first, at most `limit`.
  std::vector<JournalEntry> list(const JournalFilter& filter, std::size_t limit = SIZE_MAX) const;
  std::size_t count(const JournalFilter& filter) const;
  std::size_t size() const;
  std::uint64_t total_recorded() const;  // since start or the last clear, evicted ones included
  void clear();

 private:
  mutable std::mutex mu_;
  std::size_t capacity_;
  std::deque<JournalEntry> entries_;
  std::uint64_t next_id_ = 1;
  std::uint64_t recorded_ = 0;
};

// Masking shared by the journal and the access log.
// "Bearer abcd…(40)" for Authorization, mask_secret for consumer keys and signatures.
std::string mask_header_value(std::string_view name, std::string_view value);
// The target with the values of token-like query parameters (token, secret, password,
// consumerKey, signature) masked.
std::string mask_target(std::string_view target);
// A JSON or form body with token-like fields masked; other bodies unchanged.
std::string mask_body(std::string_view body, std::string_view content_type);

}  // namespace ovhmock
