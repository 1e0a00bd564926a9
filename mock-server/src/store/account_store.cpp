#include "ovhmock/account_store.hpp"

#include <mutex>

namespace ovhmock {

void AccountStore::load(std::optional<nlohmann::json> nichandle) {
  std::unique_lock lock(mu_);
  nichandle_ = std::move(nichandle);
}

std::optional<nlohmann::json> AccountStore::get() const {
  std::shared_lock lock(mu_);
  return nichandle_;
}

bool AccountStore::update(const nlohmann::json& fields) {
  std::unique_lock lock(mu_);
  if (!nichandle_) return false;
  for (const auto& [key, value] : fields.items()) (*nichandle_)[key] = value;
  return true;
}

}  // namespace ovhmock
