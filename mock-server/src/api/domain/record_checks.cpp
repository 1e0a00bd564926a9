#include "api/domain/record_checks.hpp"

#include "ovhmock/model/errors.hpp"

namespace ovhmock::routes {

void check_record_values(const nlohmann::json& body) {
  if (auto it = body.find("subDomain"); it != body.end() && it->is_string()) {
    for (const char c : it->get_ref<const std::string&>()) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7f)
        // The wording follows the real "Invalid domain name, underscore not allowed" (python-ovh #144).
        throw ApiException(errors::bad_request("Invalid domain name, control characters not allowed"));
    }
  }
  if (auto it = body.find("ttl"); it != body.end() && it->is_number_integer() && it->get<std::int64_t>() < 0)
    throw ApiException(
        errors::bad_request("[ttl] Given data (" + std::to_string(it->get<std::int64_t>()) + ") must be at least 0"));
}

}  // namespace ovhmock::routes
