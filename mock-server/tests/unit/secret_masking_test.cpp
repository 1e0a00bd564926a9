// No secret the server receives is ever written out in clear: not in the journal, not in
// the access log (plain or JSON), not in the signature explainer's header. One request per
// kind of secret, through the pipeline with the server's own observers.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "ovhmock/auth/signature.hpp"
#include "ovhmock/observe/observers.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "support/reference_signer.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

constexpr std::int64_t kNow = 1767607012;

std::string base64(const std::string& in) {
  static constexpr char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) n |= static_cast<unsigned char>(in[i + 2]);
    out += digits[(n >> 18) & 63];
    out += digits[(n >> 12) & 63];
    out += i + 1 < in.size() ? digits[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? digits[n & 63] : '=';
  }
  return out;
}

class SecretMasking : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(log, nullptr);
    state.clock.freeze(kNow);
    pipeline.add_observer([this](const Exchange& x) { json_log += access_log_line(x, LogFormat::json) + "\n"; });
  }
  void TearDown() override {
    if (log) std::fclose(log);
  }

  std::string plain_log() const {
    std::fflush(log);
    std::string out;
    std::rewind(log);
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, log)) > 0) out.append(buf, n);
    return out;
  }
  std::string journal() const {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : state.journal.list({})) entries.push_back(e.to_json());
    return entries.dump();
  }

  Response send(Request r) {
    Response res = pipeline.handle(r);
    for (const auto& h : res.headers) answer_headers += h.name + ": " + h.value + "\n";
    return res;
  }

  // `secret` appears nowhere the server writes, though the request reached the journal.
  void expect_masked(const std::string& kind, const std::string& secret) {
    SCOPED_TRACE(kind);
    ASSERT_GE(secret.size(), 9u);
    EXPECT_EQ(journal().find(secret), std::string::npos) << journal();
    EXPECT_EQ(plain_log().find(secret), std::string::npos) << plain_log();
    EXPECT_EQ(json_log.find(secret), std::string::npos) << json_log;
    EXPECT_EQ(answer_headers.find(secret), std::string::npos) << answer_headers;
  }

  // The server with its access log in plain text on `log`.
  static Config with_plain_log(std::FILE* log) {
    Config c = test::server_config();
    c.log_format = LogFormat::plain;
    c.log = log;
    return c;
  }
  std::FILE* log = std::tmpfile();
  Server server{with_plain_log(log)};
  State& state = server.state();
  Pipeline& pipeline = server.pipeline();
  std::string json_log;
  std::string answer_headers;
};

TEST_F(SecretMasking, EveryKindOfSecretIsMaskedInTheJournalTheAccessLogAndTheExplainer) {
  const auto keys = test::default_keys();
  const std::string other_as = "Yt6uI3oP9aS2dF5gH8jK1lZ4xC7vB0nM";  // application 301122
  const std::string host_url = "http://127.0.0.1:8080";
  const std::string ts = std::to_string(kNow);
  auto signed_headers = [&](const std::string& as, const std::string& method, const std::string& target,
                            const std::string& body) {
    return std::vector<Header>{
        {"X-Ovh-Application", keys.ak},
        {"X-Ovh-Consumer", keys.ck},
        {"X-Ovh-Timestamp", ts},
        {"X-Ovh-Signature", test::reference_signature(as, keys.ck, method, host_url + target, body, ts)}};
  };

  // 1. A signed call: the consumer key and the signature.
  const auto good = signed_headers(keys.as, "GET", "/1.0/me", "");
  EXPECT_EQ(send(test::make_request("GET", "/1.0/me", "", good)).status, 200);

  // 2. A call signed with another application's secret: the explainer recomputes it with
  //    both secrets and says which one matched.
  const auto wrong = signed_headers(other_as, "GET", "/1.0/me", "");
  Response hinted = send(test::make_request("GET", "/1.0/me", "", wrong));
  EXPECT_EQ(hinted.status, 400);
  ASSERT_TRUE(hinted.header("X-Ovhmock-Signature-Hint").has_value());
  EXPECT_NE(hinted.header("X-Ovhmock-Signature-Hint")->find("wrong-secret"), std::string_view::npos);
  //    and with the secrets swapped (the explainer's keys-swapped variant).
  auto swapped = signed_headers(keys.as, "GET", "/1.0/me", "");
  swapped[3].value = test::reference_signature(keys.ck, keys.as, "GET", host_url + "/1.0/me", "", ts);
  EXPECT_EQ(send(test::make_request("GET", "/1.0/me", "", swapped)).status, 400);

  // 3. An OAuth2 bearer token, and the client secret sent as HTTP Basic and as a form field.
  const auto client = state.oauth2.clients().at(0);
  const AccessToken token = state.oauth2.issue(client.client_id, kNow);
  EXPECT_EQ(send(test::make_request("GET", "/1.0/me", "", {{"Authorization", "Bearer " + token.token}})).status, 200);
  const std::string basic = base64(client.client_id + ":" + client.client_secret);
  EXPECT_EQ(send(test::make_request(
                     "POST", "/auth/oauth2/token", "grant_type=client_credentials&scope=all",
                     {{"Authorization", "Basic " + basic}, {"Content-Type", "application/x-www-form-urlencoded"}}))
                .status,
            200);
  send(test::make_request(
      "POST", "/auth/oauth2/token",
      "grant_type=client_credentials&client_id=" + client.client_id + "&client_secret=" + client.client_secret,
      {{"Content-Type", "application/x-www-form-urlencoded"}}));

  // 4. A validation token in the query and in a form, and an account password in a form.
  const std::string credential_token = "Zq8pL3mN7vB2xC5kJ9hG4fD1sA6wE0rT";
  const std::string password = "correct-horse-battery-staple";
  send(test::make_request("GET", "/auth/?credentialToken=" + credential_token));
  send(test::make_request("POST", "/auth/",
                          "credentialToken=" + credential_token + "&account=xx1234-ovh&password=" + password,
                          {{"Content-Type", "application/x-www-form-urlencoded"}}));
  const std::string form_password = "Tr0ub4dor%263";  // encoded '&' inside the value
  send(test::make_request("POST", "/createToken/", "account=xx1234-ovh&password=" + form_password,
                          {{"Content-Type", "application/x-www-form-urlencoded"}}));

  // 5. Secret-named fields of a JSON body, nested; secret query parameters of any name.
  const std::string json_secret = "Mx7Lq2Vb9Nc4Zt8Kp3Rw6Yh1";
  const std::string body = nlohmann::json{
      {"nested", {{"applicationSecret", json_secret + "as"}}},
      {"list", {{{"consumerKey", json_secret + "ck"}}}},
      {"password", json_secret + "pw"},
      {"refresh_token",
       json_secret + "rt"}}.dump();
  send(test::make_request("POST", "/1.0/domain/zone/example.com/record", body,
                          signed_headers(keys.as, "POST", "/1.0/domain/zone/example.com/record", body)));
  send(test::make_request("GET", "/1.0/me?access_token=" + json_secret + "qt&clientSecret=" + json_secret + "qs"));

  // 6. Cookies and proxy credentials.
  send(test::make_request("GET", "/1.0/auth/time", "",
                          {{"Cookie", "session=" + json_secret + "ce"}, {"Proxy-Authorization", "Basic " + basic}}));

  ASSERT_GE(state.journal.size(), 12u);

  expect_masked("consumer key", keys.ck);
  expect_masked("signature", good[3].value.substr(3));
  expect_masked("wrong signature", wrong[3].value.substr(3));
  expect_masked("application secret", keys.as);
  expect_masked("another application's secret", other_as);
  expect_masked("bearer token", token.token);
  expect_masked("OAuth2 client secret", client.client_secret);
  expect_masked("HTTP Basic credentials", basic);
  expect_masked("validation token", credential_token);
  expect_masked("password", password);
  expect_masked("encoded password", "Tr0ub4dor&3");
  expect_masked("encoded password as sent", form_password);
  for (const char* suffix : {"as", "ck", "pw", "rt", "qt", "qs", "ce"})
    expect_masked(std::string("JSON field, query or cookie ") + suffix, json_secret + suffix);

  // Masked, not dropped: the journal still tells which key and which headers were sent.
  const std::string j = journal();
  EXPECT_NE(j.find(mask_secret(keys.ck)), std::string::npos);
  EXPECT_NE(j.find("Bearer " + mask_secret(token.token)), std::string::npos);
  EXPECT_NE(j.find("wrong-secret"), std::string::npos);
}

}  // namespace
}  // namespace ovhmock
