// API eras through the real binary (docs/api.md "API eras"): --api-era, the overriding
// flags, and the run-time switch of the control plane. Signatures come from the reference
// signer (support/reference_signer.hpp).
#include <gtest/gtest.h>
#include <httplib.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "support/reference_signer.hpp"
#include "support/server_process.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

using json = nlohmann::json;

struct Signed {
  const test::ServerProcess& server;

  httplib::Result call(const std::string& method, const std::string& path, const std::string& body = "",
                       bool corrupt = false) {
    const auto keys = test::default_keys();
    const std::string ts = std::to_string(static_cast<std::int64_t>(std::time(nullptr)));
    std::string sig = test::reference_signature(keys.as, keys.ck, method, server.base_url() + path, body, ts);
    if (corrupt) sig = test::reference_signature(keys.as, keys.ck, method, server.base_url() + path + "x", body, ts);
    httplib::Headers h{
        {"X-Ovh-Application", keys.ak}, {"X-Ovh-Consumer", keys.ck}, {"X-Ovh-Timestamp", ts}, {"X-Ovh-Signature", sig}};
    httplib::Client c(server.base_url());
    if (method == "GET") return c.Get(path, h);
    if (method == "DELETE") return c.Delete(path, h);
    if (method == "POST") return c.Post(path, h, body, "application/json");
    return c.Put(path, h, body, "application/json");
  }
  // Creates a TXT record with an unquoted target and reads it back.
  std::string txt_round_trip() {
    auto created = call("POST", "/1.0/domain/zone/example.com/record",
                        R"({"fieldType":"TXT","subDomain":"era","target":"token-1"})");
    EXPECT_EQ(created->status, 200) << created->body;
    const auto id = json::parse(created->body).at("id").get<std::int64_t>();
    auto read = call("GET", "/1.0/domain/zone/example.com/record/" + std::to_string(id));
    return json::parse(read->body).at("target").get<std::string>();
  }
};

TEST(ApiEraE2E, Era2022) {
  test::ServerProcess server({"--api-era", "2022"});
  Signed s{server};
  auto del = s.call("DELETE", "/1.0/domain/zone/example.com/record/5386578366");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 200);
  EXPECT_EQ(del->body, "null");
  EXPECT_EQ(s.txt_round_trip(), "token-1");
  auto bad = s.call("GET", "/1.0/me", "", true);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(bad->body,
            R"({"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"Invalid signature"})");
}

TEST(ApiEraE2E, CurrentEraByDefault) {
  test::ServerProcess server;
  Signed s{server};
  auto del = s.call("DELETE", "/1.0/domain/zone/example.com/record/5386578366");
  EXPECT_EQ(del->status, 204);
  EXPECT_EQ(del->body, "");
  EXPECT_EQ(s.txt_round_trip(), "\"token-1\"");
  auto bad = json::parse(s.call("GET", "/1.0/me", "", true)->body);
  EXPECT_EQ(bad.at("class"), "Client::BadRequest");
  EXPECT_EQ(bad.at("errorCode"), "INVALID_SIGNATURE");
}

TEST(ApiEraE2E, FlagsOverrideTheEra) {
  test::ServerProcess server(
      {"--api-era", "2022", "--void-204", "--txt-quoting", "quoted", "--error-format", "current"});
  Signed s{server};
  EXPECT_EQ(s.call("DELETE", "/1.0/domain/zone/example.com/record/5386578366")->status, 204);
  EXPECT_EQ(s.txt_round_trip(), "\"token-1\"");
  EXPECT_EQ(s.call("GET", "/1.0/me", "", true)->body,
            R"({"class":"Client::BadRequest","message":"Invalid signature"})");
}

TEST(ApiEraE2E, Era2024) {
  test::ServerProcess server({"--api-era", "2024"});
  Signed s{server};
  EXPECT_EQ(s.call("DELETE", "/1.0/domain/zone/example.com/record/5386578366")->status, 204);
  EXPECT_EQ(s.txt_round_trip(), "token-1");
  EXPECT_EQ(s.call("GET", "/1.0/me", "", true)->body,
            R"({"class":"Client::BadRequest","message":"Invalid signature"})");
}

TEST(ApiEraE2E, EachFlagOverridesItsBehaviourOnly) {
  test::ServerProcess server({"--txt-quoting", "as-sent", "--error-format", "legacy", "--void-200-null"});
  Signed s{server};
  auto del = s.call("DELETE", "/1.0/domain/zone/example.com/record/5386578366");
  EXPECT_EQ(del->status, 200);
  EXPECT_EQ(del->body, "null");
  EXPECT_EQ(s.txt_round_trip(), "token-1");
  EXPECT_EQ(s.call("GET", "/1.0/me", "", true)->body,
            R"({"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"Invalid signature"})");
  httplib::Client admin(server.base_url());
  const auto era = json::parse(admin.Get("/__admin/era")->body);
  EXPECT_EQ(era.at("era"), "current");
  EXPECT_EQ(era.at("behaviours").at("txtTargets"), "as-sent");
  EXPECT_EQ(era.at("behaviours").at("errorFormat"), "legacy");
}

TEST(ApiEraE2E, BadEraIsRefusedAtStart) {
  EXPECT_THROW(test::ServerProcess({"--api-era", "2019"}), test::ServerStartError);
  EXPECT_THROW(test::ServerProcess({"--txt-quoting", "single"}), test::ServerStartError);
  EXPECT_THROW(test::ServerProcess({"--error-format", "xml"}), test::ServerStartError);
}

TEST(ApiEraE2E, ControlPlaneSwitchesForOneTest) {
  test::ServerProcess server;
  Signed s{server};
  httplib::Client admin(server.base_url());
  auto put = admin.Put("/__admin/era", R"({"era":"2022"})", "application/json");
  ASSERT_EQ(put->status, 200) << put->body;
  EXPECT_EQ(s.call("DELETE", "/1.0/domain/zone/example.com/record/5386578366")->body, "null");
  auto journal = json::parse(admin.Get("/__admin/requests?limit=1")->body);
  EXPECT_EQ(journal.at("requests").at(0).at("era"), "2022") << journal.dump();
  auto back = admin.Delete("/__admin/era");
  ASSERT_EQ(back->status, 200) << back->body;
  EXPECT_EQ(json::parse(back->body).at("switched"), false);
  EXPECT_EQ(s.call("DELETE", "/1.0/domain/zone/example.com/record/5386578365")->status, 204);
  admin.Put("/__admin/era", R"({"era":"2022"})", "application/json");
  EXPECT_EQ(admin.Post("/__admin/reset")->status, 204);
  EXPECT_EQ(s.call("DELETE", "/1.0/domain/zone/example.com/record/5386578366")->status, 204);
  EXPECT_EQ(json::parse(admin.Get("/__admin/era")->body).at("era"), "current");
}

}  // namespace
}  // namespace ovhmock
