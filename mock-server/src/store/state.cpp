#include "ovhmock/state.hpp"

#include "api/sms/sms.hpp"

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
  sms::reset(*sms, loaded.sms);
}

}  // namespace ovhmock
