#include "ovhmock/store/login_store.hpp"

#include <mutex>

#include "ovhmock/model/request.hpp"
#include "ovhmock/auth/signature.hpp"

namespace ovhmock {

void LoginStore::load(std::vector<Login> logins) {
  std::unique_lock lock(mu_);
  logins_ = std::move(logins);
}

std::optional<Login> LoginStore::check(std::string_view identifier, std::string_view password) const {
  if (identifier.empty()) return std::nullopt;
  std::shared_lock lock(mu_);
  for (const auto& login : logins_) {
    if (!iequals(login.nichandle, identifier) && !iequals(login.email, identifier)) continue;
    if (constant_time_equal(login.password, password)) return login;
    return std::nullopt;
  }
  return std::nullopt;
}

std::string LoginStore::account() const {
  std::shared_lock lock(mu_);
  return logins_.empty() ? std::string() : logins_.front().nichandle;
}

}  // namespace ovhmock
