#pragma once
// A test fixture for the API routes: the server make_server builds on the default fixtures,
// a frozen clock, and signed calls through its Pipeline with the quickstart key.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "support/test_support.hpp"

namespace ovhmock::test {

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override { state.clock.freeze(1767607012); }

  Response call(const std::string& method, const std::string& target, const std::string& body = "",
                const Keys& keys = default_keys()) {
    return pipeline.handle(signed_request(keys, method, target, body, state.clock.now()));
  }
  Response get(const std::string& target) { return call("GET", target); }
  Response post(const std::string& target, const nlohmann::json& body) { return call("POST", target, body.dump()); }
  Response put(const std::string& target, const nlohmann::json& body) { return call("PUT", target, body.dump()); }
  Response del(const std::string& target) { return call("DELETE", target); }

  // The body of a 200 answer, parsed (fails the test otherwise).
  static nlohmann::json ok(const Response& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    return nlohmann::json::parse(r.body);
  }
  static void expect_error(const Response& r, int status, const std::string& message) {
    EXPECT_EQ(r.status, status) << r.body;
    const auto j = nlohmann::json::parse(r.body);
    EXPECT_EQ(j.at("message"), message) << r.body;
    EXPECT_EQ(j.at("class"), status == 404 ? "Client::NotFound" : "Client::BadRequest") << r.body;
  }
  static void expect_void(const Response& r) {
    EXPECT_EQ(r.status, 204) << r.body;
    EXPECT_EQ(r.body, "");
  }

  Server server{server_config()};  // the server the binary builds, on the default fixtures
  State& state = server.state();
  ServerConfig& config = server.config();
  Pipeline& pipeline = server.pipeline();
};

}  // namespace ovhmock::test
