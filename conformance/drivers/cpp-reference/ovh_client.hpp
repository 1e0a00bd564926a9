#pragma once
// A small reference OVH API client on the project's own signer (ovhmock::compute_signature)
// and cpp-httplib's client: what a C++ user of the API would write. Signs the URL exactly
// as sent (scheme, host, port, path, query), the body exactly as sent, and syncs its
// clock once through GET /auth/time.
#include <httplib.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace conformance {

struct ClientConfig {
  std::string endpoint;  // e.g. http://127.0.0.1:8080/1.0
  std::string application_key;
  std::string application_secret;
  std::string consumer_key;
  std::string ca_file;  // for https endpoints
  // OAuth2 client credentials (used instead of the keys when client_id is set).
  std::string client_id;
  std::string client_secret;
  std::string token_url;
};

struct Request {
  std::string method;
  std::string path;                                        // below the endpoint, e.g. /me or /v2/...
  std::vector<std::pair<std::string, std::string>> query;  // encoded RFC 3986, in this order
  std::optional<nlohmann::json> body;                      // serialised compact, raw UTF-8
  bool auth = true;
  std::map<std::string, std::string> headers;  // extra request headers
};

struct Response {
  int status = 0;
  nlohmann::json value;  // parsed body, null when empty
  std::string query_id;
  std::string message;  // the error body's message, when not 2xx
  std::map<std::string, std::string> headers;
};

// Thrown when the server answers outside 2xx.
struct ApiError : std::runtime_error {
  Response response;
  explicit ApiError(Response r);
};

class OvhClient {
 public:
  explicit OvhClient(ClientConfig config);

  Response call(const Request& request);
  // POST /auth/credential (unsigned) and use the returned consumer key from then on.
  nlohmann::json request_consumer_key(const nlohmann::json& rules, const nlohmann::json& redirection);
  // The signature this client would put on a request, without sending it.
  std::string sign(const std::string& method, const std::string& url, const std::string& body, long long ts) const;
  long long time_delta();
  std::string url_for(const std::string& target) const { return origin_ + target; }
  std::string target_for(const Request& request) const;

 private:
  httplib::Result send(const std::string& method, const std::string& target, const std::string& body,
                       const httplib::Headers& headers);
  std::string oauth2_token();

  ClientConfig config_;
  std::string origin_;     // scheme://host:port
  std::string base_path_;  // /1.0
  std::unique_ptr<httplib::Client> http_;
  std::optional<long long> delta_;
  std::string access_token_;
};

std::string percent_encode(std::string_view text);

}  // namespace conformance
