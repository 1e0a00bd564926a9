// What every control-plane handler shares: reading the JSON body, the counts.
#include "control/handlers.hpp"
#include "ovhmock/state/state.hpp"

namespace ovhmock::control {

[[noreturn]] void bad(std::string message) { throw ApiException(errors::bad_request(std::move(message))); }

// The body as a JSON object; an empty body is an empty object.
const nlohmann::json& object_body(Context& ctx) {
  static const nlohmann::json empty = nlohmann::json::object();
  if (ctx.request.body.empty()) return empty;
  const auto& j = ctx.json_body();
  if (!j.is_object()) bad("The body must be a JSON object");
  return j;
}

void only(const nlohmann::json& j, std::initializer_list<const char*> known) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool ok = false;
    for (const char* k : known) ok = ok || it.key() == k;
    if (!ok) bad("Unknown field " + it.key());
  }
}

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
