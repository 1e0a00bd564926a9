// The credential flows over real HTTP against the real binary: a key requested with a JSON
// body, validated on the validation page (form POST, redirect) or at once with
// --auto-validate, then used to sign; an OAuth2 token by HTTP Basic, then used as a bearer.
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

const std::string kAk = "7kbG7Bk7S9Nt7ZSV";
const std::string kAs = "Hq3vX8nP2mL6tR9wK4zB7cD1fG5jN0sA";

std::string request_key(httplib::Client& cli, nlohmann::json& out, const std::string& redirection = "null") {
  auto res = cli.Post("/1.0/auth/credential", {{"X-Ovh-Application", kAk}},
                      R"({"accessRules":[{"method":"GET","path":"/auth/*"}],"redirection":)" + redirection + "}",
                      "application/json");
  EXPECT_TRUE(res);
  if (!res) return "";
  EXPECT_EQ(res->status, 200) << res->body;
  out = nlohmann::json::parse(res->body);
  return out.at("consumerKey");
}

httplib::Result signed_get(httplib::Client& cli, const test::ServerProcess& server, const std::string& ck,
                           const std::string& target) {
  const std::string ts = std::to_string(Clock::real_now());
  const std::string sig = compute_signature({kAs, ck, "GET", server.base_url() + target, "", ts});
  return cli.Get(
      target, {{"X-Ovh-Application", kAk}, {"X-Ovh-Consumer", ck}, {"X-Ovh-Timestamp", ts}, {"X-Ovh-Signature", sig}});
}

TEST(CredentialFlowE2E, RequestValidateOnThePageThenSign) {
  test::ServerProcess server;
  httplib::Client cli("127.0.0.1", server.port());
  nlohmann::json answer;
  const std::string ck = request_key(cli, answer, R"("https://app.example.org/done")");
  EXPECT_EQ(answer.at("state"), "pendingValidation");
  const std::string url = answer.at("validationUrl");
  ASSERT_EQ(url.rfind(server.base_url() + "/auth/?credentialToken=", 0), 0u) << url;
  EXPECT_EQ(signed_get(cli, server, ck, "/1.0/auth/details")->status, 403);

  const std::string target = url.substr(server.base_url().size());
  auto page = cli.Get(target);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("<li>GET /auth/*</li>"), std::string::npos);

  const std::string token = target.substr(target.find('=') + 1);
  auto done = cli.Post("/auth/", "credentialToken=" + token + "&validity=3600&action=authorize",
                       "application/x-www-form-urlencoded");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 302);
  EXPECT_EQ(done->get_header_value("Location"), "https://app.example.org/done");

  auto details = signed_get(cli, server, ck, "/1.0/auth/details");
  ASSERT_TRUE(details);
  ASSERT_EQ(details->status, 200) << details->body;
  EXPECT_EQ(nlohmann::json::parse(details->body).at("allowedRoutes"),
            nlohmann::json::parse(R"([{"method":"GET","path":"/auth/*"}])"));
}

TEST(CredentialFlowE2E, AutoValidateFlag) {
  test::ServerProcess server({"--auto-validate", "--auto-validate-validity", "600"});
  httplib::Client cli("127.0.0.1", server.port());
  nlohmann::json answer;
  const std::string ck = request_key(cli, answer);
  EXPECT_EQ(answer.at("state"), "validated");
  auto current = signed_get(cli, server, ck, "/1.0/auth/currentCredential");
  ASSERT_TRUE(current);
  ASSERT_EQ(current->status, 200) << current->body;
  auto j = nlohmann::json::parse(current->body);
  EXPECT_EQ(j.at("status"), "validated");
  EXPECT_FALSE(j.at("expiration").is_null());
}

TEST(CredentialFlowE2E, OAuth2TokenByBasicThenBearer) {
  test::ServerProcess server;
  httplib::Client cli("127.0.0.1", server.port());
  cli.set_basic_auth("EU.3f9a7c21d4e85b60", "c8f2d91e4a7b3605e1d9c4b8a2f7e036");
  auto res =
      cli.Post("/auth/oauth2/token", "grant_type=client_credentials&scope=all", "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const std::string token = nlohmann::json::parse(res->body).at("access_token");

  httplib::Client api("127.0.0.1", server.port());
  auto details = api.Get("/1.0/auth/details", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(details);
  ASSERT_EQ(details->status, 200) << details->body;
  EXPECT_EQ(nlohmann::json::parse(details->body).at("method"), "oauth2_client_credentials");
  auto bad = api.Get("/1.0/auth/details", {{"Authorization", "Bearer not-a-token"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 401);
}

// A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 6.3):
// it is answered at once (curl -X POST sends such requests).
TEST(CredentialFlowE2E, PostWithoutContentLengthIsAnsweredAtOnce) {
  test::ServerProcess server;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(server.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  timeval timeout{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  const std::string request = "POST /1.0/auth/logout HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_EQ(::send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
  char buf[64] = {};
  const ssize_t n = ::recv(fd, buf, sizeof buf - 1, 0);
  ::close(fd);
  ASSERT_GT(n, 0) << "no answer within 2 s";
  EXPECT_EQ(std::string(buf).rfind("HTTP/1.1 401", 0), 0u) << buf;
}

}  // namespace
}  // namespace ovhmock
