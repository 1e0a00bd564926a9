// The SMS sink through the real binary: a signed send over HTTP lands in
// /__admin/sms/messages with its test id, filters find it, DELETE clears it, an armed fault
// answers one test only, and the journal sees the send.
#include <gtest/gtest.h>
#include <httplib.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "ovhmock/auth/signature.hpp"
#include "support/server_process.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

using json = nlohmann::json;

class SmsSink : public ::testing::Test {
 protected:
  void SetUp() override { cli.set_connection_timeout(5); }

  httplib::Result send(const json& body, const std::string& test_id) {
    const auto keys = test::default_keys();
    const std::string path = "/1.0/sms/sms-ab12345-1/jobs";
    const std::string ts = std::to_string(std::time(nullptr));
    const std::string text = body.dump();
    httplib::Headers h = {
        {"X-Ovh-Application", keys.ak},
        {"X-Ovh-Consumer", keys.ck},
        {"X-Ovh-Timestamp", ts},
        {"X-Ovh-Signature", compute_signature({keys.as, keys.ck, "POST", server.base_url() + path, text, ts})},
        {"X-Ovhmock-Test-Id", test_id}};
    return cli.Post(path, h, text, "application/json");
  }
  json admin_get(const std::string& path) {
    auto r = cli.Get("/__admin" + path);
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body);
  }

  test::ServerProcess server;
  httplib::Client cli{"127.0.0.1", server.port()};
};

TEST_F(SmsSink, ASignedSendIsFoundInTheSinkByItsTestIdAndCleared) {
  const json body = {{"message", "Your code is 123456"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}};
  auto r = send(body, "case-1");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto id = json::parse(r->body).at("ids").at(0);
  ASSERT_TRUE(send(body, "case-2"));

  const auto mine = admin_get("/sms/messages?testId=case-1");
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("id"), id);
  EXPECT_EQ(mine[0].at("message"), "Your code is 123456");
  EXPECT_EQ(mine[0].at("receiver"), "+33601020304");
  EXPECT_EQ(mine[0].at("sender"), "EXAMPLE");
  EXPECT_EQ(mine[0].at("segments"), 1);
  EXPECT_EQ(admin_get("/sms/messages").size(), 2u);
  EXPECT_EQ(admin_get("/requests/count?testId=case-1&method=POST").at("count"), 1);

  auto cleared = cli.Delete("/__admin/sms/messages?testId=case-1");
  ASSERT_TRUE(cleared);
  EXPECT_EQ(json::parse(cleared->body).at("removed"), 1);
  EXPECT_EQ(admin_get("/sms/messages").size(), 1u);
}

TEST_F(SmsSink, AnArmedFaultAnswersOnlyItsTest) {
  auto armed = cli.Post("/__admin/sms/failures", R"({"kind":"fault","testId":"case-9","status":503,"message":"down"})",
                        "application/json");
  ASSERT_TRUE(armed);
  ASSERT_EQ(armed->status, 201) << armed->body;
  const json body = {{"message", "x"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}};
  auto other = send(body, "case-8");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200) << other->body;
  auto hit = send(body, "case-9");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->status, 503) << hit->body;
  EXPECT_EQ(json::parse(hit->body).at("message"), "down");
  EXPECT_EQ(json::parse(hit->body).at("class"), "Server::ServiceUnavailable");
  EXPECT_EQ(admin_get("/sms/messages?testId=case-9").size(), 0u);
}

}  // namespace
}  // namespace ovhmock
