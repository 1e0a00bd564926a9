#pragma once
// Every store the handlers and the control plane share. None of them knows HTTP.
#include "ovhmock/account_store.hpp"
#include "ovhmock/api_era.hpp"
#include "ovhmock/clock.hpp"
#include "ovhmock/credential_store.hpp"
#include "ovhmock/faults.hpp"
#include "ovhmock/fixtures.hpp"
#include "ovhmock/login_store.hpp"
#include "ovhmock/oauth2.hpp"
#include "ovhmock/journal.hpp"
#include "ovhmock/metrics.hpp"

namespace ovhmock {

struct State {
  Clock clock;
  CredentialStore credentials;
  AccountStore account;  // /me
  DomainStore domains;   // /domain, /v2/domain/name
  ZoneStore zones;       // /domain/zone
  Dataset loaded;        // the data set reset() returns to

  // Credential flows (docs/credentials.md).
  LoginStore logins;   // who may sign in on /createToken/; the account of /auth/details
  OAuth2Store oauth2;  // OAuth2 clients and their access tokens

  // Control plane (docs/control-plane.md): what the server saw, the faults to inject,
  // counters. Not data: load() and reset() leave them alone.
  Journal journal;
  FaultStore faults;
  Metrics metrics;
  EraSwitch era;  // the API era switched at run time (api_era.hpp)

  // Replaces every store's content with the data set, and remembers it for reset().
  void load(Dataset data);
  // Back to the last loaded data set.
  void reset();
};

}  // namespace ovhmock
