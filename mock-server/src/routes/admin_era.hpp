#pragma once
// /__admin/era: GET the API era in force, PUT {"era": "2022"} to switch it at run time,
// DELETE to return to the command line's (POST /__admin/reset does too).
#include <vector>

#include "ovhmock/routes.hpp"

namespace ovhmock {

std::vector<Route> admin_era_routes();

}  // namespace ovhmock
