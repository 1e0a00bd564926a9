#include "ovhmock/api/domain/domain_store.hpp"

#include <algorithm>
#include <mutex>

namespace ovhmock {

void DomainStore::load(std::vector<DomainService> domains) {
  std::sort(domains.begin(), domains.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::unique_lock lock(mu_);
  domains_ = std::move(domains);
}

std::vector<std::string> DomainStore::names() const {
  std::shared_lock lock(mu_);
  std::vector<std::string> out;
  for (const auto& d : domains_) out.push_back(d.name);
  return out;
}

std::vector<DomainService> DomainStore::all() const {
  std::shared_lock lock(mu_);
  return domains_;
}

std::optional<DomainService> DomainStore::get(std::string_view name) const {
  std::shared_lock lock(mu_);
  for (const auto& d : domains_)
    if (d.name == name) return d;
  return std::nullopt;
}

}  // namespace ovhmock
