#include "ovhmock/api/control_body.hpp"

#include <algorithm>

#include "ovhmock/model/errors.hpp"

namespace ovhmock::control {

[[noreturn]] void bad(std::string message) { throw ApiException(errors::bad_request(std::move(message))); }

const nlohmann::json& object_body(Context& ctx) {
  static const nlohmann::json empty = nlohmann::json::object();
  if (ctx.request.body.empty()) return empty;
  const auto& j = ctx.json_body();
  if (!j.is_object()) bad("The body must be a JSON object");
  return j;
}

void only(const nlohmann::json& j, std::initializer_list<const char*> known) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    if (std::none_of(known.begin(), known.end(), [&key](const char* k) { return key == k; }))
      bad("Unknown field " + key);
  }
}

}  // namespace ovhmock::control
