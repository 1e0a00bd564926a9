#pragma once
// Reading a control-plane request's JSON body, shared by the control plane (control/) and
// the areas' own control-plane routes (api/sms/control.cpp): a problem is a 400 whose
// message names it ("Unknown field x", "The body must be a JSON object").
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

#include "ovhmock/api/route.hpp"

namespace ovhmock::control {

// Throws ApiException: 400 Client::BadRequest with `message`.
[[noreturn]] void bad(std::string message);
// The body as a JSON object; an empty body is an empty object.
const nlohmann::json& object_body(Context& ctx);
// Every field of `j` must be one of `known`.
void only(const nlohmann::json& j, std::initializer_list<const char*> known);

}  // namespace ovhmock::control
