#pragma once
// Who may use the control plane (/__admin): loopback peers always; others only with
// `Authorization: Bearer <admin token>` when the server was given a token.
#include <optional>
#include <string>
#include <string_view>

#include "ovhmock/model/errors.hpp"

namespace ovhmock {

// A control-plane error: the status, "Client::<ReasonPhrase>" as its class, the message.
ApiError admin_error(int status, std::string message);

// The error to answer (403 without a configured token, 401 with a wrong or missing
// bearer), or nullopt when the peer may use the control plane.
std::optional<ApiError> check_admin_access(std::string_view peer_address, std::string_view authorization,
                                           std::string_view admin_token);

}  // namespace ovhmock
