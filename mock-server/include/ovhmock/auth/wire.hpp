#pragma once
// How store objects are written on the wire (the API's models: auth.ApiCredential, ...).
#include <nlohmann/json.hpp>

#include "ovhmock/auth/credentials.hpp"

namespace ovhmock::routes {

nlohmann::json rules_json(const std::vector<AccessRule>& rules);
nlohmann::json credential_json(const Credential& c, std::int64_t now);  // auth.ApiCredential
nlohmann::json application_json(const Application& a);                  // auth.ApiApplication

}  // namespace ovhmock::routes
