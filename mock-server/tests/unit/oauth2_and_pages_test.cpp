// The key-creation page and OAuth2 client credentials through the pipeline, on the default
// fixtures: logins.json and oauth2_clients.json.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "dataset/auth_fixtures.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "ovhmock/store/oauth2.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

constexpr std::int64_t kNow = 1767607012;
const std::string kClientId = "EU.3f9a7c21d4e85b60";
const std::string kClientSecret = "c8f2d91e4a7b3605e1d9c4b8a2f7e036";
// base64("EU.3f9a7c21d4e85b60:c8f2d91e4a7b3605e1d9c4b8a2f7e036")
const std::string kBasic = "Basic RVUuM2Y5YTdjMjFkNGU4NWI2MDpjOGYyZDkxZTRhN2IzNjA1ZTFkOWM0YjhhMmY3ZTAzNg==";

class Pages : public ::testing::Test {
 protected:
  void SetUp() override { state.clock.freeze(kNow); }
  static nlohmann::json body(const Response& r) { return nlohmann::json::parse(r.body); }
  static Request make(std::string method, std::string target, std::string body = "", std::vector<Header> headers = {}) {
    return test::make_request(std::move(method), std::move(target), std::move(body), std::move(headers));
  }
  Response form_post(const std::string& target, const std::string& form, std::vector<Header> headers = {}) {
    headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    return pipeline.handle(make("POST", target, form, std::move(headers)));
  }
  static std::string element(const std::string& html, const std::string& id) {
    std::smatch m;
    if (!std::regex_search(html, m, std::regex("id=\"" + id + "\">([^<]*)<"))) return "";
    return m[1];
  }
  Response bearer(const std::string& token, const std::string& method, const std::string& target) {
    return pipeline.handle(make(method, target, "", {{"Authorization", "Bearer " + token}}));
  }
  std::string fetch_token() {
    auto resp = form_post("/auth/oauth2/token", "grant_type=client_credentials&scope=all", {{"Authorization", kBasic}});
    EXPECT_EQ(resp.status, 200) << resp.body;
    return body(resp).at("access_token");
  }
  static void expect_oauth2_error(const Response& r, const std::string& error, const std::string& description) {
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(body(r), (nlohmann::json{{"error", error}, {"error_description", description}}));
  }

  Server server{test::server_config()};
  State& state = server.state();
  ServerConfig& config = server.config();
  Pipeline& pipeline = server.pipeline();
};

// ---- /createToken/ ----

TEST_F(Pages, CreateTokenPagePrefillsRightsFromTheQuery) {
  auto page = pipeline.handle(make("GET", "/createToken/?GET=/me&POST=/domain/*&GET=/sms/*"));
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("Content-Type").value_or(""), "text/html; charset=utf-8");
  std::regex row(R"re(<option value="(\w+)" selected>\w+</option>.*?name="path" aria-label="path" value="([^"]*)")re");
  std::vector<std::string> rows;
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), row); it != std::sregex_iterator(); ++it)
    rows.push_back((*it)[1].str() + " " + (*it)[2].str());
  EXPECT_EQ(rows, (std::vector<std::string>{"GET /me", "POST /domain/*", "GET /sms/*", "GET ", "GET "}));
  for (const char* field : {"id=\"account\"", "id=\"password\"", "id=\"applicationName\"",
                            "id=\"applicationDescription\"", "id=\"validity\"", "id=\"create\""})
    EXPECT_NE(page.body.find(field), std::string::npos) << field;
  // The legacy address works too, and without rights in the query all four methods get /*.
  auto legacy = pipeline.handle(make("GET", "/createToken/index.cgi"));
  ASSERT_EQ(legacy.status, 200);
  for (const char* m : {"GET", "POST", "PUT", "DELETE"})
    EXPECT_NE(legacy.body.find(std::string("<option value=\"") + m + "\" selected>"), std::string::npos);
}

TEST_F(Pages, CreateKeysMakesAnApplicationAndAValidatedKeyThatSigns) {
  auto resp = form_post("/createToken/",
                        "account=JANE.DOE%40example.com&password=mock-password-1&applicationName=my+script&"
                        "applicationDescription=nightly+export&validity=3600&method=GET&path=%2Fme&"
                        "method=POST&path=%2Fdomain%2Fzone%2F*&method=GET&path=");
  ASSERT_EQ(resp.status, 200) << resp.body;
  const std::string ak = element(resp.body, "application-key");
  const std::string as = element(resp.body, "application-secret");
  const std::string ck = element(resp.body, "consumer-key");
  ASSERT_EQ(ak.size(), 16u);
  ASSERT_EQ(as.size(), 32u);
  ASSERT_EQ(ck.size(), 32u);
  auto app = state.credentials.application_by_key(ak);
  ASSERT_TRUE(app);
  EXPECT_EQ(app->name, "my script");
  EXPECT_EQ(app->description, "nightly export");
  EXPECT_EQ(app->status, ApplicationStatus::active);
  auto cred = state.credentials.credential_by_key(ck);
  EXPECT_EQ(cred->state, CredentialState::validated);
  EXPECT_EQ(cred->expiration, kNow + 3600);
  EXPECT_EQ(cred->rules, (std::vector<AccessRule>{{"GET", "/me"}, {"POST", "/domain/zone/*"}}));
  auto call = pipeline.handle(test::signed_request({ak, as, ck}, "GET", "/1.0/auth/details", "", kNow));
  ASSERT_EQ(call.status, 200) << call.body;
  EXPECT_EQ(body(call).at("allowedRoutes").size(), 2u);
}

TEST_F(Pages, CreateKeysRefusesBadLoginsAndIncompleteForms) {
  const auto apps = state.credentials.application_count();
  const std::string rest = "&applicationName=a&applicationDescription=b&validity=86400&method=GET&path=%2F*";
  auto check = [&](const std::string& form, int status, const std::string& message) {
    SCOPED_TRACE(form);
    auto resp = form_post("/createToken/index.cgi", form);
    EXPECT_EQ(resp.status, status);
    EXPECT_EQ(element(resp.body, "error"), message);
  };
  check("account=dj12345-ovh&password=wrong" + rest, 403, "Invalid account / password.");
  check("account=nobody&password=mock-password-1" + rest, 403, "Invalid account / password.");
  check("account=&password=" + rest, 403, "Invalid account / password.");
  const std::string login = "account=dj12345-ovh&password=mock-password-1";
  check(login + "&applicationName=&applicationDescription=b&validity=86400&method=GET&path=%2F*", 400,
        "The application name is required.");
  check(login + "&applicationName=a&applicationDescription=&validity=86400&method=GET&path=%2F*", 400,
        "The application description is required.");
  check(login + "&applicationName=a&applicationDescription=b&validity=86400&method=GET&path=", 400,
        "Give at least one right (a method and a path).");
  check(login + "&applicationName=a&applicationDescription=b&validity=86400&method=HEAD&path=%2F*", 400,
        "Unknown method &quot;HEAD&quot;.");
  check(login + "&applicationName=a&applicationDescription=b&validity=5&method=GET&path=%2F*", 400,
        "Choose a validity among the offered ones.");
  check(login + "&applicationName=a&applicationDescription=b&validity=0&method=GET", 400,
        "Each right needs a method and a path.");
  EXPECT_EQ(state.credentials.application_count(), apps);
  // The form comes back filled in (never the password).
  auto resp =
      form_post("/createToken/", "account=dj12345-ovh&password=wrong&applicationName=%3Cx%3E" + rest.substr(18));
  EXPECT_NE(resp.body.find("value=\"dj12345-ovh\""), std::string::npos);
  EXPECT_NE(resp.body.find("value=\"&lt;x&gt;\""), std::string::npos);
  EXPECT_EQ(resp.body.find("wrong"), std::string::npos);
}

// ---- OAuth2 ----

TEST_F(Pages, TokenByHttpBasicOrFormBody) {
  auto resp = form_post("/auth/oauth2/token", "grant_type=client_credentials&scope=all", {{"Authorization", kBasic}});
  ASSERT_EQ(resp.status, 200) << resp.body;
  auto j = body(resp);
  EXPECT_EQ(j.at("token_type"), "Bearer");
  EXPECT_EQ(j.at("expires_in"), 3599);
  EXPECT_EQ(j.at("scope"), "all");
  EXPECT_GE(j.at("access_token").get<std::string>().size(), 32u);
  EXPECT_EQ(resp.header("Cache-Control").value_or(""), "no-store");
  // In the body (php-ovh), keys in any order, no scope.
  auto form = form_post("/auth/oauth2/token",
                        "client_secret=" + kClientSecret + "&grant_type=client_credentials&client_id=" + kClientId);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_NE(body(form).at("access_token"), j.at("access_token"));
}

TEST_F(Pages, TokenRequestErrors) {
  const std::string grant = "grant_type=client_credentials&scope=all";
  expect_oauth2_error(form_post("/auth/oauth2/token", grant), "invalid_client",
                      "ovhcloud oauth2 client does not exists");
  expect_oauth2_error(form_post("/auth/oauth2/token", grant + "&client_id=EU.nope&client_secret=x"), "invalid_client",
                      "ovhcloud oauth2 client does not exists");
  expect_oauth2_error(form_post("/auth/oauth2/token", grant + "&client_id=" + kClientId + "&client_secret=wrong"),
                      "invalid_client_credentials", "client secret invalid");
  expect_oauth2_error(form_post("/auth/oauth2/token", grant + "&client_id=" + kClientId), "invalid_client_credentials",
                      "client secret invalid");
  // base64("EU.3f9a7c21d4e85b60:wrong")
  expect_oauth2_error(
      form_post("/auth/oauth2/token", grant, {{"Authorization", "Basic RVUuM2Y5YTdjMjFkNGU4NWI2MDp3cm9uZw=="}}),
      "invalid_client_credentials", "client secret invalid");
  expect_oauth2_error(form_post("/auth/oauth2/token", grant, {{"Authorization", "Basic !!!"}}), "invalid_request",
                      "the Authorization header is not HTTP Basic");
  expect_oauth2_error(
      form_post("/auth/oauth2/token", grant + "&client_id=" + kClientId + "&client_secret=" + kClientSecret,
                {{"Authorization", kBasic}}),
      "invalid_request", "client credentials must be sent either by HTTP Basic or in the body");
  expect_oauth2_error(form_post("/auth/oauth2/token", "scope=all", {{"Authorization", kBasic}}), "invalid_request",
                      "missing grant_type");
  expect_oauth2_error(form_post("/auth/oauth2/token", "grant_type=password&scope=all", {{"Authorization", kBasic}}),
                      "unsupported_grant_type", "grant_type must be client_credentials");
  expect_oauth2_error(
      form_post("/auth/oauth2/token", "grant_type=client_credentials&scope=openid", {{"Authorization", kBasic}}),
      "invalid_scope", "scope must be all");
  expect_oauth2_error(pipeline.handle(make("POST", "/auth/oauth2/token", R"({"grant_type":"client_credentials"})",
                                           {{"Authorization", kBasic}, {"Content-Type", "application/json"}})),
                      "invalid_request", "the body must be application/x-www-form-urlencoded");
  EXPECT_EQ(state.oauth2.token_count(), 0u);
}

TEST_F(Pages, BearerCallsAreAcceptedWhileTheTokenLives) {
  const std::string token = fetch_token();
  auto details = bearer(token, "GET", "/1.0/auth/details");
  ASSERT_EQ(details.status, 200) << details.body;
  EXPECT_EQ(body(details), nlohmann::json::parse(R"({
    "account": "dj12345-ovh",
    "allowedRoutes": null,
    "description": "Service account used by the CI pipeline",
    "identities": ["urn:v1:eu:identity:credential:dj12345-ovh/oauth2-EU.3f9a7c21d4e85b60"],
    "method": "oauth2_client_credentials",
    "roles": null,
    "user": null})"));
  EXPECT_EQ(bearer(token, "GET", "/v1/auth/details").status, 200);
  state.clock.step(3598);
  EXPECT_EQ(bearer(token, "GET", "/1.0/auth/details").status, 200);
  state.clock.step(1);  // 3599 s after issue
  auto expired = bearer(token, "GET", "/1.0/auth/details");
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(body(expired).at("message"), "You must login first");
  EXPECT_EQ(body(expired).at("class"), "Client::Unauthorized");
}

TEST_F(Pages, BadBearerTokensAreRejected) {
  for (const char* auth : {"Bearer nope", "Bearer ", "Bearer", "Token abc", "bearer x"}) {
    SCOPED_TRACE(auth);
    auto resp = pipeline.handle(make("GET", "/1.0/auth/details", "", {{"Authorization", auth}}));
    EXPECT_EQ(resp.status, 401);
    EXPECT_EQ(body(resp).at("message"), "You must login first");
  }
  // The scheme is case-insensitive.
  const std::string token = fetch_token();
  EXPECT_EQ(pipeline.handle(make("GET", "/1.0/auth/details", "", {{"Authorization", "bearer " + token}})).status, 200);
  // A client removed from the data set takes its tokens with it.
  state.oauth2.load({});
  EXPECT_EQ(bearer(token, "GET", "/1.0/auth/details").status, 401);
}

TEST_F(Pages, SignatureHeadersWinOverABearerToken) {
  const std::string token = fetch_token();
  auto r = test::signed_request(test::default_keys(), "GET", "/1.0/auth/details", "", kNow);
  r.headers.push_back({"Authorization", "Bearer " + token});
  auto resp = pipeline.handle(r);
  ASSERT_EQ(resp.status, 200);
  EXPECT_EQ(body(resp).at("method"), "account");
}

TEST_F(Pages, LogoutRevokesTheBearerTokenAndCurrentCredentialNeedsAConsumerKey) {
  const std::string token = fetch_token();
  auto current = bearer(token, "GET", "/1.0/auth/currentCredential");
  EXPECT_EQ(current.status, 403);
  EXPECT_EQ(body(current).at("errorCode"), "NOT_CREDENTIAL");
  EXPECT_EQ(bearer(token, "POST", "/1.0/auth/logout").status, 204);
  EXPECT_EQ(bearer(token, "GET", "/1.0/auth/details").status, 401);
}

TEST_F(Pages, ExpiredTokensAreForgottenWhenNewOnesAreIssued) {
  fetch_token();
  fetch_token();
  EXPECT_EQ(state.oauth2.token_count(), 2u);
  state.clock.step(kAccessTokenLifetime);
  fetch_token();
  EXPECT_EQ(state.oauth2.token_count(), 1u);
}

TEST(OAuth2Parsing, BasicAndBearerHeaders) {
  auto basic = parse_basic_authorization("Basic dXNlciUzQTE6cCUyQnc=");  // "user%3A1:p%2Bw"
  ASSERT_TRUE(basic);
  EXPECT_EQ(basic->first, "user:1");
  EXPECT_EQ(basic->second, "p+w");
  EXPECT_FALSE(parse_basic_authorization("Basic dXNlcg=="));  // no colon
  EXPECT_FALSE(parse_basic_authorization("Bearer abc"));
  EXPECT_FALSE(parse_basic_authorization("Basic"));
  EXPECT_EQ(bearer_token("Bearer abc").value_or(""), "abc");
  EXPECT_EQ(bearer_token("BEARER  abc ").value_or(""), "abc");
  EXPECT_FALSE(bearer_token("Bearer  "));
  EXPECT_FALSE(bearer_token("Basic abc"));
}

TEST(AuthFixtures, LoginsAndClientsAreOptionalAndValidated) {
  const auto dir = std::filesystem::temp_directory_path() / ("ovhmock-authfx-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  EXPECT_TRUE(fixtures::load_logins(dir / "logins.json").empty());
  EXPECT_TRUE(fixtures::load_oauth2_clients(dir / "oauth2_clients.json").empty());
  auto expect_failure = [&](const std::string& file, const std::string& text, const std::string& field) {
    std::ofstream(dir / file) << text;
    try {
      file == "logins.json" ? (void)fixtures::load_logins(dir / file) : (void)fixtures::load_oauth2_clients(dir / file);
      ADD_FAILURE() << "accepted " << text;
    } catch (const FixtureError& e) {
      EXPECT_EQ(e.field(), field) << e.what();
    }
  };
  expect_failure("logins.json", R"([{"nichandle":"a","email":"nope","password":"p"}])", "email");
  expect_failure("logins.json", R"([{"nichandle":"a","email":"a@b","password":""}])", "password");
  expect_failure("logins.json", R"([{"nichandle":"a","email":"a@b","password":"p","pin":1}])", "pin");
  expect_failure("logins.json",
                 R"([{"nichandle":"a","email":"a@b","password":"p"},{"nichandle":"A","email":"c@d","password":"p"}])",
                 "nichandle");
  expect_failure("oauth2_clients.json", R"([{"clientId":"x","clientSecret":"","name":"n","description":"d"}])",
                 "clientSecret");
  expect_failure("oauth2_clients.json", R"([{"clientId":"x:y","clientSecret":"s","name":"n","description":"d"}])",
                 "clientId");
  expect_failure("oauth2_clients.json", R"([{"clientId":"x","clientSecret":"s","name":"n"}])", "description");
  expect_failure("oauth2_clients.json", R"([{"clientId":"x","clientSecret":"a+b","name":"n","description":"d"}])",
                 "clientSecret");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ovhmock
