#include "ovh_client.hpp"

#include <cctype>
#include <chrono>
#include <stdexcept>

#include "ovhmock/auth/signature.hpp"

namespace conformance {

namespace {

long long unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Response to_response(const httplib::Result& r) {
  if (!r) throw std::runtime_error("transport: " + httplib::to_string(r.error()));
  Response out;
  out.status = r->status;
  for (const auto& [k, v] : r->headers) out.headers[k] = v;
  out.query_id = r->get_header_value("X-Ovh-Queryid");
  if (!r->body.empty()) out.value = nlohmann::json::parse(r->body, nullptr, false);
  if (out.value.is_discarded()) out.value = r->body;
  if (out.status < 200 || out.status > 299) {
    if (out.value.is_object() && out.value.contains("message") && out.value["message"].is_string())
      out.message = out.value["message"].get<std::string>();
    else
      out.message = r->body;
    throw ApiError(std::move(out));
  }
  return out;
}

}  // namespace

ApiError::ApiError(Response r) : std::runtime_error(r.message), response(std::move(r)) {}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

OvhClient::OvhClient(ClientConfig config) : config_(std::move(config)) {
  const auto scheme_end = config_.endpoint.find("://");
  if (scheme_end == std::string::npos) throw std::invalid_argument("endpoint needs a scheme: " + config_.endpoint);
  const auto path_start = config_.endpoint.find('/', scheme_end + 3);
  origin_ = config_.endpoint.substr(0, path_start);
  base_path_ = path_start == std::string::npos ? "" : config_.endpoint.substr(path_start);
  http_ = std::make_unique<httplib::Client>(origin_);
  if (!config_.ca_file.empty()) http_->set_ca_cert_path(config_.ca_file.c_str());
  http_->set_keep_alive(true);
  http_->set_read_timeout(30, 0);
}

std::string OvhClient::target_for(const Request& request) const {
  std::string base = base_path_;
  // Like the official clients: a /v1 or /v2 path hangs off the host root.
  if ((request.path.rfind("/v1", 0) == 0 || request.path.rfind("/v2", 0) == 0) && base.ends_with("/1.0"))
    base.resize(base.size() - 4);
  std::string target = base + request.path;
  char sep = target.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : request.query) {
    target += sep;
    target += percent_encode(k) + "=" + percent_encode(v);
    sep = '&';
  }
  return target;
}

std::string OvhClient::sign(const std::string& method, const std::string& url, const std::string& body,
                            long long ts) const {
  const std::string stamp = std::to_string(ts);
  return ovhmock::compute_signature({config_.application_secret, config_.consumer_key, method, url, body, stamp});
}

long long OvhClient::time_delta() {
  if (!delta_) {
    auto r = to_response(send("GET", base_path_ + "/auth/time", "", {}));
    delta_ = r.value.get<long long>() - unix_now();
  }
  return *delta_;
}

httplib::Result OvhClient::send(const std::string& method, const std::string& target, const std::string& body,
                                const httplib::Headers& headers) {
  const char* content_type = body.empty() ? nullptr : "application/json";
  if (method == "GET") return http_->Get(target, headers);
  if (method == "POST")
    return content_type ? http_->Post(target, headers, body, content_type) : http_->Post(target, headers);
  if (method == "PUT")
    return content_type ? http_->Put(target, headers, body, content_type) : http_->Put(target, headers, "", "");
  if (method == "DELETE")
    return content_type ? http_->Delete(target, headers, body, content_type) : http_->Delete(target, headers);
  throw std::invalid_argument("unsupported method " + method);
}

std::string OvhClient::oauth2_token() {
  if (!access_token_.empty()) return access_token_;
  const auto scheme_end = config_.token_url.find("://");
  const auto path_start = config_.token_url.find('/', scheme_end + 3);
  httplib::Client token_http(config_.token_url.substr(0, path_start));
  if (!config_.ca_file.empty()) token_http.set_ca_cert_path(config_.ca_file.c_str());
  token_http.set_basic_auth(config_.client_id.c_str(), config_.client_secret.c_str());
  auto r = to_response(token_http.Post(config_.token_url.substr(path_start), "grant_type=client_credentials&scope=all",
                                       "application/x-www-form-urlencoded"));
  access_token_ = r.value.at("access_token").get<std::string>();
  return access_token_;
}

Response OvhClient::call(const Request& request) {
  const std::string target = target_for(request);
  const std::string body = request.body ? request.body->dump() : "";
  httplib::Headers headers;
  for (const auto& [k, v] : request.headers) headers.emplace(k, v);
  if (!config_.client_id.empty()) {
    if (request.auth) headers.emplace("Authorization", "Bearer " + oauth2_token());
    return to_response(send(request.method, target, body, headers));
  }
  headers.emplace("X-Ovh-Application", config_.application_key);
  if (request.auth) {
    const long long ts = unix_now() + time_delta();
    headers.emplace("X-Ovh-Consumer", config_.consumer_key);
    headers.emplace("X-Ovh-Timestamp", std::to_string(ts));
    headers.emplace("X-Ovh-Signature", sign(request.method, url_for(target), body, ts));
  }
  return to_response(send(request.method, target, body, headers));
}

nlohmann::json OvhClient::request_consumer_key(const nlohmann::json& rules, const nlohmann::json& redirection) {
  nlohmann::json body = {{"accessRules", rules}};
  if (!redirection.is_null()) body["redirection"] = redirection;
  auto r = call({"POST", "/auth/credential", {}, body, false, {}});
  config_.consumer_key = r.value.at("consumerKey").get<std::string>();
  return r.value;
}

}  // namespace conformance
