#pragma once
// The /me area: the account (nichandle.Nichandle) and the caller's applications and keys.
// Data: account.json (optional). Store: the account.
#include <nlohmann/json.hpp>
#include <optional>

#include "ovhmock/api/area.hpp"
#include "ovhmock/api/me/account_store.hpp"

namespace ovhmock {

struct MeData final : AreaData {
  std::optional<nlohmann::json> account;  // nichandle.Nichandle; unset: no account.json
};

class MeStore final : public AreaStore {
 public:
  void load(const AreaData* data) override;
  AccountStore account;
};

}  // namespace ovhmock
