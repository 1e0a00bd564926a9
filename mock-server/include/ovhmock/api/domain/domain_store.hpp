#pragma once
// Domain name services (GET /domain, /domain/{serviceName}, /v2/domain/name): read-only
// objects kept as the API writes them, in memory, thread-safe. Knows no HTTP.
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

namespace ovhmock {

struct DomainService {
  std::string name;   // "example.com"
  nlohmann::json v1;  // domain.DomainServiceWithIAM
  nlohmann::json v2;  // domain.DomainWithIAM (the /v2 view)
};

class DomainStore {
 public:
  void load(std::vector<DomainService> domains);
  std::vector<std::string> names() const;  // sorted
  std::vector<DomainService> all() const;  // sorted by name
  std::optional<DomainService> get(std::string_view name) const;

 private:
  mutable std::shared_mutex mu_;
  std::vector<DomainService> domains_;  // sorted by name
};

}  // namespace ovhmock
