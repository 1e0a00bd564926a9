#pragma once
// Every store the handlers and the control plane share. None of them knows HTTP.
// The identity stores (credentials, logins, OAuth2) are fixed members: the pipeline
// authenticates against them. Each API area's store is made from the area list
// (api/area.hpp) and reached with store<TheStore>().
#include <memory>
#include <stdexcept>
#include <vector>

#include "ovhmock/api/area.hpp"
#include "ovhmock/dataset/dataset.hpp"
#include "ovhmock/model/api_era.hpp"
#include "ovhmock/model/clock.hpp"
#include "ovhmock/model/config.hpp"
#include "ovhmock/observe/journal.hpp"
#include "ovhmock/observe/metrics.hpp"
#include "ovhmock/store/credential_store.hpp"
#include "ovhmock/store/faults.hpp"
#include "ovhmock/store/login_store.hpp"
#include "ovhmock/store/oauth2.hpp"

namespace ovhmock {

struct State {
  State();

  Clock clock;
  CredentialStore credentials;
  Dataset loaded;  // the data set reset() returns to

  // Credential flows (docs/credentials.md).
  LoginStore logins;   // who may sign in on /createToken/; the account of /auth/details
  OAuth2Store oauth2;  // OAuth2 clients and their access tokens

  // Control plane (docs/control-plane.md): what the server saw, the faults to inject,
  // counters. Not data: load() and reset() leave them alone.
  Journal journal;
  FaultStore faults;
  Metrics metrics;
  EraSwitch era;  // the API era switched at run time (model/api_era.hpp)

  // Replaces every store's content with the data set, and remembers it for reset().
  void load(Dataset data);
  // Back to the last loaded data set.
  void reset();

  // The store of the area whose store is a `Store` (api/area.hpp).
  template <class Store>
  Store& store() {
    for (const auto& s : area_stores_)
      if (auto* found = dynamic_cast<Store*>(s.get())) return *found;
    throw std::logic_error("no API area has this store");
  }
  template <class Store>
  const Store& store() const {
    return const_cast<State*>(this)->store<Store>();
  }

  // Every area's counts for the control plane ({"zones": 2, ...}).
  void add_area_counts(nlohmann::json& counts) const;

 private:
  std::vector<std::unique_ptr<AreaStore>> area_stores_;  // in the order of areas(); null: none
};

// The behaviours of the next answer: the era switched by the control plane, else the
// command line's, with the command line's overrides.
EraProfile answer_era(const State& state, const ServerConfig& config);

}  // namespace ovhmock
