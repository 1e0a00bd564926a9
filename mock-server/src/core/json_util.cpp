#include "ovhmock/json_util.hpp"

#include "ovhmock/errors.hpp"

namespace ovhmock {

std::string to_json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json parse_body(std::string_view body) {
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) throw ApiException(errors::invalid_json());
  return parsed;
}

}  // namespace ovhmock
