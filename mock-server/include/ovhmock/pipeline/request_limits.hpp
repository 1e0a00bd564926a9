#pragma once
// Request-level checks that are not about the signature itself (docs/limits.md).
#include <cstddef>
#include <optional>

#include "ovhmock/model/errors.hpp"
#include "ovhmock/model/request.hpp"

namespace ovhmock {

// More header fields than this is refused (431).
constexpr std::size_t kMaxHeaderCount = 100;

// An authentication header (Host, X-Ovh-Application, X-Ovh-Consumer, X-Ovh-Timestamp,
// X-Ovh-Signature, Authorization) sent more than once: which value was meant, and
// signed, is ambiguous, so the call is refused (400 "Header X sent more than once").
std::optional<ApiError> duplicated_auth_header(const Request& request);

// Header syntax the HTTP library lets through but a strict server refuses: more than
// kMaxHeaderCount fields (431), a control character (CR, LF, NUL, ...) in a name or a
// value, a name that is not an RFC 9110 token, Content-Length sent twice or not a
// decimal number, Content-Length together with Transfer-Encoding (400).
std::optional<ApiError> malformed_headers(const Request& request);

}  // namespace ovhmock
