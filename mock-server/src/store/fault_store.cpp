#include <algorithm>
#include <stdexcept>

#include "ovhmock/auth/access_rules.hpp"
#include "ovhmock/store/faults.hpp"

namespace ovhmock {
namespace {

const nlohmann::json* field(const nlohmann::json& j, const char* name) {
  if (!j.contains(name) || j.at(name).is_null()) return nullptr;
  return &j.at(name);
}

std::string string_of(const nlohmann::json& j, const char* name) {
  const auto* v = field(j, name);
  if (!v->is_string() || v->get<std::string>().empty())
    throw std::invalid_argument(std::string(name) + " must be a non-empty string");
  return v->get<std::string>();
}

std::int64_t integer_of(const nlohmann::json& j, const char* name, std::int64_t min, std::int64_t max) {
  const auto* v = field(j, name);
  if (!v->is_number_integer() || v->get<std::int64_t>() < min || v->get<std::int64_t>() > max)
    throw std::invalid_argument(std::string(name) + " must be an integer between " + std::to_string(min) + " and " +
                                std::to_string(max));
  return v->get<std::int64_t>();
}

}  // namespace

std::string to_string(FaultKind kind) {
  switch (kind) {
    case FaultKind::latency:
      return "latency";
    case FaultKind::error:
      return "error";
    case FaultKind::rate_limit:
      return "rateLimit";
    case FaultKind::drop:
      return "drop";
  }
  return "latency";
}

bool Fault::matches(const Request& request) const {
  if (method && !iequals(*method, request.method)) return false;
  if (path && !glob_match(*path, request.path())) return false;
  if (header_value) {
    auto v = request.header(header_name);
    if (!v || *v != *header_value) return false;
  }
  return true;
}

nlohmann::json Fault::to_json() const {
  nlohmann::json j = {{"id", id}, {"kind", to_string(kind)}, {"hits", hits}};
  if (method) j["method"] = *method;
  if (path) j["path"] = *path;
  if (header_value) j["header"] = {{"name", header_name}, {"value", *header_value}};
  j["remaining"] = remaining ? nlohmann::json(*remaining) : nlohmann::json(nullptr);
  if (delay_ms > 0) j["delayMs"] = delay_ms;
  if (kind == FaultKind::error || kind == FaultKind::rate_limit) {
    j["status"] = error.status;
    j["body"] = error.to_json();
  }
  if (kind == FaultKind::rate_limit) j["retryAfter"] = retry_after;
  return j;
}

Fault Fault::from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::invalid_argument("the fault must be a JSON object");
  static const char* known[] = {"kind",    "method", "path",    "testId",    "header", "times",
                                "delayMs", "status", "message", "errorCode", "class",  "retryAfter"};
  for (auto it = j.begin(); it != j.end(); ++it)
    if (std::find_if(std::begin(known), std::end(known), [&](const char* k) { return it.key() == k; }) ==
        std::end(known))
      throw std::invalid_argument("unknown field " + it.key());
  Fault f;
  const std::string kind = field(j, "kind") ? string_of(j, "kind") : "";
  if (kind == "latency")
    f.kind = FaultKind::latency;
  else if (kind == "error")
    f.kind = FaultKind::error;
  else if (kind == "rateLimit")
    f.kind = FaultKind::rate_limit;
  else if (kind == "drop")
    f.kind = FaultKind::drop;
  else
    throw std::invalid_argument("kind must be one of latency, error, rateLimit, drop");

  if (field(j, "method")) f.method = string_of(j, "method");
  if (field(j, "path")) f.path = string_of(j, "path");
  if (field(j, "testId")) f.header_value = string_of(j, "testId");
  if (const auto* h = field(j, "header")) {
    if (f.header_value) throw std::invalid_argument("give testId or header, not both");
    if (!h->is_object()) throw std::invalid_argument("header must be {\"name\":…,\"value\":…}");
    f.header_name = string_of(*h, "name");
    f.header_value = string_of(*h, "value");
  }
  if (field(j, "times")) f.remaining = integer_of(j, "times", 1, 1000000000);
  if (field(j, "delayMs")) f.delay_ms = integer_of(j, "delayMs", 0, 60000);
  if (f.kind == FaultKind::latency && f.delay_ms == 0) throw std::invalid_argument("a latency fault needs delayMs");

  if (f.kind == FaultKind::error) {
    if (!field(j, "status")) throw std::invalid_argument("an error fault needs status");
    f.error.status = static_cast<int>(integer_of(j, "status", 400, 599));
  } else if (f.kind == FaultKind::rate_limit) {
    f.error.status = 429;
    if (field(j, "status")) throw std::invalid_argument("status is 429 for a rateLimit fault");
    if (field(j, "retryAfter")) f.retry_after = integer_of(j, "retryAfter", 0, 86400);
  } else if (field(j, "status") || field(j, "message") || field(j, "errorCode") || field(j, "class")) {
    throw std::invalid_argument("status, message, errorCode and class apply to error and rateLimit faults");
  }
  if (f.kind == FaultKind::error || f.kind == FaultKind::rate_limit) {
    f.error.error_class = field(j, "class") ? string_of(j, "class") : error_class(f.error.status);
    f.error.error_code = field(j, "errorCode") ? string_of(j, "errorCode") : "";
    f.error.message = field(j, "message")               ? string_of(j, "message")
                      : f.kind == FaultKind::rate_limit ? "Too many requests"
                                                        : reason_phrase(f.error.status);
  }
  if (f.kind != FaultKind::rate_limit && field(j, "retryAfter"))
    throw std::invalid_argument("retryAfter applies to rateLimit faults");
  return f;
}

Fault FaultStore::add(Fault fault) {
  std::lock_guard lock(mu_);
  fault.id = "f" + std::to_string(next_id_++);
  fault.hits = 0;
  faults_.push_back(fault);
  return fault;
}

bool FaultStore::remove(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = std::find_if(faults_.begin(), faults_.end(), [&](const Fault& f) { return f.id == id; });
  if (it == faults_.end()) return false;
  faults_.erase(it);
  return true;
}

void FaultStore::clear() {
  std::lock_guard lock(mu_);
  faults_.clear();
}

std::vector<Fault> FaultStore::list() const {
  std::lock_guard lock(mu_);
  return faults_;
}

std::size_t FaultStore::size() const {
  std::lock_guard lock(mu_);
  return faults_.size();
}

std::optional<Fault> FaultStore::take(const Request& request) {
  std::lock_guard lock(mu_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (!it->matches(request)) continue;
    ++it->hits;
    Fault used = *it;
    if (it->remaining && --*it->remaining <= 0) faults_.erase(it);
    return used;
  }
  return std::nullopt;
}

}  // namespace ovhmock
