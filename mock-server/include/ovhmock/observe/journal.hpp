#pragma once
// The request journal: the most recent exchanges, newest last, in a bounded ring
// buffer (capacity 0 disables it). Entries are built from a pipeline Exchange with
// every secret masked (consumer key, signature, Authorization, token-like query
// parameters and body fields); the application secret never reaches an entry.
// The request path records a JournalRecord (plain copies, no JSON, no masking); it
// becomes a masked JournalEntry the first time someone reads the journal.
#include <array>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ovhmock/model/request.hpp"

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
  std::string era;         // the API era of the answer (model/api_era.hpp)
  nlohmann::json auth;     // method, accepted, reason, matchedForm, timestampDelta, keys (masked), signatureHint
  nlohmann::json headers;  // masked
  std::string body;        // masked, at most kMaxBody bytes
  bool body_truncated = false;

  static constexpr std::size_t kMaxBody = 4096;

  nlohmann::json to_json() const;
  static JournalEntry from_exchange(const Exchange& exchange, std::int64_t now);
};

// What the request path keeps of an exchange: copies of the request and verdict fields,
// secrets included, held only in memory until an entry is built from it (to_entry masks
// them). A body larger than kMaxRawBody is masked and truncated when recorded, so that
// the journal's memory stays bounded by its capacity.
struct JournalRecord {
  std::uint64_t id = 0;
  std::int64_t time = 0;
  std::string method;
  std::string target;  // raw, query included
  std::string scheme;
  std::string peer;
  std::string route;
  int status = 0;
  std::string fault;
  std::int64_t duration_us = 0;
  std::string query_id;
  std::string era;
  std::string error_body;  // the response body of an error answer (status >= 400)
  // The verdict.
  std::string auth_method;
  bool accepted = false;
  std::string reason;
  std::optional<std::string> auth_error_code;
  std::string matched_form;
  std::optional<std::int64_t> timestamp_delta;
  std::optional<std::int64_t> credential_id;
  std::optional<std::array<std::string, 3>> signature_hint;  // variantClass, variant, hashed
  std::vector<Header> headers;                               // as received
  std::string body;                                          // raw, or (body_masked) masked and truncated
  bool body_masked = false;
  bool body_truncated = false;

  // As large as the entry keeps: the journal holds no more body bytes than when it built
  // entries on the request path.
  static constexpr std::size_t kMaxRawBody = JournalEntry::kMaxBody;

  static JournalRecord from_exchange(const Exchange& exchange, std::int64_t now);
  JournalEntry to_entry() const;
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

  // Stores the entry or record (assigning its id); the oldest entry goes when full.
  void record(JournalEntry entry);
  void record(JournalRecord record);
  // Matching entries, newest first, at most `limit`.
  std::vector<JournalEntry> list(const JournalFilter& filter, std::size_t limit = SIZE_MAX) const;
  std::size_t count(const JournalFilter& filter) const;
  std::size_t size() const;
  std::uint64_t total_recorded() const;  // since start or the last clear, evicted ones included
  void clear();

 private:
  // A record until read, then the entry built from it (in place, once).
  using Slot = std::variant<JournalEntry, JournalRecord>;
  template <class T>
  void store(T item);
  const JournalEntry& entry_locked(std::size_t newest_first) const;

  mutable std::mutex mu_;
  std::size_t capacity_;
  // A ring: ring_[head_] is the oldest of size_ slots; grows up to capacity_, then reused.
  mutable std::vector<Slot> ring_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
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
