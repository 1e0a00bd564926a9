// Every authentication rejection, through the pipeline, on the default fixtures:
// status, errorCode, message, class and the headers every response carries.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ovhmock/auth/signature.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

class AuthPipeline : public ::testing::Test {
 protected:
  void SetUp() override { state.clock.freeze(1767607012); }
  Response call(const Request& r) { return pipeline.handle(r); }
  Request signed_get(const std::string& target, const test::Keys& keys = test::default_keys()) {
    return test::signed_request(keys, "GET", target, "", state.clock.now());
  }
  static nlohmann::json body(const Response& r) { return nlohmann::json::parse(r.body); }
  static void expect_error(const Response& r, int status, const std::string& code, const std::string& message) {
    EXPECT_EQ(r.status, status) << r.body;
    auto j = body(r);
    EXPECT_EQ(j.value("errorCode", ""), code) << r.body;
    EXPECT_EQ(j.at("message"), message);
    EXPECT_EQ(j.at("httpCode"), std::to_string(status) + " " + reason_phrase(status));
    EXPECT_TRUE(j.at("class").get<std::string>().rfind(status >= 500 ? "Server::" : "Client::", 0) == 0);
    EXPECT_EQ(r.header("Content-Type").value_or(""), "application/json; charset=utf-8");
    EXPECT_TRUE(r.header("X-Ovh-Queryid").has_value());
  }

  Server server{test::server_config()};
  State& state = server.state();
  ServerConfig& config = server.config();
  Pipeline& pipeline = server.pipeline();
};

TEST_F(AuthPipeline, AuthTimeIsABareIntegerFromTheServerClock) {
  Request r;
  r.method = "GET";
  r.target = "/1.0/auth/time";
  const auto resp = call(r);
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(resp.body, "1767607012");
  EXPECT_EQ(resp.header("Content-Type").value_or(""), "application/json; charset=utf-8");
}

TEST_F(AuthPipeline, QueryIdHasTheRealFormatWithTheRequestTimeInHex) {
  Request r;
  r.method = "GET";
  r.target = "/1.0/auth/time";
  const std::string id(call(r).header("X-Ovh-Queryid").value());
  // EU.ext-<n>.<hex epoch>.<pid>.<32 hex>
  EXPECT_EQ(id.rfind("EU.ext-1.", 0), 0u) << id;
  char hex[32];
  std::snprintf(hex, sizeof hex, ".%llx.", 1767607012ULL);
  EXPECT_NE(id.find(hex), std::string::npos) << id;
  EXPECT_EQ(id.size() - id.rfind('.') - 1, 32u);
}

TEST_F(AuthPipeline, SignedCallSucceedsAndShowsTheCredential) {
  const auto resp = call(signed_get("/1.0/auth/currentCredential"));
  ASSERT_EQ(resp.status, 200) << resp.body;
  auto j = body(resp);
  EXPECT_EQ(j.at("credentialId"), 512039847);
  EXPECT_EQ(j.at("status"), "validated");
  EXPECT_EQ(j.at("lastUse"), "2026-01-05T10:56:52+01:00");  // updated by this very call (frozen clock)
}

TEST_F(AuthPipeline, V1AliasAndTrailingSlashAreAccepted) {
  EXPECT_EQ(call(signed_get("/v1/auth/currentCredential")).status, 200);
  EXPECT_EQ(call(signed_get("/1.0/auth/currentCredential/")).status, 200);
}

TEST_F(AuthPipeline, NoConsumerKeyIs401YouMustLoginFirst) {
  Request r;
  r.method = "GET";
  r.target = "/1.0/auth/currentCredential";
  r.headers = {{"Host", "127.0.0.1:8080"}, {"X-Ovh-Application", test::default_keys().ak}};
  const auto resp = call(r);
  EXPECT_EQ(resp.status, 401);
  auto j = body(resp);
  EXPECT_EQ(j.at("message"), "You must login first");
  EXPECT_FALSE(j.contains("errorCode"));
  // An empty consumer key is no consumer key.
  r.headers.push_back({"X-Ovh-Consumer", ""});
  EXPECT_EQ(call(r).status, 401);
}

TEST_F(AuthPipeline, UnknownOrMissingApplicationKeyIsInvalidKey) {
  auto keys = test::default_keys();
  keys.ak = "NoSuchKey";
  expect_error(call(signed_get("/1.0/auth/currentCredential", keys)), 403, "INVALID_KEY", "Invalid application key");
  auto r = signed_get("/1.0/auth/currentCredential");
  std::erase_if(r.headers, [](const Header& h) { return h.name == "X-Ovh-Application"; });
  expect_error(call(r), 403, "INVALID_KEY", "Invalid application key");
}

TEST_F(AuthPipeline, UnknownConsumerKeyIsNotCredential) {
  auto keys = test::default_keys();
  keys.ck = "ffffffffffffffffffffffffffffffff";
  expect_error(call(signed_get("/1.0/auth/currentCredential", keys)), 403, "NOT_CREDENTIAL",
               "This credential does not exist");
}

TEST_F(AuthPipeline, PendingRefusedExpiredOrForeignKeysAreInvalidCredential) {
  auto keys = test::default_keys();
  for (const char* ck : {"7c1e5a9b3d2f4e6a8b0c2d4e6f8a0b1c",     // pendingValidation
                         "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"}) {  // refused
    keys.ck = ck;
    expect_error(call(signed_get("/1.0/auth/currentCredential", keys)), 403, "INVALID_CREDENTIAL",
                 "This credential is not valid");
  }
  // Expired (state expired), and validated but past its expiration: billing-export's keys.
  test::Keys billing{"Qm4xT9pLw2ZrV8cN", "Yt6uI3oP9aS2dF5gH8jK1lZ4xC7vB0nM", "0f1e2d3c4b5a69788796a5b4c3d2e1f0"};
  expect_error(call(signed_get("/1.0/auth/currentCredential", billing)), 403, "INVALID_CREDENTIAL",
               "This credential is not valid");
  billing.ck = "c0ffee00c0ffee00c0ffee00c0ffee00";
  expect_error(call(signed_get("/1.0/auth/currentCredential", billing)), 403, "INVALID_CREDENTIAL",
               "This credential is not valid");
  // dns-bot's consumer key used with billing-export's application key and secret.
  billing.ck = test::default_keys().ck;
  expect_error(call(signed_get("/1.0/auth/currentCredential", billing)), 403, "INVALID_CREDENTIAL",
               "This credential is not valid");
}

TEST_F(AuthPipeline, BlockedApplicationIsInvalidCredential) {
  test::Keys blocked{"Bk2sLq8Wn5Xc3Vt7", "Pq9wE2rT5yU8iO1pA4sD7fG0hJ3kL6zX", "b10cked0b10cked0b10cked0b10cked0"};
  expect_error(call(signed_get("/1.0/auth/currentCredential", blocked)), 403, "INVALID_CREDENTIAL",
               "This credential is not valid");
}

TEST_F(AuthPipeline, TimestampMissingMalformedOrOutsideTheWindowIsQueryTimeOut) {
  auto r = signed_get("/1.0/auth/currentCredential");
  std::erase_if(r.headers, [](const Header& h) { return h.name == "X-Ovh-Timestamp"; });
  expect_error(call(r), 400, "QUERY_TIME_OUT", "Query out of time");
  for (const char* ts : {"abc", "", "12.5", " 1767607012", "99999999999999999999999"}) {
    auto bad = signed_get("/1.0/auth/currentCredential");
    for (auto& h : bad.headers)
      if (h.name == "X-Ovh-Timestamp") h.value = ts;
    expect_error(call(bad), 400, "QUERY_TIME_OUT", "Query out of time");
  }
  const auto keys = test::default_keys();
  const auto now = state.clock.now();
  EXPECT_EQ(call(test::signed_request(keys, "GET", "/1.0/auth/currentCredential", "", now + 300)).status, 200);
  EXPECT_EQ(call(test::signed_request(keys, "GET", "/1.0/auth/currentCredential", "", now - 300)).status, 200);
  expect_error(call(test::signed_request(keys, "GET", "/1.0/auth/currentCredential", "", now + 301)), 400,
               "QUERY_TIME_OUT", "Query out of time");
  expect_error(call(test::signed_request(keys, "GET", "/1.0/auth/currentCredential", "", now - 301)), 400,
               "QUERY_TIME_OUT", "Query out of time");
  expect_error(call(test::signed_request(keys, "GET", "/1.0/auth/currentCredential", "", INT64_MIN)), 400,
               "QUERY_TIME_OUT", "Query out of time");
}

TEST_F(AuthPipeline, WrongOrMissingSignatureIsInvalidSignature) {
  auto r = signed_get("/1.0/auth/currentCredential");
  for (auto& h : r.headers)
    if (h.name == "X-Ovh-Signature") h.value[5] = h.value[5] == 'a' ? 'b' : 'a';
  expect_error(call(r), 400, "INVALID_SIGNATURE", "Invalid signature");
  std::erase_if(r.headers, [](const Header& h) { return h.name == "X-Ovh-Signature"; });
  expect_error(call(r), 400, "INVALID_SIGNATURE", "Invalid signature");
  // Signed over another host: the URL received differs.
  auto other = test::signed_request(test::default_keys(), "GET", "/1.0/auth/currentCredential", "", state.clock.now(),
                                    "eu.api.ovh.com");
  for (auto& h : other.headers)
    if (h.name == "Host") h.value = "127.0.0.1:8080";
  expect_error(call(other), 400, "INVALID_SIGNATURE", "Invalid signature");
}

TEST_F(AuthPipeline, AllowedIpsAreEnforcedAgainstThePeerAddress) {
  auto keys = test::default_keys();
  keys.ck = "5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a";  // allowedIPs 203.0.113.0/24
  auto r = signed_get("/1.0/auth/currentCredential", keys);
  expect_error(call(r), 403, "FORBIDDEN", "This call is not allowed from your IP address");
  r.peer_address = "203.0.113.77";
  EXPECT_EQ(call(r).status, 200);
}

TEST_F(AuthPipeline, UnknownRouteIs404BeforeAuthentication) {
  Request r;
  r.method = "GET";
  r.target = "/1.0/nothing/here";
  auto resp = call(r);
  EXPECT_EQ(resp.status, 404);
  EXPECT_EQ(body(resp).at("message"), "Got an invalid (or empty) URL");
}

TEST(AccessRules, GlobStarCrossesSlashesAndMatchesEmpty) {
  EXPECT_TRUE(glob_match("/domain/zone/*", "/domain/zone/x/record"));
  EXPECT_TRUE(glob_match("/domain/zone/*", "/domain/zone/"));
  EXPECT_FALSE(glob_match("/sms/*", "/sms"));
  EXPECT_TRUE(glob_match("/me*", "/me"));
  EXPECT_TRUE(glob_match("/me*", "/me/bill/1"));
  EXPECT_TRUE(glob_match("/dedicated/server/*/reboot", "/dedicated/server/ns1.example/reboot"));
  EXPECT_FALSE(glob_match("/dedicated/server/*/reboot", "/dedicated/server/ns1.example/reboots"));
  EXPECT_TRUE(glob_match("/*", "/"));
  EXPECT_FALSE(glob_match("/me", "/me/"));
  EXPECT_TRUE(glob_match("*a*a*a*a*a*b", std::string(60, 'a') + "b"));
  EXPECT_FALSE(glob_match("*a*a*a*a*a*b", std::string(5000, 'a')));
}

TEST(AccessRules, MethodMustMatchExactly) {
  std::vector<AccessRule> rules = {{"GET", "/me"}, {"POST", "/domain/zone/*"}};
  EXPECT_TRUE(rules_allow(rules, "GET", "/me"));
  EXPECT_FALSE(rules_allow(rules, "PUT", "/me"));
  EXPECT_FALSE(rules_allow(rules, "get", "/me"));
  EXPECT_TRUE(rules_allow(rules, "POST", "/domain/zone/example.com/record"));
}

TEST(IpBlocks, MatchV4AndV6Blocks) {
  EXPECT_TRUE(address_in_blocks("198.51.100.7", {"198.51.100.0/24"}));
  EXPECT_FALSE(address_in_blocks("198.51.101.7", {"198.51.100.0/24"}));
  EXPECT_TRUE(address_in_blocks("::ffff:198.51.100.7", {"198.51.100.0/24"}));
  EXPECT_TRUE(address_in_blocks("2001:db8::1", {"2001:db8::/32"}));
  EXPECT_TRUE(address_in_blocks("203.0.113.9", {"203.0.113.9"}));
  EXPECT_FALSE(address_in_blocks("not-an-ip", {"0.0.0.0/0"}));
  EXPECT_FALSE(is_valid_ip_block("10.0.0.0/33"));
  EXPECT_TRUE(is_valid_ip_block("0.0.0.0/0"));
}

}  // namespace
}  // namespace ovhmock
