#pragma once
// Every store the handlers and the control plane share. None of them knows HTTP.
#include "ovhmock/clock.hpp"
#include "ovhmock/credential_store.hpp"
#include "ovhmock/faults.hpp"
#include "ovhmock/fixtures.hpp"
#include "ovhmock/journal.hpp"
#include "ovhmock/metrics.hpp"

namespace ovhmock {

struct State {
  Clock clock;
  CredentialStore credentials;
  Dataset loaded;  // the data set reset() returns to

  // Control plane (docs/control-plane.md): what the server saw, the faults to inject,
  // counters. Not data: load() and reset() leave them alone.
  Journal journal;
  FaultStore faults;
  Metrics metrics;

  // Replaces every store's content with the data set, and remembers it for reset().
  void load(Dataset data);
  // Back to the last loaded data set.
  void reset();
};

}  // namespace ovhmock
