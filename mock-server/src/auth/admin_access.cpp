#include "ovhmock/auth/admin_access.hpp"

#include <string>

#include "ovhmock/auth/signature.hpp"
#include "ovhmock/model/ip_blocks.hpp"

namespace ovhmock {

ApiError admin_error(int status, std::string message) {
  return ApiError{status, error_class(status), "", std::move(message), {}};
}

std::optional<ApiError> check_admin_access(std::string_view peer_address, std::string_view authorization,
                                           std::string_view admin_token) {
  if (address_in_blocks(peer_address, {"127.0.0.0/8", "::1/128"})) return std::nullopt;
  if (admin_token.empty())
    return admin_error(403,
                       "The control plane answers only on loopback; start the server with "
                       "--admin-token to reach it from elsewhere");
  const std::string expected = "Bearer " + std::string(admin_token);
  if (!constant_time_equal(authorization, expected))
    return admin_error(401, "The control plane needs Authorization: Bearer <admin token>");
  return std::nullopt;
}

}  // namespace ovhmock
