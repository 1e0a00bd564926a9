// Many clients at once against the real binary: every signed call answered correctly,
// and the server exits cleanly afterwards (under the sanitizer builds, a data race or a
// memory error in the server makes that exit unclean).
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "ovhmock/model/clock.hpp"
#include "ovhmock/auth/signature.hpp"
#include "support/raw_client.hpp"
#include "support/server_process.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

httplib::Headers signed_headers(const test::ServerProcess& server, const std::string& method, const std::string& target,
                                const std::string& body) {
  const auto keys = test::default_keys();
  const std::string ts = std::to_string(Clock::real_now());
  return {{"X-Ovh-Application", keys.ak},
          {"X-Ovh-Consumer", keys.ck},
          {"X-Ovh-Timestamp", ts},
          {"X-Ovh-Signature", compute_signature({keys.as, keys.ck, method, server.base_url() + target, body, ts})}};
}

std::string signed_raw(const test::ServerProcess& server, const std::string& method, const std::string& target,
                       const std::string& body = "") {
  std::string out = method + " " + target + " HTTP/1.1\r\nHost: " + server.host() + "\r\n";
  for (const auto& [name, value] : signed_headers(server, method, target, body)) out += name + ": " + value + "\r\n";
  if (!body.empty()) out += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  return out + "Connection: close\r\n\r\n" + body;
}

std::string signed_get(const test::ServerProcess& server, const std::string& target) {
  return signed_raw(server, "GET", target);
}

TEST(Concurrency, SixtyFourClientsOfSignedCallsAreAllAnswered) {
  // Plain sockets on the client side: the threads share nothing but the server.
  test::ServerProcess server;
  constexpr int kClients = 64;
  constexpr int kCalls = 25;
  std::atomic<int> ok{0}, wrong{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kCalls; ++i) {
        const bool signed_call = (i + c) % 3 != 0;
        const auto result = test::raw_exchange(
            server.port(), signed_call ? signed_get(server, "/1.0/auth/currentCredential")
                                       : "GET /1.0/auth/time HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        const bool good = result.answered && result.response.status == 200 &&
                          (!signed_call || nlohmann::json::parse(result.response.body).at("credentialId") == 512039847);
        (good ? ok : wrong)++;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(ok.load(), kClients * kCalls);
  const int status = server.stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "server exit status " << status;
}

TEST(Concurrency, NoLostWritesFromSixtyFourClients) {
  // Each client creates records, updates each, deletes some; all at once. The final zone
  // must hold exactly what these operations imply, with every created id distinct, and the
  // journal must have recorded each operation exactly once.
  test::ServerProcess server({"--journal-size", "10000"});
  const std::string records = "/1.0/domain/zone/example.com/record";
  auto list = [&] {
    const auto r = test::raw_exchange(server.port(), signed_get(server, records));
    return nlohmann::json::parse(r.response.body).get<std::vector<std::int64_t>>();
  };
  const auto before = list();
  constexpr int kClients = 64;
  constexpr int kRecords = 4;  // per client: 4 creations, 4 updates, 2 deletions
  std::vector<std::vector<std::int64_t>> created(kClients);
  std::atomic<int> operations{0}, failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto op = [&](const std::string& method, const std::string& target, const std::string& body, int want) {
        const auto r = test::raw_exchange(server.port(), signed_raw(server, method, target, body));
        operations++;
        if (!r.answered || r.response.status != want) failures++;
        return r.response.body;
      };
      for (int i = 0; i < kRecords; ++i) {
        const std::string body = R"({"fieldType":"TXT","subDomain":"c)" + std::to_string(c) + "-" + std::to_string(i) +
                                 R"(","target":"created","ttl":60})";
        const auto j = nlohmann::json::parse(op("POST", records, body, 200), nullptr, false);
        if (j.is_object() && j.contains("id")) created[c].push_back(j["id"].get<std::int64_t>());
      }
      for (const auto id : created[c])
        op("PUT", records + "/" + std::to_string(id), R"({"target":"updated-)" + std::to_string(id) + R"("})", 204);
      for (std::size_t i = 0; i < created[c].size(); i += 2)
        op("DELETE", records + "/" + std::to_string(created[c][i]), "", 204);
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(operations.load(), kClients * (kRecords + kRecords + kRecords / 2));

  std::set<std::int64_t> ids;
  std::set<std::int64_t> kept;
  for (const auto& mine : created) {
    EXPECT_EQ(mine.size(), static_cast<std::size_t>(kRecords));
    for (std::size_t i = 0; i < mine.size(); ++i) {
      EXPECT_TRUE(ids.insert(mine[i]).second) << "id " << mine[i] << " given twice";
      if (i % 2 == 1) kept.insert(mine[i]);
    }
  }
  const auto after = list();
  EXPECT_EQ(after.size(), before.size() + kept.size());
  const std::set<std::int64_t> present(after.begin(), after.end());
  for (const auto id : ids) {
    const auto r = test::raw_exchange(server.port(), signed_get(server, records + "/" + std::to_string(id)));
    if (kept.count(id)) {
      EXPECT_TRUE(present.count(id)) << id;
      ASSERT_EQ(r.response.status, 200) << id;
      EXPECT_EQ(nlohmann::json::parse(r.response.body).at("target"), "\"updated-" + std::to_string(id) + "\"");
    } else {
      EXPECT_FALSE(present.count(id)) << id;
      EXPECT_EQ(r.response.status, 404) << id;
    }
  }
  auto journal_count = [&](const std::string& query) {
    const auto r = test::raw_exchange(
        server.port(), "GET /__admin/requests/count?" + query + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const auto j = nlohmann::json::parse(r.response.body, nullptr, false);
    return j.is_object() ? j.value("count", -1) : -1;
  };
  const std::string path = "path=/1.0/domain/zone/example.com/record";
  EXPECT_EQ(journal_count("method=POST&status=200&" + path), kClients * kRecords);
  EXPECT_EQ(journal_count("method=PUT&status=204&" + path + "/*"), kClients * kRecords);
  EXPECT_EQ(journal_count("method=DELETE&status=204&" + path + "/*"), kClients * kRecords / 2);
  const int status = server.stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "server exit status " << status;
}

TEST(RequestBody, ASignedBodyReachesThePipelineIntact) {
  // The body is part of the signature: a server that lost it would refuse this call.
  test::ServerProcess server;
  httplib::Client cli("127.0.0.1", server.port());
  const std::string body = R"({"note":"bytes the signature covers: é \u00e9"})";
  auto res =
      cli.Post("/1.0/auth/logout", signed_headers(server, "POST", "/1.0/auth/logout", body), body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204) << res->body;
}

}  // namespace
}  // namespace ovhmock
