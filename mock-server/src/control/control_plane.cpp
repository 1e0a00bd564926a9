// The control plane's route table (docs/control-plane.md); the handlers are in this
// folder, one file per resource. Every route's policy is Auth::admin: the pipeline lets
// loopback peers in, and others only with the --admin-token bearer token.
#include "ovhmock/control/control_plane.hpp"

#include "control/handlers.hpp"
#include "ovhmock/api/area.hpp"

namespace ovhmock {

std::vector<Route> admin_routes() {
  using namespace control;
  const auto a = Branch::admin;
  const auto admin = Auth::admin;  // loopback, or the --admin-token bearer (pipeline)
  std::vector<Route> routes = {
      {"GET", a, "/health", admin, health},
      {"GET", a, "/version", admin, version},
      {"POST", a, "/reset", admin, reset},
      {"POST", a, "/dataset", admin, load_dataset},
      {"POST", a, "/applications", admin, create_application},
      {"POST", a, "/credentials", admin, create_credential},
      {"POST", a, "/credentials/validate", admin,
       [](Context& c) { return change_credential(c, CredentialState::validated); }},
      {"POST", a, "/credentials/refuse", admin,
       [](Context& c) { return change_credential(c, CredentialState::refused); }},
      {"POST", a, "/credentials/expire", admin,
       [](Context& c) { return change_credential(c, CredentialState::expired); }},
      {"GET", a, "/clock", admin, clock_get},
      {"POST", a, "/clock/offset", admin, clock_offset},
      {"POST", a, "/clock/step", admin, clock_step},
      {"POST", a, "/clock/freeze", admin, clock_freeze},
      {"POST", a, "/clock/unfreeze", admin, clock_unfreeze},
      {"POST", a, "/clock/reset", admin, clock_reset},
      {"GET", a, "/requests", admin, requests_list},
      {"DELETE", a, "/requests", admin, requests_clear},
      {"GET", a, "/requests/count", admin, requests_count},
      {"POST", a, "/requests/count", admin, requests_count},
      {"GET", a, "/faults", admin, faults_list},
      {"POST", a, "/faults", admin, fault_add},
      {"DELETE", a, "/faults", admin, faults_clear},
      {"DELETE", a, "/faults/{id}", admin, fault_remove},
      {"GET", a, "/metrics", admin, metrics},
      {"GET", a, "/era", admin, era_get},
      {"PUT", a, "/era", admin, era_put},
      {"DELETE", a, "/era", admin, era_delete},
  };
  for (const auto& area : areas()) {
    if (!area.control_routes) continue;
    for (auto& r : area.control_routes()) routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace ovhmock
