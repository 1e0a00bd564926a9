// Who may use the control plane: loopback peers always, others only with the token.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

class AdminAccess : public ::testing::Test {
 protected:
  Response health(const std::string& peer, const std::string& authorization = "") {
    Request r;
    r.method = "GET";
    r.target = "/__admin/health";
    r.peer_address = peer;
    if (!authorization.empty()) r.headers.push_back({"Authorization", authorization});
    return pipeline.handle(r);
  }
  Server server{test::server_config()};
  ServerConfig& config = server.config();
  Pipeline& pipeline = server.pipeline();
};

TEST_F(AdminAccess, LoopbackPeersNeedNoToken) {
  for (const char* peer : {"127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"})
    EXPECT_EQ(health(peer).status, 200) << peer;
}

TEST_F(AdminAccess, OtherPeersAreRefusedWithoutAConfiguredToken) {
  const auto r = health("203.0.113.5", "Bearer anything");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(nlohmann::json::parse(r.body).at("class"), "Client::Forbidden");
}

TEST_F(AdminAccess, OtherPeersNeedTheBearerToken) {
  config.admin_token = "s3cret-token";
  EXPECT_EQ(health("203.0.113.5").status, 401);
  EXPECT_EQ(health("203.0.113.5", "Bearer wrong").status, 401);
  EXPECT_EQ(health("2001:db8::1", "s3cret-token").status, 401);
  EXPECT_EQ(health("203.0.113.5", "Bearer s3cret-token").status, 200);
  EXPECT_EQ(health("2001:db8::1", "Bearer s3cret-token").status, 200);
}

TEST_F(AdminAccess, ApiRoutesAreNotAffected) {
  Request r;
  r.method = "GET";
  r.target = "/1.0/auth/time";
  r.peer_address = "203.0.113.5";
  EXPECT_EQ(pipeline.handle(r).status, 200);
}

}  // namespace
}  // namespace ovhmock
