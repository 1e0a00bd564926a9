#pragma once
// Faults the control plane injects into API requests, checked by the pipeline before
// route matching: added latency, an error status with a real-format body, 429 with
// Retry-After, or a dropped connection. Each is scoped by method, a path glob and/or a
// header value (X-Ovhmock-Test-Id by default, so parallel tests do not disturb each
// other), and applies to the next N matching requests or until removed.
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ovhmock/model/errors.hpp"
#include "ovhmock/model/request.hpp"

namespace ovhmock {

inline constexpr const char* kTestIdHeader = "X-Ovhmock-Test-Id";

enum class FaultKind { latency, error, rate_limit, drop };
std::string to_string(FaultKind kind);

struct Fault {
  std::string id;
  FaultKind kind = FaultKind::latency;
  // Scope: every set field must match.
  std::optional<std::string> method;
  std::optional<std::string> path;  // glob over the raw path, e.g. "/1.0/me*"
  std::string header_name = kTestIdHeader;
  std::optional<std::string> header_value;
  std::optional<std::int64_t> remaining;  // unset: until removed
  // Effect.
  std::int64_t delay_ms = 0;     // any kind: wait this long first
  ApiError error;                // error and rate_limit
  std::int64_t retry_after = 1;  // rate_limit: Retry-After seconds
  std::uint64_t hits = 0;

  bool matches(const Request& request) const;
  nlohmann::json to_json() const;
  // {"kind":"error","status":503,"path":"/1.0/me*","testId":"t1","times":2,...}.
  // Throws std::invalid_argument naming the bad field.
  static Fault from_json(const nlohmann::json& j);
};

class FaultStore {
 public:
  Fault add(Fault fault);  // assigns the id
  bool remove(const std::string& id);
  void clear();
  std::vector<Fault> list() const;
  std::size_t size() const;
  // The first fault matching the request, counted as used (removed once exhausted).
  std::optional<Fault> take(const Request& request);

 private:
  mutable std::mutex mu_;
  std::vector<Fault> faults_;
  std::uint64_t next_id_ = 1;
};

}  // namespace ovhmock
