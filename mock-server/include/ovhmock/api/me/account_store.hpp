#pragma once
// The account behind /me: one nichandle.Nichandle object, in memory, thread-safe. Knows no HTTP.
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <string>

namespace ovhmock {

class AccountStore {
 public:
  // The nichandle.Nichandle object (validated by the loader); nullopt: no account loaded.
  void load(std::optional<nlohmann::json> nichandle);
  std::optional<nlohmann::json> get() const;
  // The same object as JSON text, rendered once per load or update (GET /me answers it
  // without building a JSON tree); nullopt: no account loaded.
  std::optional<std::string> text() const;
  // Sets each field of `fields` (already validated against the model); false without an account.
  bool update(const nlohmann::json& fields);

 private:
  mutable std::shared_mutex mu_;
  std::optional<nlohmann::json> nichandle_;
  std::optional<std::string> text_;  // nichandle_ rendered, kept in step with it
};

}  // namespace ovhmock
