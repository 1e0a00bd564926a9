#pragma once
// The error catalogue: every error the server answers, in the real API's body format.
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace ovhmock {

struct ApiError {
  int status = 500;
  std::string error_class;  // "Client::BadRequest"
  std::string error_code;   // "INVALID_SIGNATURE"; empty when the real API has none
  std::string message;
  std::map<std::string, std::string> details;  // string values only (go-ovh decodes map[string]string)

  // "400 Bad Request": the legacy httpCode field.
  std::string http_code() const;
  // {"class":…,"errorCode":…,"httpCode":…,"message":…}, keys in alphabetical order.
  nlohmann::json to_json() const;
};

// Thrown by handlers and stores' callers; caught once, at the pipeline edge.
class ApiException : public std::runtime_error {
 public:
  explicit ApiException(ApiError error);
  const ApiError& error() const noexcept { return error_; }

 private:
  ApiError error_;
};

std::string reason_phrase(int status);
// The API's error class for a status: "Client::" or "Server::" and the reason phrase
// without spaces or hyphens (404: "Client::NotFound", 503: "Server::ServiceUnavailable").
std::string error_class(int status);

namespace errors {
// Authentication (reference section 2).
ApiError login_required();      // 401 You must login first
ApiError invalid_key();         // 403 INVALID_KEY
ApiError not_credential();      // 403 NOT_CREDENTIAL
ApiError invalid_credential();  // 403 INVALID_CREDENTIAL
ApiError not_granted_call();    // 403 NOT_GRANTED_CALL
ApiError query_time_out();      // 400 QUERY_TIME_OUT
ApiError invalid_signature();   // 400 INVALID_SIGNATURE
ApiError forbidden_ip();        // 403 FORBIDDEN (call from an address outside allowedIPs)
// Generic.
ApiError invalid_url();                          // 404 Got an invalid (or empty) URL
ApiError service_not_found();                    // 404 This service does not exist
ApiError object_not_found(std::string_view id);  // 404 The requested object (id = N) does not exist
ApiError invalid_json();                         // 400 Invalid JSON received
ApiError bad_request(std::string message);       // 400 Client::BadRequest with the given message
ApiError not_described_parameters(const std::vector<std::string>& names, std::string_view handler);
ApiError internal_error();  // 500 Internal server error
// Request validation (/me, /domain; docs/api.md lists which wordings are inferred).
ApiError read_only_properties(const std::vector<std::string>& names);  // 400 Try to alter read-only properties: a, b
ApiError invalid_type(std::string_view field, std::string_view given,
                      std::string_view type);  // 400 [f] Given data (x) is not valid for type long
ApiError not_in_enumeration(std::string_view field, std::string_view given, std::string_view enum_name);
ApiError missing_parameters(const std::vector<std::string>& names);  // 400 Missing required parameters: (a, b)
ApiError body_not_object();                                          // 400 The body must be a JSON object
ApiError invalid_cursor();                                           // 400 invalid cursor (v2 pagination)
// Hardening (docs/limits.md): what the listener answers before the pipeline, and
// authentication headers sent more than once.
ApiError malformed_request();                       // 400 Malformed HTTP request
ApiError payload_too_large(std::size_t max_bytes);  // 413 Request body larger than N bytes
ApiError uri_too_long();                            // 414 Request target longer than 8192 bytes
ApiError listener_error(int status);                // any other status the HTTP library sets
ApiError duplicated_header(std::string_view name);  // 400 Header X sent more than once
}  // namespace errors

}  // namespace ovhmock
