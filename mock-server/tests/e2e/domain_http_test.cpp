// The /domain and /me routes over real HTTP: signed bodies, 204 answers, v2 pagination headers.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "ovhmock/clock.hpp"
#include "ovhmock/signature.hpp"
#include "support/server_process.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

httplib::Result signed_call(const test::ServerProcess& server, const std::string& method, const std::string& target,
                            const std::string& body = "", httplib::Headers extra = {}) {
  const auto keys = test::default_keys();
  const std::string ts = std::to_string(Clock::real_now());
  httplib::Headers h = {
      {"X-Ovh-Application", keys.ak},
      {"X-Ovh-Consumer", keys.ck},
      {"X-Ovh-Timestamp", ts},
      {"X-Ovh-Signature", compute_signature({keys.as, keys.ck, method, server.base_url() + target, body, ts})}};
  h.insert(extra.begin(), extra.end());
  httplib::Client cli("127.0.0.1", server.port());
  if (method == "GET") return cli.Get(target, h);
  if (method == "POST") return cli.Post(target, h, body, "application/json");
  if (method == "PUT") return cli.Put(target, h, body, "application/json");
  return cli.Delete(target, h, body, "application/json");
}

TEST(DomainHttp, RecordLifecycleWithSignedBodies) {
  test::ServerProcess server;
  const std::string records = "/1.0/domain/zone/example.com/record";
  auto created = signed_call(server, "POST", records,
                             R"({"fieldType":"TXT","subDomain":"_acme-challenge","target":"token","ttl":60})");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 200) << created->body;
  const auto record = nlohmann::json::parse(created->body);
  EXPECT_EQ(record.at("target"), "\"token\"");
  const std::string url = records + "/" + record.at("id").dump();

  auto updated = signed_call(server, "PUT", url, R"({"target":"other"})");
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->status, 204) << updated->body;
  EXPECT_EQ(updated->body, "");
  EXPECT_EQ(nlohmann::json::parse(signed_call(server, "GET", url)->body).at("target"), "\"other\"");

  auto refused = signed_call(server, "PUT", url, R"({"fieldType":"A"})");
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(nlohmann::json::parse(refused->body).at("message"), "Try to alter read-only properties: fieldType");

  auto deleted = signed_call(server, "DELETE", url);
  EXPECT_EQ(deleted->status, 204);
  EXPECT_EQ(deleted->body, "");
  EXPECT_EQ(signed_call(server, "GET", url)->status, 404);
  EXPECT_EQ(signed_call(server, "POST", "/1.0/domain/zone/example.com/refresh")->status, 204);
}

TEST(DomainHttp, VoidAnswersAre200NullWithTheSwitch) {
  test::ServerProcess server({"--void-200-null"});
  auto res = signed_call(server, "PUT", "/1.0/me", R"({"city":"Lille"})");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "null");
  EXPECT_EQ(nlohmann::json::parse(signed_call(server, "GET", "/1.0/me")->body).at("city"), "Lille");
}

TEST(DomainHttp, V2PaginationHeaders) {
  test::ServerProcess server;
  auto first = signed_call(server, "GET", "/v2/domain/name", "", {{"X-Pagination-Size", "1"}});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  ASSERT_TRUE(first->has_header("X-Pagination-Cursor-Next"));
  auto last = signed_call(
      server, "GET", "/v2/domain/name", "",
      {{"X-Pagination-Size", "1"}, {"X-Pagination-Cursor", first->get_header_value("X-Pagination-Cursor-Next")}});
  ASSERT_TRUE(last);
  EXPECT_EQ(nlohmann::json::parse(last->body).at(0).at("id"), "example.net");
  EXPECT_FALSE(last->has_header("X-Pagination-Cursor-Next"));
}

}  // namespace
}  // namespace ovhmock
