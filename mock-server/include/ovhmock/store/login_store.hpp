#pragma once
// The account logins the key-creation page accepts (fixtures: logins.json), and the account
// identifier the API reports for every key (/auth/details). Thread-safe; knows no HTTP.
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ovhmock {

struct Login {
  std::string nichandle;  // "dj12345-ovh"
  std::string email;
  std::string password;
};

class LoginStore {
 public:
  void load(std::vector<Login> logins);
  // The login whose nichandle or email equals `identifier` (case-insensitively) and whose
  // password equals `password` (exactly, compared in constant time).
  std::optional<Login> check(std::string_view identifier, std::string_view password) const;
  // The customer the mock's keys belong to: the first login's nichandle; empty without logins.
  std::string account() const;

 private:
  mutable std::shared_mutex mu_;
  std::vector<Login> logins_;
};

}  // namespace ovhmock
