#include "http/wire.hpp"

#include <algorithm>
#include <iterator>

namespace ovhmock::listener {
namespace {

std::string_view trim_ows(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

bool valid_field(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

}  // namespace

bool bodiless_method(std::string_view m) {
  return m == "GET" || m == "HEAD" || m == "OPTIONS" || m == "TRACE" || m == "CONNECT";
}

bool announces_body(const Request& r) {
  if (r.header("Transfer-Encoding")) return true;
  const auto length = r.header("Content-Length");
  return length && length->find_first_not_of('0') != std::string_view::npos;
}

std::optional<ApiError> listener_checks(const Request& r, int version, std::size_t request_line) {
  if (request_line > kMaxLine) return errors::uri_too_long();
  if (std::find(std::begin(kKnownMethods), std::end(kKnownMethods), r.method) == std::end(kKnownMethods))
    return errors::malformed_request();
  if (version != 10 && version != 11) return errors::malformed_request();
  for (const auto& h : r.headers)
    if (h.name.size() + 2 + h.value.size() > kMaxLine) return errors::malformed_request();
  if (bodiless_method(r.method) && announces_body(r))
    return errors::bad_request("A " + r.method + " request cannot carry a body");
  return malformed_headers(r);
}

Request partial_from_raw(std::string_view raw, int& version, std::size_t& request_line) {
  Request out;
  raw = raw.substr(0, kHeaderLimit);
  const auto eol = raw.find('\n');
  std::string_view first = raw.substr(0, eol);
  request_line = first.size();
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  const auto sp1 = first.find(' ');
  out.method = std::string(first.substr(0, sp1));
  version = 0;
  if (sp1 != std::string_view::npos) {
    const auto sp2 = first.rfind(' ');
    out.target = std::string(first.substr(sp1 + 1, sp2 > sp1 ? sp2 - sp1 - 1 : std::string_view::npos));
    const std::string_view v = sp2 > sp1 ? first.substr(sp2 + 1) : std::string_view{};
    version = v == "HTTP/1.1" ? 11 : v == "HTTP/1.0" ? 10 : 0;
  }
  if (eol == std::string_view::npos) return out;
  std::string_view rest = raw.substr(eol + 1);
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    out.headers.push_back({std::string(line.substr(0, colon)), std::string(trim_ows(line.substr(colon + 1)))});
  }
  return out;
}

void serialize(const Response& r, bool keep_alive, bool http10, bool head, std::string& out) {
  const bool bodiless = r.status < 200 || r.status == 204 || r.status == 304;
  out.clear();
  out.reserve(256 + r.body.size());
  out.append("HTTP/1.1 ").append(std::to_string(r.status)).append(" ").append(reason_phrase(r.status)).append("\r\n");
  bool content_type = false;
  for (const auto& h : r.headers) {
    if (!valid_field(h.name) || !valid_field(h.value) || iequals(h.name, "Content-Length") ||
        iequals(h.name, "Connection") || iequals(h.name, "Transfer-Encoding"))
      continue;
    content_type = content_type || iequals(h.name, "Content-Type");
    out.append(h.name).append(": ").append(h.value).append("\r\n");
  }
  if (!content_type) out.append("Content-Type: application/json; charset=utf-8\r\n");
  if (!bodiless) out.append("Content-Length: ").append(std::to_string(r.body.size())).append("\r\n");
  if (!keep_alive)
    out.append("Connection: close\r\n");
  else if (http10)
    out.append("Connection: keep-alive\r\n");
  out.append("\r\n");
  if (!bodiless && !head) out.append(r.body);
}

}  // namespace ovhmock::listener
