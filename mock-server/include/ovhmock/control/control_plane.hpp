#pragma once
// The control plane under /__admin (docs/control-plane.md): health, reset, data sets,
// applications and keys, the virtual clock, the request journal, faults, metrics.
// Answers loopback peers; others must send Authorization: Bearer <--admin-token>.
#include <vector>

#include "ovhmock/api/route.hpp"

namespace ovhmock {

std::vector<Route> admin_routes();

}  // namespace ovhmock
