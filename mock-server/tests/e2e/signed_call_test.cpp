// Starts the real binary on port 0, sends a correctly signed call that succeeds, then
// each single-field change of it, and checks each is rejected with the right error.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "ovhmock/model/clock.hpp"
#include "ovhmock/auth/signature.hpp"
#include "support/server_process.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

struct Call {
  std::string method = "GET";
  std::string target = "/1.0/auth/currentCredential?check=1";
  std::string body;
  std::string ak, ck, ts, signature;
};

class SignedCall : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server = std::make_unique<test::ServerProcess>(); }
  static void TearDownTestSuite() { server.reset(); }

  Call good() const {
    const auto keys = test::default_keys();
    Call c;
    c.ak = keys.ak;
    c.ck = keys.ck;
    c.ts = std::to_string(Clock::real_now());
    c.signature = sign(c);
    return c;
  }
  static std::string sign(const Call& c) {
    return compute_signature({test::default_keys().as, c.ck, c.method, server->base_url() + c.target, c.body, c.ts});
  }
  static httplib::Result send(const Call& c) {
    httplib::Client cli("127.0.0.1", server->port());
    httplib::Headers h = {{"X-Ovh-Application", c.ak},
                          {"X-Ovh-Consumer", c.ck},
                          {"X-Ovh-Timestamp", c.ts},
                          {"X-Ovh-Signature", c.signature}};
    if (c.method == "GET") return cli.Get(c.target, h);
    if (c.method == "POST") return cli.Post(c.target, h, c.body, "application/json");
    if (c.method == "PUT") return cli.Put(c.target, h, c.body, "application/json");
    return cli.Delete(c.target, h, c.body, "application/json");
  }
  static void expect_rejected(const Call& c, int status, const std::string& code) {
    auto res = send(c);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, status) << res->body;
    auto j = nlohmann::json::parse(res->body);
    EXPECT_EQ(j.value("errorCode", ""), code) << res->body;
    EXPECT_TRUE(res->has_header("X-Ovh-Queryid"));
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
  }

  static inline std::unique_ptr<test::ServerProcess> server;
};

TEST_F(SignedCall, CorrectlySignedCallSucceeds) {
  auto res = send(good());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(nlohmann::json::parse(res->body).at("credentialId"), 512039847);
  EXPECT_TRUE(res->has_header("X-Ovh-Queryid"));
}

TEST_F(SignedCall, ChangedMethodIsRejected) {
  Call c = good();
  c.method = "POST";  // signed as GET, sent as POST to a GET route: no such route
  auto res = send(c);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  // Signed for GET, sent as GET on a POST-only path that exists in the table would be
  // INVALID_SIGNATURE; the signature covers the method:
  Call d = good();
  d.signature = compute_signature({test::default_keys().as, d.ck, "PUT", server->base_url() + d.target, "", d.ts});
  expect_rejected(d, 400, "INVALID_SIGNATURE");
}

TEST_F(SignedCall, ChangedPathIsRejected) {
  Call c = good();
  c.target = "/v1/auth/currentCredential?check=1";  // the alias routes the same, but was not signed
  expect_rejected(c, 400, "INVALID_SIGNATURE");
}

TEST_F(SignedCall, ChangedQueryIsRejected) {
  Call c = good();
  c.target = "/1.0/auth/currentCredential?check=2";
  expect_rejected(c, 400, "INVALID_SIGNATURE");
}

TEST_F(SignedCall, ChangedBodyIsRejected) {
  // Signed over one body, sent with another (one byte added): POST /auth/logout is never reached.
  Call c = good();
  c.method = "POST";
  c.target = "/1.0/auth/logout";
  c.body = "{}";
  c.signature = sign(c);
  c.body = "{ }";
  expect_rejected(c, 400, "INVALID_SIGNATURE");
  c.body = "";
  expect_rejected(c, 400, "INVALID_SIGNATURE");
}

TEST_F(SignedCall, GetWithABodyIsRefusedNotSilentlyDropped) {
  Call c = good();
  httplib::Client cli("127.0.0.1", server->port());
  httplib::Request req;
  req.method = "GET";
  req.path = c.target;
  req.headers = {{"X-Ovh-Application", c.ak},
                 {"X-Ovh-Consumer", c.ck},
                 {"X-Ovh-Timestamp", c.ts},
                 {"X-Ovh-Signature", c.signature}};
  req.body = "x";
  req.set_header("Content-Length", "1");
  auto res = cli.send(req);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_TRUE(res->has_header("X-Ovh-Queryid"));
  // The server still serves.
  auto again = send(good());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST_F(SignedCall, TimestampOutsideTheWindowIsRejected) {
  Call c = good();
  c.ts = std::to_string(Clock::real_now() - 3600);
  c.signature = sign(c);
  expect_rejected(c, 400, "QUERY_TIME_OUT");
  c.ts = std::to_string(Clock::real_now() + 3600);
  c.signature = sign(c);
  expect_rejected(c, 400, "QUERY_TIME_OUT");
}

TEST_F(SignedCall, ChangedTimestampWithinTheWindowIsRejected) {
  Call c = good();
  c.ts = std::to_string(std::stoll(c.ts) - 1);
  expect_rejected(c, 400, "INVALID_SIGNATURE");
}

TEST_F(SignedCall, ChangedApplicationKeyIsRejected) {
  Call c = good();
  c.ak = "Qm4xT9pLw2ZrV8cN";  // another real application: its secret does not match the signature
  expect_rejected(c, 400, "INVALID_SIGNATURE");
  c.ak = "UnknownAppKey123";
  expect_rejected(c, 403, "INVALID_KEY");
}

TEST_F(SignedCall, ChangedConsumerKeyIsRejected) {
  Call c = good();
  c.ck = "e4d2c0b8a6f4e2d0c8b6a4f2e0d8c6b4";  // another real key of the same application
  expect_rejected(c, 400, "INVALID_SIGNATURE");
  c.ck = "00000000000000000000000000000000";
  expect_rejected(c, 403, "NOT_CREDENTIAL");
}

TEST_F(SignedCall, ChangedSignatureCharacterIsRejected) {
  Call c = good();
  c.signature[10] = c.signature[10] == 'f' ? 'e' : 'f';
  expect_rejected(c, 400, "INVALID_SIGNATURE");
  c.signature = "$1$" + std::string(40, '0');
  expect_rejected(c, 400, "INVALID_SIGNATURE");
}

TEST_F(SignedCall, NoConsumerKeyIsLoginRequired) {
  Call c = good();
  httplib::Client cli("127.0.0.1", server->port());
  auto res = cli.Get(c.target, {{"X-Ovh-Application", c.ak}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(nlohmann::json::parse(res->body).at("message"), "You must login first");
}

TEST_F(SignedCall, AuthTimeNeedsNoSignature) {
  httplib::Client cli("127.0.0.1", server->port());
  auto res = cli.Get("/1.0/auth/time");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NEAR(std::stoll(res->body), Clock::real_now(), 5);
}

TEST(ServerProcessTest, StopsCleanlyOnSigterm) {
  test::ServerProcess s;
  const int status = s.stop();
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(ServerProcessTest, BadFixturesStopTheServerWithFileAndField) {
  const auto dir = std::filesystem::temp_directory_path() / ("ovhmock-bad-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(test::default_fixtures_dir() / "applications.json", dir / "applications.json",
                             std::filesystem::copy_options::overwrite_existing);
  auto creds = nlohmann::json::parse(test::read_file(test::default_fixtures_dir() / "credentials.json"));
  creds[1]["status"] = "approved";
  std::ofstream(dir / "credentials.json") << creds.dump(2);
  const std::string cmd = std::string(OVHMOCK_BINARY) + " --port 0 --fixtures " + dir.string() + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  const int status = pclose(p);
  std::filesystem::remove_all(dir);
  EXPECT_NE(WEXITSTATUS(status), 0);
  EXPECT_NE(out.find("credentials.json"), std::string::npos) << out;
  EXPECT_NE(out.find("credential 512040113"), std::string::npos) << out;
  EXPECT_NE(out.find("\"status\""), std::string::npos) << out;
  EXPECT_EQ(out.find("ready"), std::string::npos) << out;
}

}  // namespace
}  // namespace ovhmock
