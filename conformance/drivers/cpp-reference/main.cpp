// Conformance driver for the reference C++ client (ovh_client.hpp): the protocol in
// conformance/README.md over stdin/stdout.
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "ovh_client.hpp"

namespace {

using conformance::OvhClient;
using nlohmann::json;

struct Unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string text_of(const json& m, const char* key) {
  auto it = m.find(key);
  return it != m.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class Driver {
 public:
  json handle(const json& m) {
    const std::string op = text_of(m, "op");
    if (op == "hello") return hello();
    if (op == "configure") return configure(m);
    if (!client_) throw std::logic_error("configure first");
    if (op == "call") return call(m);
    if (op == "request_consumer_key")
      return client_->request_consumer_key(m.at("rules"), m.value("redirection", json(nullptr)));
    if (op == "bench") return bench(m);
    throw Unsupported("op " + op + " is not implemented by this driver");
  }

 private:
  static json hello() {
    return {{"name", "cpp-reference"},
            {"library", "ovhmock core compute_signature + cpp-httplib client"},
            {"version", OVHMOCK_VERSION},
            {"language", "c++"},
            {"transport", {{"https_only", false}, {"signs_port", true}}},
            {"capabilities",
             {"call", "unauth_call", "query", "body", "delete_body", "headers", "v1", "v2", "consumer_key", "oauth2",
              "bench"}}};
  }

  json configure(const json& m) {
    conformance::ClientConfig c;
    c.endpoint = text_of(m, "endpoint");
    c.application_key = text_of(m, "application_key");
    c.application_secret = text_of(m, "application_secret");
    c.consumer_key = text_of(m, "consumer_key");
    c.ca_file = text_of(m, "ca_file");
    if (m.contains("oauth2") && m["oauth2"].is_object()) {
      c.client_id = text_of(m["oauth2"], "client_id");
      c.client_secret = text_of(m["oauth2"], "client_secret");
      c.token_url = text_of(m["oauth2"], "token_url");
    }
    client_ = std::make_unique<OvhClient>(c);
    return json::object();
  }

  json call(const json& m) {
    conformance::Request r;
    r.method = text_of(m, "method");
    r.path = text_of(m, "path");
    if (m.contains("query") && m["query"].is_object())
      for (const auto& [k, v] : m["query"].items())
        r.query.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
    if (m.contains("body") && !m["body"].is_null()) r.body = m["body"];
    r.auth = m.value("auth", true);
    if (m.contains("headers") && m["headers"].is_object())
      for (const auto& [k, v] : m["headers"].items()) r.headers[k] = v.get<std::string>();
    auto res = client_->call(r);
    if (r.headers.empty()) return res.value;
    return {{"value", res.value}, {"headers", res.headers}};
  }

  json bench(const json& m) {
    const int n = m.value("n", 200);
    const int sign_n = m.value("sign_n", n * 50);
    conformance::Request r{"GET", m.value("path", std::string("/me")), {}, std::nullopt, true, {}};
    client_->call(r);  // time sync and connection outside the measurement
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) client_->call(r);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string url = client_->url_for(client_->target_for(r));
    std::size_t sink = 0;
    start = std::chrono::steady_clock::now();
    for (int i = 0; i < sign_n; ++i) sink += client_->sign("GET", url, "", 1700000000 + i).size();
    const double sign_elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return {{"calls", n},
            {"elapsed_s", elapsed},
            {"signing",
             {{"n", sign_n}, {"elapsed_s", sign_elapsed}, {"what", "ovhmock::compute_signature"}, {"bytes", sink}}}};
  }

  std::unique_ptr<OvhClient> client_;
};

json error_json(const conformance::ApiError& e) {
  const auto& r = e.response;
  return {{"kind", "api"},        {"type", "ApiError"},    {"status", r.status},
          {"message", r.message}, {"queryId", r.query_id}, {"text", std::to_string(r.status) + " " + r.message}};
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  Driver driver;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json m = json::parse(line, nullptr, false);
    if (m.is_discarded()) {
      std::cerr << "bad input line\n";
      continue;
    }
    json reply = {{"id", m.value("id", json(nullptr))}};
    if (text_of(m, "op") == "quit") {
      reply["ok"] = true;
      std::cout << reply.dump() << std::endl;
      return 0;
    }
    try {
      reply["value"] = driver.handle(m);
      reply["ok"] = true;
    } catch (const conformance::ApiError& e) {
      reply["ok"] = false;
      reply["error"] = error_json(e);
    } catch (const Unsupported& e) {
      reply["ok"] = false;
      reply["error"] = {{"kind", "unsupported"}, {"type", "Unsupported"}, {"message", e.what()}};
    } catch (const std::exception& e) {
      const std::string what = e.what();
      reply["ok"] = false;
      reply["error"] = {{"kind", what.rfind("transport", 0) == 0 ? "transport" : "driver"},
                        {"type", "std::exception"},
                        {"message", what},
                        {"text", what}};
    }
    std::cout << reply.dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
  }
  return 0;
}
