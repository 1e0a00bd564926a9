// The consumer-key lifecycle through the pipeline, on the default fixtures: requesting a key,
// validating or refusing it on the validation page, expiry on the virtual clock, logout,
// /auth/details, access rules, the key-creation page, --auto-validate, and the store-level
// transitions the control plane calls.
#include "ovhmock/api/auth/credential_flow.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

constexpr std::int64_t kNow = 1767607012;
const std::string kAk = "7kbG7Bk7S9Nt7ZSV";  // dns-bot
const std::string kAs = "Hq3vX8nP2mL6tR9wK4zB7cD1fG5jN0sA";

class CredentialFlow : public ::testing::Test {
 protected:
  void SetUp() override { state.clock.freeze(kNow); }
  static nlohmann::json body(const Response& r) { return nlohmann::json::parse(r.body); }
  static Request make(std::string method, std::string target, std::string body = "", std::vector<Header> headers = {}) {
    return test::make_request(std::move(method), std::move(target), std::move(body), std::move(headers));
  }
  Response request_key(const std::string& json, const std::string& target = "/1.0/auth/credential") {
    return pipeline.handle(make("POST", target, json, {{"X-Ovh-Application", kAk}}));
  }
  // Requests a key and returns {consumerKey, token}.
  std::pair<std::string, std::string> new_key(const std::string& rules = R"([{"method":"GET","path":"/*"}])",
                                              const std::string& redirection = "null") {
    auto resp = request_key(R"({"accessRules":)" + rules + R"(,"redirection":)" + redirection + "}");
    EXPECT_EQ(resp.status, 200) << resp.body;
    auto j = body(resp);
    const std::string url = j.at("validationUrl");
    return {j.at("consumerKey"), url.substr(url.find('=') + 1)};
  }
  Response answer(const std::string& token, const std::string& action, const std::string& validity = "86400") {
    return pipeline.handle(make("POST", "/auth/",
                                "credentialToken=" + token + "&validity=" + validity + "&action=" + action,
                                {{"Content-Type", "application/x-www-form-urlencoded"}}));
  }
  Response signed_call(const std::string& ck, const std::string& method, const std::string& target,
                       const std::string& as = kAs, const std::string& ak = kAk) {
    return pipeline.handle(test::signed_request({ak, as, ck}, method, target, "", state.clock.now()));
  }
  std::optional<Credential> by_key(const std::string& ck) { return state.credentials.credential_by_key(ck); }
  static void expect_error(const Response& r, int status, const std::string& code, const std::string& message) {
    EXPECT_EQ(r.status, status) << r.body;
    auto j = body(r);
    EXPECT_EQ(j.value("errorCode", ""), code) << r.body;
    EXPECT_EQ(j.at("message"), message) << r.body;
  }

  Server server{test::server_config()};
  State& state = server.state();
  ServerConfig& config = server.config();
  Pipeline& pipeline = server.pipeline();
};

// ---- POST /auth/credential ----

TEST_F(CredentialFlow, RequestAnswersAPendingKeyAndAValidationUrlOnThisServer) {
  auto resp = request_key(R"({"accessRules":[{"method":"GET","path":"/me"}],"redirection":null,"allowedIPs":null})");
  ASSERT_EQ(resp.status, 200) << resp.body;
  EXPECT_EQ(resp.header("Content-Type").value_or(""), "application/json; charset=utf-8");
  auto j = body(resp);
  EXPECT_EQ(j.size(), 3u);
  EXPECT_EQ(j.at("state"), "pendingValidation");
  const std::string ck = j.at("consumerKey");
  EXPECT_EQ(ck.size(), 32u);
  const std::string url = j.at("validationUrl");
  EXPECT_TRUE(std::regex_match(url, std::regex(R"(http://127\.0\.0\.1:8080/auth/\?credentialToken=[A-Za-z0-9]{64})")))
      << url;
  auto cred = by_key(ck);
  ASSERT_TRUE(cred);
  EXPECT_EQ(cred->state, CredentialState::pendingValidation);
  EXPECT_EQ(cred->application_id, 287451);
  EXPECT_EQ(cred->creation, kNow);
  EXPECT_EQ(cred->rules, (std::vector<AccessRule>{{"GET", "/me"}}));
  // A pending key cannot call yet.
  expect_error(signed_call(ck, "GET", "/1.0/auth/currentCredential"), 403, "INVALID_CREDENTIAL",
               "This credential is not valid");
}

TEST_F(CredentialFlow, RequestToleratesTrailingSlashSignatureHeadersAndTheV1Alias) {
  auto r = make("POST", "/1.0/auth/credential/", R"({"accessRules":[{"method":"GET","path":"/*"}]})",
                {{"X-Ovh-Application", kAk},
                 {"X-Ovh-Consumer", "a3f9c1e07b2d4e5f8a9b0c1d2e3f4a5b"},
                 {"X-Ovh-Timestamp", "1"},
                 {"X-Ovh-Signature", "$1$0000"}});
  EXPECT_EQ(pipeline.handle(r).status, 200);
  EXPECT_EQ(request_key(R"({"accessRules":[]})", "/v1/auth/credential").status, 200);
}

TEST_F(CredentialFlow, RequestUsesTheHostAndSchemeOrThePublicUrl) {
  auto r = make("POST", "/1.0/auth/credential", R"({"accessRules":[]})", {{"X-Ovh-Application", kAk}});
  r.headers[0].value = "mock.example:9443";
  r.scheme = "https";
  EXPECT_EQ(
      body(pipeline.handle(r)).at("validationUrl").get<std::string>().rfind("https://mock.example:9443/auth/?", 0), 0u);
  config.public_url = "https://eu.api.ovh.test/";
  EXPECT_EQ(body(pipeline.handle(r)).at("validationUrl").get<std::string>().rfind("https://eu.api.ovh.test/auth/?", 0),
            0u);
}

TEST_F(CredentialFlow, RequestNeedsAKnownUsableApplicationKey) {
  const std::string rules = R"({"accessRules":[{"method":"GET","path":"/*"}]})";
  expect_error(pipeline.handle(make("POST", "/1.0/auth/credential", rules)), 403, "INVALID_KEY",
               "Invalid application key");
  expect_error(pipeline.handle(make("POST", "/1.0/auth/credential", rules, {{"X-Ovh-Application", "nope"}})), 403,
               "INVALID_KEY", "Invalid application key");
  expect_error(pipeline.handle(make("POST", "/1.0/auth/credential", rules, {{"X-Ovh-Application", ""}})), 403,
               "INVALID_KEY", "Invalid application key");
  // old-monitoring is blocked.
  expect_error(
      pipeline.handle(make("POST", "/1.0/auth/credential", rules, {{"X-Ovh-Application", "Bk2sLq8Wn5Xc3Vt7"}})), 403,
      "INVALID_KEY", "Invalid application key");
  // A deleted application.
  state.credentials.remove_application(287451);
  expect_error(request_key(rules), 403, "INVALID_KEY", "Invalid application key");
}

TEST_F(CredentialFlow, MalformedAccessRulesAreRejectedWithTheRealMessage) {
  const std::string message = "Body parameter accessRules isn't formated correctly";
  const auto before = state.credentials.credential_count();
  for (const char* bad : {
           R"({})",
           R"({"redirection":null})",
           R"({"accessRules":null})",
           R"({"accessRules":"GET /*"})",
           R"({"accessRules":{"method":"GET","path":"/*"}})",
           R"({"accessRules":["GET /*"]})",
           R"({"accessRules":[{"method":"get","path":"/*"}]})",
           R"({"accessRules":[{"method":"HEAD","path":"/*"}]})",
           R"({"accessRules":[{"method":"ALL","path":"/*"}]})",
           R"({"accessRules":[{"method":"GET"}]})",
           R"({"accessRules":[{"path":"/*"}]})",
           R"({"accessRules":[{"method":"GET","path":12}]})",
           R"({"accessRules":[{"method":"GET","path":"/*","extra":1}]})",
           R"([{"method":"GET","path":"/*"}])",
       }) {
    SCOPED_TRACE(bad);
    auto resp = request_key(bad);
    EXPECT_EQ(resp.status, 400);
    EXPECT_EQ(body(resp).at("message"), message);
    EXPECT_EQ(body(resp).at("class"), "Client::BadRequest");
  }
  EXPECT_EQ(state.credentials.credential_count(), before);  // nothing was created
}

TEST_F(CredentialFlow, EveryMethodOfTheEnumIsAccepted) {
  auto resp = request_key(
      R"({"accessRules":[{"method":"GET","path":"/a"},{"method":"POST","path":"/b"},{"method":"PUT","path":"/c"},)"
      R"({"method":"DELETE","path":"/d"},{"method":"PATCH","path":"/e"}]})");
  ASSERT_EQ(resp.status, 200) << resp.body;
  EXPECT_EQ(by_key(body(resp).at("consumerKey"))->rules.size(), 5u);
}

TEST_F(CredentialFlow, MalformedRedirectionAllowedIpsOrUnknownFieldsAreRejected) {
  const std::string rules = R"("accessRules":[{"method":"GET","path":"/*"}])";
  auto check = [&](const std::string& json, const std::string& message) {
    SCOPED_TRACE(json);
    auto resp = request_key(json);
    EXPECT_EQ(resp.status, 400);
    EXPECT_EQ(body(resp).at("message"), message);
  };
  check("{" + rules + R"(,"redirection":42})", "Body parameter redirection isn't formated correctly");
  check("{" + rules + R"(,"redirection":"https://x/\r\nSet-Cookie: a=b"})",
        "Body parameter redirection isn't formated correctly");
  check("{" + rules + R"(,"allowedIPs":"203.0.113.0/24"})", "Body parameter allowedIPs isn't formated correctly");
  check("{" + rules + R"(,"allowedIPs":["300.1.1.1"]})", "Body parameter allowedIPs isn't formated correctly");
  check("{" + rules + R"(,"allowedIPs":["203.0.113.0/33"]})", "Body parameter allowedIPs isn't formated correctly");
  check("{" + rules + R"(,"allowedIPs":[7]})", "Body parameter allowedIPs isn't formated correctly");
  check("{" + rules + R"(,"foo":1,"bar":2})",
        "Received not described parameters: (bar, foo) while calling creation handler");
  check("", "Invalid JSON received");
  check("{" + rules, "Invalid JSON received");
  // Valid ones are kept.
  auto resp = request_key("{" + rules + R"(,"allowedIPs":["203.0.113.0/24","2001:db8::/32"]})");
  ASSERT_EQ(resp.status, 200) << resp.body;
  EXPECT_EQ(*by_key(body(resp).at("consumerKey"))->allowed_ips,
            (std::vector<std::string>{"203.0.113.0/24", "2001:db8::/32"}));
}

TEST_F(CredentialFlow, AllowedIpsOfARequestedKeyAreEnforcedOnceValidated) {
  auto resp = request_key(R"({"accessRules":[{"method":"GET","path":"/*"}],"allowedIPs":["198.51.100.0/24"]})");
  ASSERT_EQ(resp.status, 200) << resp.body;
  const std::string ck = body(resp).at("consumerKey");
  const std::string url = body(resp).at("validationUrl");
  ASSERT_EQ(answer(url.substr(url.find('=') + 1), "authorize").status, 200);
  auto from = [&](const char* peer) {
    auto r = test::signed_request({kAk, kAs, ck}, "GET", "/1.0/me", "", state.clock.now());
    r.peer_address = peer;
    return pipeline.handle(r);
  };
  EXPECT_EQ(from("198.51.100.77").status, 200);
  expect_error(from("127.0.0.1"), 403, "FORBIDDEN", "This call is not allowed from your IP address");
}

// ---- The validation page ----

TEST_F(CredentialFlow, ValidationPageShowsTheApplicationRulesAndValidityChoices) {
  auto [ck, token] = new_key(R"([{"method":"GET","path":"/me"},{"method":"POST","path":"/domain/zone/*"}])",
                             R"("https://app.example.org/cb?x=<b>")");
  auto page = pipeline.handle(make("GET", "/auth/?credentialToken=" + token));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.header("Content-Type").value_or(""), "text/html; charset=utf-8");
  for (const char* part :
       {"<strong id=\"application-name\">dns-bot</strong>", "DNS automation for example.com", "<li>GET /me</li>",
        "<li>POST /domain/zone/*</li>", ">1 hour<", ">1 day<", ">30 days<", ">Unlimited<", "id=\"authorize\"",
        "id=\"refuse\"", "https://app.example.org/cb?x=&lt;b&gt;"})
    EXPECT_NE(page.body.find(part), std::string::npos) << part;
  EXPECT_EQ(page.body.find("<b>"), std::string::npos);  // escaped, never raw
}

TEST_F(CredentialFlow, AuthorizeValidatesWithTheChosenValidityAndRedirects) {
  auto [ck, token] = new_key(R"([{"method":"GET","path":"/*"}])", R"("https://app.example.org/ovh/callback")");
  auto resp = answer(token, "authorize", "3600");
  EXPECT_EQ(resp.status, 302);
  EXPECT_EQ(resp.header("Location").value_or(""), "https://app.example.org/ovh/callback");
  auto cred = by_key(ck);
  EXPECT_EQ(cred->state, CredentialState::validated);
  EXPECT_EQ(cred->expiration, kNow + 3600);
  // The key works until it expires on the virtual clock.
  auto ok = signed_call(ck, "GET", "/1.0/auth/currentCredential");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(body(ok).at("status"), "validated");
  EXPECT_EQ(body(ok).at("expiration"), "2026-01-05T11:56:52+01:00");
  EXPECT_EQ(body(ok).at("lastUse"), "2026-01-05T10:56:52+01:00");
  state.clock.step(3599);
  EXPECT_EQ(signed_call(ck, "GET", "/1.0/auth/currentCredential").status, 200);
  state.clock.step(1);
  expect_error(signed_call(ck, "GET", "/1.0/auth/currentCredential"), 403, "INVALID_CREDENTIAL",
               "This credential is not valid");
  EXPECT_EQ(by_key(ck)->effective_state(state.clock.now()), CredentialState::expired);
}

TEST_F(CredentialFlow, AuthorizeWithoutRedirectionShowsAConfirmationAndUnlimitedMeansNoExpiration) {
  auto [ck, token] = new_key();
  auto resp = answer(token, "authorize", "0");
  ASSERT_EQ(resp.status, 200) << resp.body;
  EXPECT_NE(resp.body.find("<strong id=\"state\">validated</strong>"), std::string::npos);
  EXPECT_NE(resp.body.find("no expiration"), std::string::npos);
  EXPECT_FALSE(by_key(ck)->expiration);
  state.clock.step(10LL * 365 * 86400);
  EXPECT_EQ(signed_call(ck, "GET", "/1.0/auth/currentCredential").status, 200);
}

TEST_F(CredentialFlow, RefuseMakesTheKeyRefused) {
  auto [ck, token] = new_key(R"([{"method":"GET","path":"/*"}])", R"("https://app.example.org/cb")");
  auto resp = answer(token, "refuse");
  ASSERT_EQ(resp.status, 200) << resp.body;
  EXPECT_NE(resp.body.find("<strong id=\"state\">refused</strong>"), std::string::npos);
  EXPECT_EQ(by_key(ck)->state, CredentialState::refused);
  expect_error(signed_call(ck, "GET", "/1.0/auth/currentCredential"), 403, "INVALID_CREDENTIAL",
               "This credential is not valid");
}

TEST_F(CredentialFlow, ARequestIsAnsweredOnceAndUnknownTokensGetAnErrorPage) {
  auto [ck, token] = new_key();
  ASSERT_EQ(answer(token, "refuse").status, 200);
  for (const char* action : {"authorize", "refuse"}) {
    auto again = answer(token, action);
    EXPECT_EQ(again.status, 409);
    EXPECT_NE(again.body.find("already answered"), std::string::npos);
  }
  EXPECT_EQ(pipeline.handle(make("GET", "/auth/?credentialToken=" + token)).status, 409);
  EXPECT_EQ(by_key(ck)->state, CredentialState::refused);
  for (const char* target : {"/auth/?credentialToken=nope", "/auth/", "/auth"}) {
    auto page = pipeline.handle(make("GET", target));
    EXPECT_EQ(page.status, 404) << target;
    EXPECT_NE(page.body.find("Unknown credential request"), std::string::npos);
  }
  EXPECT_EQ(answer("nope", "authorize").status, 404);
}

TEST_F(CredentialFlow, BadValidityOrActionLeavesTheKeyPending) {
  auto [ck, token] = new_key();
  EXPECT_EQ(answer(token, "authorize", "7200").status, 400);
  EXPECT_EQ(answer(token, "authorize", "").status, 400);
  EXPECT_EQ(answer(token, "approve").status, 400);
  EXPECT_EQ(by_key(ck)->state, CredentialState::pendingValidation);
}

TEST_F(CredentialFlow, APendingKeyFromTheFixturesHasAValidationPage) {
  auto cred = state.credentials.credential(512040113);
  ASSERT_TRUE(cred);
  ASSERT_EQ(cred->validation_token.size(), 64u);
  EXPECT_EQ(answer(cred->validation_token, "authorize").status, 302);  // its redirection
  EXPECT_EQ(state.credentials.credential(512040113)->state, CredentialState::validated);
}

// ---- Logout, details ----

TEST_F(CredentialFlow, LogoutExpiresTheKey) {
  auto [ck, token] = new_key(R"([{"method":"GET","path":"/me"}])");  // logout bypasses the rules
  ASSERT_EQ(answer(token, "authorize", "0").status, 200);
  auto resp = signed_call(ck, "POST", "/1.0/auth/logout");
  EXPECT_EQ(resp.status, 204) << resp.body;
  EXPECT_EQ(by_key(ck)->state, CredentialState::expired);
  EXPECT_EQ(by_key(ck)->expiration, kNow);
  expect_error(signed_call(ck, "GET", "/1.0/me"), 403, "INVALID_CREDENTIAL", "This credential is not valid");
}

TEST_F(CredentialFlow, DetailsDescribeTheAccountAndTheKeysRulesWhateverTheRules) {
  auto [ck, token] = new_key(R"([{"method":"GET","path":"/domain/zone/*"}])");
  ASSERT_EQ(answer(token, "authorize").status, 200);
  auto resp = signed_call(ck, "GET", "/1.0/auth/details");
  ASSERT_EQ(resp.status, 200) << resp.body;
  EXPECT_EQ(body(resp), nlohmann::json::parse(R"({
    "account": "dj12345-ovh",
    "allowedRoutes": [{"method": "GET", "path": "/domain/zone/*"}],
    "description": null,
    "identities": ["urn:v1:eu:identity:account:dj12345-ovh"],
    "method": "account",
    "roles": null,
    "user": null})"));
  // Keys from the fixtures too, and the keys are in alphabetical order on the wire.
  auto mine = signed_call(test::default_keys().ck, "GET", "/1.0/auth/details");
  EXPECT_EQ(mine.body.rfind(R"({"account":"dj12345-ovh","allowedRoutes":[{"method":"GET","path":"/*"},)", 0), 0u)
      << mine.body;
}

// ---- Access rules ----

TEST_F(CredentialFlow, AccessRulesAreCheckedOnEveryAuthenticatedCall) {
  auto [ck, token] = new_key(R"([{"method":"GET","path":"/domain/zone/*"},{"method":"GET","path":"/sms/*"}])");
  ASSERT_EQ(answer(token, "authorize").status, 200);
  EXPECT_EQ(signed_call(ck, "GET", "/1.0/domain/zone/example.com/record").status, 200);
  EXPECT_EQ(signed_call(ck, "GET", "/1.0/domain/zone/example.com/record?fieldType=A").status, 200);
  EXPECT_EQ(signed_call(ck, "GET", "/v1/domain/zone/example.com/record/").status, 200);
  EXPECT_EQ(signed_call(ck, "GET", "/1.0/sms/sms-ab12345-1").status, 200);
  const std::string denied = "This call has not been granted";
  expect_error(signed_call(ck, "GET", "/1.0/sms"), 403, "NOT_GRANTED_CALL", denied);  // /sms/* is not /sms
  expect_error(signed_call(ck, "POST", "/1.0/domain/zone/example.com/record"), 403, "NOT_GRANTED_CALL", denied);
  expect_error(signed_call(ck, "GET", "/1.0/me"), 403, "NOT_GRANTED_CALL", denied);
  // The query string is never matched: /me?x=/domain/zone/ stays /me.
  expect_error(signed_call(ck, "GET", "/1.0/me?x=/domain/zone/a"), 403, "NOT_GRANTED_CALL", denied);
  // currentCredential, details and logout are allowed whatever the rules.
  EXPECT_EQ(signed_call(ck, "GET", "/1.0/auth/currentCredential").status, 200);
  EXPECT_EQ(signed_call(ck, "GET", "/1.0/auth/details").status, 200);
  EXPECT_EQ(signed_call(ck, "POST", "/1.0/auth/logout").status, 204);
}

TEST(AccessRuleGlob, Cases) {
  struct Case {
    const char* pattern;
    const char* path;
    bool match;
  };
  for (const Case& c : std::vector<Case>{
           {"/*", "/me", true},
           {"/*", "/", true},
           {"/*", "/domain/zone/x/record/1", true},
           {"/me", "/me", true},
           {"/me", "/me/api", false},
           {"/me", "/me/", false},
           {"/me*", "/me", true},
           {"/me*", "/meeting", true},
           {"/me*", "/me/bill/1", true},
           {"/me/*", "/me", false},
           {"/me/*", "/me/", true},
           {"/sms/*", "/sms", false},
           {"/sms/*", "/sms/x", true},
           {"/domain/zone/*", "/domain/zone/x/record", true},
           {"/domain/zone/*", "/domain/zone", false},
           {"/domain/zone/*", "/domain/zoned", false},
           {"/dedicated/server/*/reboot", "/dedicated/server/ns1.example/reboot", true},
           {"/dedicated/server/*/reboot", "/dedicated/server/a/b/reboot", true},
           {"/dedicated/server/*/reboot", "/dedicated/server/a/rebooted", false},
           {"/domain/*/nameServers/update", "/domain/example.com/nameServers/update", true},
           {"/domain/*/nameServers/update", "/domain/example.com/nameServers", false},
           {"/*/record/*", "/domain/zone/x/record/12", true},
           {"*", "/anything/at/all", true},
           {"", "/", false},
           {"/ME", "/me", false},  // case-sensitive
           {"/a**b", "/ab", true},
           {"/a*b*c", "/axxbyyc", true},
           {"/a*b*c", "/axxbyy", false},
           {"/x*", "/x%2Fy", true},
       }) {
    EXPECT_EQ(glob_match(c.pattern, c.path), c.match) << c.pattern << " vs " << c.path;
  }
  // Many stars stay fast (no exponential backtracking).
  EXPECT_FALSE(glob_match("/*a*a*a*a*a*a*a*a*a*a*a*b", "/" + std::string(5000, 'a')));
}

// ---- --auto-validate ----

TEST_F(CredentialFlow, AutoValidateValidatesNewKeysWithTheRulesRequested) {
  config.auto_validate = true;
  auto resp = request_key(R"({"accessRules":[{"method":"GET","path":"/me"}]})");
  ASSERT_EQ(resp.status, 200);
  EXPECT_EQ(body(resp).at("state"), "validated");
  const std::string ck = body(resp).at("consumerKey");
  EXPECT_EQ(signed_call(ck, "GET", "/1.0/me").status, 200);
  expect_error(signed_call(ck, "GET", "/1.0/sms"), 403, "NOT_GRANTED_CALL", "This call has not been granted");
  EXPECT_FALSE(by_key(ck)->expiration);
  config.auto_validate_validity = 60;
  const std::string ck2 = body(request_key(R"({"accessRules":[{"method":"GET","path":"/me"}]})")).at("consumerKey");
  EXPECT_EQ(by_key(ck2)->expiration, kNow + 60);
}

// ---- Store-level transitions (for the control plane) ----

TEST_F(CredentialFlow, StoreTransitions) {
  auto app = *state.credentials.application(287451);
  auto c = request_credential(state.credentials, app, {{{"GET", "/*"}}, std::nullopt, std::nullopt}, kNow);
  EXPECT_EQ(c.state, CredentialState::pendingValidation);
  EXPECT_EQ(c.validation_token.size(), 64u);
  EXPECT_EQ(validate_credential(state.credentials, c.id, kNow, 100), Transition::done);
  EXPECT_EQ(state.credentials.credential(c.id)->expiration, kNow + 100);
  // only_pending: a validated key is not validated again nor refused.
  EXPECT_EQ(validate_credential(state.credentials, c.id, kNow, std::nullopt, true), Transition::not_pending);
  EXPECT_EQ(refuse_credential(state.credentials, c.id, true), Transition::not_pending);
  EXPECT_EQ(state.credentials.credential(c.id)->expiration, kNow + 100);
  // Without it, any state moves.
  EXPECT_EQ(refuse_credential(state.credentials, c.id), Transition::done);
  EXPECT_EQ(state.credentials.credential(c.id)->state, CredentialState::refused);
  EXPECT_EQ(validate_credential(state.credentials, c.id, kNow, std::nullopt), Transition::done);
  EXPECT_FALSE(state.credentials.credential(c.id)->expiration);
  EXPECT_EQ(expire_credential(state.credentials, c.id, kNow + 5), Transition::done);
  EXPECT_EQ(state.credentials.credential(c.id)->state, CredentialState::expired);
  EXPECT_EQ(state.credentials.credential(c.id)->expiration, kNow + 5);
  EXPECT_EQ(validate_credential(state.credentials, 1, kNow, std::nullopt), Transition::unknown);
  EXPECT_EQ(refuse_credential(state.credentials, 1), Transition::unknown);
  EXPECT_EQ(expire_credential(state.credentials, 1, kNow), Transition::unknown);
  state.credentials.remove_credential(c.id);
  EXPECT_EQ(validate_credential(state.credentials, c.id, kNow, std::nullopt), Transition::unknown);
}

TEST(ValidityChoices, OnlyTheOfferedOnes) {
  EXPECT_EQ(parse_validity_choice("3600"), std::optional<std::optional<std::int64_t>>(3600));
  EXPECT_EQ(parse_validity_choice("2592000"), std::optional<std::optional<std::int64_t>>(2592000));
  auto unlimited = parse_validity_choice("0");
  ASSERT_TRUE(unlimited);
  EXPECT_FALSE(*unlimited);
  for (const char* bad : {"", "60", "-3600", "3600s", "1e3"}) EXPECT_FALSE(parse_validity_choice(bad)) << bad;
}

}  // namespace
}  // namespace ovhmock
