#include "ovhmock/api/me/account_store.hpp"

#include <mutex>

#include "ovhmock/model/json_util.hpp"

namespace ovhmock {

void AccountStore::load(std::optional<nlohmann::json> nichandle) {
  std::unique_lock lock(mu_);
  nichandle_ = std::move(nichandle);
  text_ = nichandle_ ? std::optional<std::string>(to_json_text(*nichandle_)) : std::nullopt;
}

std::optional<nlohmann::json> AccountStore::get() const {
  std::shared_lock lock(mu_);
  return nichandle_;
}

std::optional<std::string> AccountStore::text() const {
  std::shared_lock lock(mu_);
  return text_;
}

bool AccountStore::update(const nlohmann::json& fields) {
  std::unique_lock lock(mu_);
  if (!nichandle_) return false;
  for (const auto& [key, value] : fields.items()) (*nichandle_)[key] = value;
  text_ = to_json_text(*nichandle_);
  return true;
}

}  // namespace ovhmock
