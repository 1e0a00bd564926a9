// What every control-plane handler shares: reading optional fields of the JSON body (the body
// itself: api/control_body.hpp), the counts.
#include "control/handlers.hpp"
#include "ovhmock/state/state.hpp"

namespace ovhmock::control {

std::optional<std::string> opt_string(const nlohmann::json& j, const char* name) {
  if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
  if (!j.at(name).is_string()) bad(std::string(name) + " must be a string");
  return j.at(name).get<std::string>();
}

std::optional<std::int64_t> opt_integer(const nlohmann::json& j, const char* name) {
  if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
  if (!j.at(name).is_number_integer()) bad(std::string(name) + " must be an integer");
  return j.at(name).get<std::int64_t>();
}

nlohmann::json counts(const State& s) {
  nlohmann::json c = {{"applications", s.credentials.application_count()},
                      {"credentials", s.credentials.credential_count()},
                      {"journalEntries", s.journal.size()},
                      {"faults", s.faults.size()}};
  s.add_area_counts(c);
  return c;
}

}  // namespace ovhmock::control
