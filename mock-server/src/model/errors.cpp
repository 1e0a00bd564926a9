#include "ovhmock/model/errors.hpp"

namespace ovhmock {

std::string reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 302:
      return "Found";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 416:
      return "Range Not Satisfiable";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 460:
      return "Expired";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Error";
  }
}

std::string ApiError::http_code() const { return std::to_string(status) + " " + reason_phrase(status); }

nlohmann::json ApiError::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  j["class"] = error_class;
  if (!error_code.empty()) j["errorCode"] = error_code;
  j["httpCode"] = http_code();
  j["message"] = message;
  if (!details.empty()) j["details"] = details;
  return j;
}

ApiException::ApiException(ApiError error) : std::runtime_error(error.message), error_(std::move(error)) {}

std::string error_class(int status) {
  std::string cls = status >= 500 ? "Server::" : "Client::";
  for (char c : reason_phrase(status))
    if (c != ' ' && c != '-') cls += c;
  return cls;
}

namespace errors {
namespace {
ApiError make(int status, std::string cls, std::string code, std::string message) {
  return ApiError{status, std::move(cls), std::move(code), std::move(message), {}};
}
}  // namespace

ApiError login_required() { return make(401, "Client::Unauthorized", "", "You must login first"); }
ApiError invalid_key() { return make(403, "Client::Forbidden", "INVALID_KEY", "Invalid application key"); }
ApiError not_credential() { return make(403, "Client::Forbidden", "NOT_CREDENTIAL", "This credential does not exist"); }
ApiError invalid_credential() {
  return make(403, "Client::Forbidden", "INVALID_CREDENTIAL", "This credential is not valid");
}
ApiError not_granted_call() {
  return make(403, "Client::Forbidden", "NOT_GRANTED_CALL", "This call has not been granted");
}
ApiError query_time_out() { return make(400, "Client::BadRequest", "QUERY_TIME_OUT", "Query out of time"); }
ApiError invalid_signature() { return make(400, "Client::BadRequest", "INVALID_SIGNATURE", "Invalid signature"); }
ApiError forbidden_ip() {
  return make(403, "Client::Forbidden", "FORBIDDEN", "This call is not allowed from your IP address");
}
ApiError invalid_url() { return make(404, "Client::NotFound", "", "Got an invalid (or empty) URL"); }
ApiError service_not_found() { return make(404, "Client::NotFound", "", "This service does not exist"); }
ApiError object_not_found(std::string_view id) {
  return make(404, "Client::NotFound", "", "The requested object (id = " + std::string(id) + ") does not exist");
}
ApiError invalid_json() { return make(400, "Client::BadRequest", "", "Invalid JSON received"); }
ApiError bad_request(std::string message) { return make(400, "Client::BadRequest", "", std::move(message)); }
ApiError not_described_parameters(const std::vector<std::string>& names, std::string_view handler) {
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  return make(400, "Client::BadRequest", "",
              "Received not described parameters: (" + list + ")" +
                  (handler.empty() ? std::string() : " while calling " + std::string(handler)));
}
ApiError internal_error() { return make(500, "Server::InternalServerError", "", "Internal server error"); }

namespace {
std::string comma_list(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  return list;
}
}  // namespace

ApiError read_only_properties(const std::vector<std::string>& names) {
  return bad_request("Try to alter read-only properties: " + comma_list(names));
}
ApiError invalid_type(std::string_view field, std::string_view given, std::string_view type) {
  return bad_request("[" + std::string(field) + "] Given data (" + std::string(given) + ") is not valid for type " +
                     std::string(type));
}
ApiError not_in_enumeration(std::string_view field, std::string_view given, std::string_view enum_name) {
  return bad_request("[" + std::string(field) + "] Given data (" + std::string(given) + ") does not belong to the " +
                     std::string(enum_name) + " enumeration");
}
ApiError missing_parameters(const std::vector<std::string>& names) {
  return bad_request("Missing required parameters: (" + comma_list(names) + ")");
}
ApiError body_not_object() { return bad_request("The body must be a JSON object"); }
ApiError invalid_cursor() { return bad_request("invalid cursor"); }

ApiError malformed_request() { return make(400, "Client::BadRequest", "", "Malformed HTTP request"); }
ApiError payload_too_large(std::size_t max_bytes) {
  return make(413, "Client::PayloadTooLarge", "",
              "Request body larger than the limit of " + std::to_string(max_bytes) + " bytes");
}
ApiError uri_too_long() { return make(414, "Client::URITooLong", "", "Request target longer than 8192 bytes"); }
ApiError listener_error(int status) { return make(status, error_class(status), "", reason_phrase(status)); }
ApiError duplicated_header(std::string_view name) {
  return make(400, "Client::BadRequest", "", "Header " + std::string(name) + " sent more than once");
}
}  // namespace errors

}  // namespace ovhmock
