// Fault injection through the pipeline: scope (path, method, test header), count,
// the real-format error bodies, Retry-After, dropped connections; the control plane
// itself is never faulted.
#include "ovhmock/store/faults.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

class Faults : public ::testing::Test {
 protected:
  Response get(const std::string& target, const std::string& test_id = "") {
    Request r;
    r.method = "GET";
    r.target = target;
    r.peer_address = "127.0.0.1";
    if (!test_id.empty()) r.headers.push_back({kTestIdHeader, test_id});
    return pipeline.handle(r);
  }
  void add(const nlohmann::json& j) { state.faults.add(Fault::from_json(j)); }
  Server server{test::server_config()};
  State& state = server.state();
  ServerConfig& config = server.config();
  Pipeline& pipeline = server.pipeline();
};

TEST_F(Faults, ErrorFaultForOneTestIdLeavesOtherRequestsAlone) {
  add({{"kind", "error"}, {"status", 503}, {"testId", "test-A"}});
  EXPECT_EQ(get("/1.0/auth/time", "test-B").status, 200);
  EXPECT_EQ(get("/1.0/auth/time").status, 200);
  const auto r = get("/1.0/auth/time", "test-A");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(
      r.body,
      R"({"class":"Server::ServiceUnavailable","httpCode":"503 Service Unavailable","message":"Service Unavailable"})");
  EXPECT_EQ(r.header("Content-Type").value_or(""), "application/json; charset=utf-8");
  EXPECT_TRUE(r.header("X-Ovh-Queryid").has_value());
  EXPECT_EQ(get("/1.0/auth/time", "test-A").status, 503);  // until removed
}

TEST_F(Faults, NextNRequestsThenGone) {
  add({{"kind", "error"}, {"status", 500}, {"path", "/1.0/auth/*"}, {"times", 2}});
  EXPECT_EQ(get("/1.0/auth/time").status, 500);
  EXPECT_EQ(get("/1.0/auth/time").status, 500);
  EXPECT_EQ(get("/1.0/auth/time").status, 200);
  EXPECT_EQ(state.faults.size(), 0u);
}

TEST_F(Faults, PathAndMethodScope) {
  add({{"kind", "error"}, {"status", 502}, {"path", "/1.0/auth/current*"}, {"method", "GET"}});
  EXPECT_EQ(get("/1.0/auth/time").status, 200);  // another path
  EXPECT_EQ(get("/1.0/auth/currentCredential").status, 502);
  state.faults.clear();
  add({{"kind", "error"}, {"status", 502}, {"path", "/1.0/auth/current*"}, {"method", "POST"}});
  EXPECT_EQ(get("/1.0/auth/currentCredential").status, 401);  // GET: the fault is for POST
}

TEST_F(Faults, RateLimitHasRetryAfterAndCustomBody) {
  add({{"kind", "rateLimit"}, {"retryAfter", 3}});
  auto r = get("/1.0/auth/time");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("Retry-After").value_or(""), "3");
  EXPECT_EQ(nlohmann::json::parse(r.body).at("httpCode"), "429 Too Many Requests");
  state.faults.clear();
  add({{"kind", "error"},
       {"status", 403},
       {"errorCode", "NOT_GRANTED_CALL"},
       {"message", "This call has not been granted"}});
  r = get("/1.0/auth/time");
  EXPECT_EQ(
      r.body,
      R"({"class":"Client::Forbidden","errorCode":"NOT_GRANTED_CALL","httpCode":"403 Forbidden","message":"This call has not been granted"})");
}

TEST_F(Faults, DropAsksTheListenerToCloseTheConnection) {
  add({{"kind", "drop"}, {"times", 1}});
  EXPECT_TRUE(get("/1.0/auth/time").drop_connection);
  EXPECT_FALSE(get("/1.0/auth/time").drop_connection);
}

TEST_F(Faults, LatencyDelaysThenAnswersNormally) {
  add({{"kind", "latency"}, {"delayMs", 120}, {"times", 1}});
  const auto start = std::chrono::steady_clock::now();
  const auto r = get("/1.0/auth/time");
  EXPECT_EQ(r.status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(120));
}

TEST_F(Faults, ControlPlaneIsNeverFaulted) {
  add({{"kind", "error"}, {"status", 500}});
  EXPECT_EQ(get("/__admin/health").status, 200);  // the control plane answers, not the fault
  EXPECT_EQ(state.faults.list().at(0).hits, 0u);
}

TEST(FaultSpec, BadSpecsAreRefusedByName) {
  auto message = [](const nlohmann::json& j) {
    try {
      Fault::from_json(j);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message({{"kind", "explode"}}).find("kind"), std::string::npos);
  EXPECT_NE(message({{"kind", "error"}}).find("status"), std::string::npos);
  EXPECT_NE(message({{"kind", "error"}, {"status", 200}}).find("status"), std::string::npos);
  EXPECT_NE(message({{"kind", "latency"}}).find("delayMs"), std::string::npos);
  EXPECT_NE(message({{"kind", "drop"}, {"times", 0}}).find("times"), std::string::npos);
  EXPECT_NE(message({{"kind", "drop"}, {"bogus", 1}}).find("bogus"), std::string::npos);
  EXPECT_NE(message({{"kind", "drop"}, {"status", 500}}).find("status"), std::string::npos);
  EXPECT_EQ(message({{"kind", "drop"}, {"header", {{"name", "X-Run"}, {"value", "7"}}}}), "accepted");
}

}  // namespace
}  // namespace ovhmock
