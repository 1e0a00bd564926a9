#pragma once
// Validation of request input (bodies, path and query parameters) against the API models,
// answering with the real API's 400 messages. Every function throws ApiException.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

namespace ovhmock {

struct BodyRules {
  std::string_view body_model;    // the model the operation takes ("domain.zone.RecordUpdate")
  std::string_view object_model;  // the object it changes, whose other fields are read-only; may be empty
  std::string_view handler;       // named by "Received not described parameters: (x) while calling <handler>"
  bool creation = false;          // required fields must be present
};

// In order: a JSON object; no field outside both models (not described parameters); no
// read-only field (Try to alter read-only properties); required fields present (creation);
// each value of its type, null only where allowed, enum values in their enumeration.
void check_request_body(const nlohmann::json& body, const BodyRules& rules);

// A path or query parameter of type long: "[id] Given data (x) is not valid for type long".
std::int64_t long_param(std::string_view name, std::string_view text);
// A path or query parameter that must be a value of the enum.
void check_enum_param(std::string_view name, std::string_view text, std::string_view enum_id);

}  // namespace ovhmock
