#include "ovhmock/state.hpp"

namespace ovhmock {

void State::load(Dataset data) {
  loaded = std::move(data);
  reset();
}

void State::reset() {
  credentials.load(loaded.credentials);
  logins.load(loaded.logins);
  oauth2.load(loaded.oauth2_clients);
  account.load(loaded.account);
  domains.load(loaded.domains);
  zones.load(loaded.zones);
}

}  // namespace ovhmock
