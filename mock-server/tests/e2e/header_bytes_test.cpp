// Header values reach the signature check and the journal exactly as sent (issue 18): a
// signed GET /1.0/me whose X-Ovh-* header spells one character as %XX is compared as bytes,
// so it fails the check the real API fails it on, and the journal shows the %XX spelling.
// Sent over a raw socket: no client library would send such a header.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "ovhmock/auth/signature.hpp"
#include "ovhmock/model/clock.hpp"
#include "support/raw_client.hpp"
#include "support/server_process.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

using nlohmann::json;

// "%XX" for the character at `at` (upper-case hex digits, as a percent-encoder writes them).
std::string percent_spell(const std::string& value, std::size_t at) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const auto c = static_cast<unsigned char>(value.at(at));
  return value.substr(0, at) + '%' + kHex[c >> 4] + kHex[c & 0xf] + value.substr(at + 1);
}

class HeaderBytes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = std::make_unique<test::ServerProcess>(std::vector<std::string>{"--log-format", "off"});
  }
  static void TearDownTestSuite() { server.reset(); }
  void SetUp() override { ASSERT_TRUE(admin().Post("/__admin/reset")); }

  static httplib::Client admin() { return httplib::Client("127.0.0.1", server->port()); }

  struct Signed {
    std::string ak, ck, ts, signature;
  };
  // The four authentication headers of a correct signed GET /1.0/me.
  static Signed sign_me() {
    const auto keys = test::default_keys();
    const std::string ts = std::to_string(Clock::real_now());
    return {keys.ak, keys.ck, ts,
            compute_signature({keys.as, keys.ck, "GET", "http://" + server->host() + "/1.0/me", "", ts})};
  }
  static test::RawResult send(const Signed& s) {
    const std::string request = "GET /1.0/me HTTP/1.1\r\nHost: " + server->host() + "\r\nX-Ovh-Application: " + s.ak +
                                "\r\nX-Ovh-Consumer: " + s.ck + "\r\nX-Ovh-Timestamp: " + s.ts +
                                "\r\nX-Ovh-Signature: " + s.signature + "\r\nConnection: close\r\n\r\n";
    return test::raw_exchange(server->port(), request);
  }
  static json last_journal_entry() {
    auto r = admin().Get("/__admin/requests?path=/1.0/me");
    if (!r || r->status != 200) return json();
    const json requests = json::parse(r->body).at("requests");
    return requests.empty() ? json() : requests.back();
  }
  static void expect_error(const test::RawResult& r, int status, const std::string& code) {
    ASSERT_TRUE(r.answered);
    EXPECT_EQ(r.response.status, status) << r.response.body;
    const json body = json::parse(r.response.body);
    EXPECT_EQ(body.value("errorCode", ""), code) << r.response.body;
  }

  static std::unique_ptr<test::ServerProcess> server;
};
std::unique_ptr<test::ServerProcess> HeaderBytes::server;

TEST_F(HeaderBytes, TheCorrectlySignedCallIsAccepted) {
  const auto r = send(sign_me());
  ASSERT_TRUE(r.answered);
  EXPECT_EQ(r.response.status, 200) << r.response.body;
}

TEST_F(HeaderBytes, SignatureWithOneHexDigitPercentEncodedIsAnInvalidSignature) {
  Signed s = sign_me();
  s.signature = percent_spell(s.signature, 3);  // "$1$" then the first hex digit as %XX
  expect_error(send(s), 400, "INVALID_SIGNATURE");
  const json entry = last_journal_entry();
  ASSERT_TRUE(entry.is_object());
  EXPECT_EQ(entry.at("status"), 400);
  // Masked as every signature is (its first 4 characters, then its length): "$1$%" and 45
  // characters, the bytes as sent; decoded it would be 43 characters.
  EXPECT_EQ(entry.at("headers").at("X-Ovh-Signature"), mask_secret(s.signature));
  EXPECT_EQ(entry.at("headers").at("X-Ovh-Signature").get<std::string>().substr(0, 4), "$1$%");
  EXPECT_EQ(entry.at("auth").value("errorCode", ""), "INVALID_SIGNATURE");
}

TEST_F(HeaderBytes, PercentControlCharacterIsAnInvalidSignatureNotAHeaderError) {
  // "%02" decoded would be a control character; as sent it is three printable bytes.
  Signed s = sign_me();
  s.signature = "$1%02" + s.signature.substr(3);
  expect_error(send(s), 400, "INVALID_SIGNATURE");
}

TEST_F(HeaderBytes, ConsumerKeyPercentEncodedIsAnUnknownCredential) {
  Signed s = sign_me();
  s.ck = percent_spell(s.ck, 0);
  expect_error(send(s), 403, "NOT_CREDENTIAL");
  const json entry = last_journal_entry();
  ASSERT_TRUE(entry.is_object());
  EXPECT_EQ(entry.at("headers").at("X-Ovh-Consumer"), mask_secret(s.ck));
  EXPECT_EQ(entry.at("auth").at("consumerKey"), mask_secret(s.ck));
}

TEST_F(HeaderBytes, ApplicationKeyPercentEncodedIsAnInvalidKey) {
  Signed s = sign_me();
  s.ak = percent_spell(s.ak, 2);
  expect_error(send(s), 403, "INVALID_KEY");
  const json entry = last_journal_entry();
  ASSERT_TRUE(entry.is_object());
  EXPECT_EQ(entry.at("headers").at("X-Ovh-Application"), s.ak);  // not a secret: shown whole
  EXPECT_EQ(entry.at("auth").at("applicationKey"), s.ak);
}

TEST_F(HeaderBytes, TimestampPercentEncodedIsOutOfTime) {
  Signed s = sign_me();
  s.ts = percent_spell(s.ts, 0);
  expect_error(send(s), 400, "QUERY_TIME_OUT");
  const json entry = last_journal_entry();
  ASSERT_TRUE(entry.is_object());
  EXPECT_EQ(entry.at("headers").at("X-Ovh-Timestamp"), s.ts);
}

TEST_F(HeaderBytes, ListenerRefusalsAreJournaledWithTheCommonHeaders) {
  // A GET with a body is refused by the listener itself: the answer carries the headers every
  // answer carries, and the journal has the request.
  const std::string request = "GET /1.0/me HTTP/1.1\r\nHost: " + server->host() +
                              "\r\nX-Ovh-Signature: $1$%31\r\nContent-Length: 5\r\n\r\nhello";
  const auto r = test::raw_exchange(server->port(), request);
  ASSERT_TRUE(r.answered);
  EXPECT_EQ(r.response.status, 400);
  EXPECT_EQ(json::parse(r.response.body).at("message"), "A GET request cannot carry a body");
  EXPECT_FALSE(r.response.header("x-ovh-queryid").empty());
  EXPECT_EQ(r.response.header("cache-control"), "no-cache");
  EXPECT_EQ(r.response.header("connection"), "close");
  const json entry = last_journal_entry();
  ASSERT_TRUE(entry.is_object());
  EXPECT_EQ(entry.at("status"), 400);
  EXPECT_EQ(entry.at("queryId"), r.response.header("x-ovh-queryid"));
  EXPECT_EQ(entry.at("headers").at("X-Ovh-Signature"), mask_secret("$1$%31"));
}

}  // namespace
}  // namespace ovhmock
