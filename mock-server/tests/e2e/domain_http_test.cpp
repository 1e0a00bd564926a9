// The /domain and /me routes over real HTTP: signed bodies, 204 answers, v2 pagination headers.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "ovhmock/model/clock.hpp"
#include "ovhmock/auth/signature.hpp"
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

// Sends raw bytes and returns everything the server answers before closing.
std::string raw_exchange(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return "";
  }
  (void)!::write(fd, request.data(), request.size());
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return out;
}

TEST(DomainHttp, PostWithoutContentLengthGetsAnApiAnswer) {
  test::ServerProcess server;
  // No Content-Length and no body (curl -X POST does this): the API's error body, not a bare 400.
  const auto out =
      raw_exchange(server.port(), "POST /1.0/domain/zone/example.com/refresh HTTP/1.1\r\nHost: " + server.host() +
                                      "\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 401", 0), 0u) << out;
  EXPECT_NE(out.find("You must login first"), std::string::npos) << out;
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
