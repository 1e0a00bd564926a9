#pragma once
// The control plane's handlers (one file per resource) and what they share: the JSON
// body readers (a problem is 400 with the field named) and the counts of the state.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "ovhmock/api/control_body.hpp"
#include "ovhmock/api/route.hpp"
#include "ovhmock/auth/admin_access.hpp"
#include "ovhmock/auth/credentials.hpp"

namespace ovhmock {
struct State;
}

namespace ovhmock::control {

// body.cpp (bad, object_body and only: ovhmock/api/control_body.hpp)
std::optional<std::string> opt_string(const nlohmann::json& j, const char* name);
std::optional<std::int64_t> opt_integer(const nlohmann::json& j, const char* name);
nlohmann::json counts(const State& s);

// data_sets.cpp
Reply health(Context& ctx);
Reply version(Context& ctx);
Reply reset(Context& ctx);
Reply load_dataset(Context& ctx);
// keys.cpp
Reply create_application(Context& ctx);
Reply create_credential(Context& ctx);
Reply change_credential(Context& ctx, CredentialState state);
// clock.cpp
Reply clock_get(Context& ctx);
Reply clock_offset(Context& ctx);
Reply clock_step(Context& ctx);
Reply clock_freeze(Context& ctx);
Reply clock_unfreeze(Context& ctx);
Reply clock_reset(Context& ctx);
// journal.cpp
Reply requests_list(Context& ctx);
Reply requests_count(Context& ctx);
Reply requests_clear(Context& ctx);
// faults.cpp
Reply faults_list(Context& ctx);
Reply fault_add(Context& ctx);
Reply fault_remove(Context& ctx);
Reply faults_clear(Context& ctx);
Reply metrics(Context& ctx);
// era.cpp
Reply era_get(Context& ctx);
Reply era_put(Context& ctx);
Reply era_delete(Context& ctx);

}  // namespace ovhmock::control
