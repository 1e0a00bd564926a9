// Many clients at once against the real binary: every signed call answered correctly,
// and the server exits cleanly afterwards (under the sanitizer builds, a data race or a
// memory error in the server makes that exit unclean).
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "ovhmock/clock.hpp"
#include "ovhmock/signature.hpp"
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

std::string signed_get(const test::ServerProcess& server, const std::string& target) {
  std::string out = "GET " + target + " HTTP/1.1\r\nHost: " + server.host() + "\r\n";
  for (const auto& [name, value] : signed_headers(server, "GET", target, "")) out += name + ": " + value + "\r\n";
  return out + "Connection: close\r\n\r\n";
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
