#include "ovhmock/pipeline/request_limits.hpp"

#include <array>
#include <string>

namespace ovhmock {
namespace {

bool is_token_char(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool has_control_char(std::string_view text) {
  for (unsigned char c : text)
    if ((c < 0x20 && c != '\t') || c == 0x7f) return true;
  return false;
}

}  // namespace

std::optional<ApiError> duplicated_auth_header(const Request& request) {
  // One pass over the headers, counting each name; the first name of this list sent twice wins.
  static constexpr std::array<std::string_view, 6> kNames = {
      "Host", "X-Ovh-Application", "X-Ovh-Consumer", "X-Ovh-Timestamp", "X-Ovh-Signature", "Authorization"};
  std::array<int, kNames.size()> seen{};
  for (const auto& h : request.headers)
    for (std::size_t i = 0; i < kNames.size(); ++i)
      if (h.name.size() == kNames[i].size() && iequals(h.name, kNames[i])) {
        ++seen[i];
        break;
      }
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (seen[i] > 1) return errors::duplicated_header(kNames[i]);
  return std::nullopt;
}

std::optional<ApiError> malformed_headers(const Request& request) {
  if (request.headers.size() > kMaxHeaderCount) {
    ApiError e = errors::listener_error(431);
    e.message = "More than " + std::to_string(kMaxHeaderCount) + " header fields";
    return e;
  }
  for (const auto& h : request.headers) {
    if (h.name.empty()) return errors::bad_request("Invalid header name");
    for (unsigned char c : h.name)
      if (!is_token_char(c)) return errors::bad_request("Invalid header name");
    if (has_control_char(h.value)) return errors::bad_request("Invalid character in header " + h.name);
  }
  if (request.header_count("Content-Length") > 1) return errors::duplicated_header("Content-Length");
  if (auto length = request.header("Content-Length")) {
    if (length->empty() || length->size() > 18 || length->find_first_not_of("0123456789") != std::string_view::npos)
      return errors::bad_request("Invalid Content-Length header");
    if (request.header("Transfer-Encoding"))
      return errors::bad_request("Content-Length and Transfer-Encoding sent together");
  }
  return std::nullopt;
}

}  // namespace ovhmock
