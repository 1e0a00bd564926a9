// The signature-mismatch explainer, through the pipeline: for each variant class a
// request mis-signed that way, and the class and hashed string the explainer reports.
// The error body stays the real API's.
#include "ovhmock/auth/explain.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ovhmock/auth/signature.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

constexpr std::int64_t kNow = 1767607012;
const std::string kHost = "127.0.0.1:8080";

// What the client signed; the request sent is built separately.
struct Signed {
  std::string as = test::default_keys().as;
  std::string ck = test::default_keys().ck;
  std::string method = "GET";
  std::string url = "http://127.0.0.1:8080/1.0/auth/currentCredential";
  std::string body;
  std::string ts = std::to_string(kNow);
  bool swapped = false;

  std::string signature() const {
    return swapped ? compute_signature({ck, as, method, url, body, ts})
                   : compute_signature({as, ck, method, url, body, ts});
  }
};

class Explainer : public ::testing::Test {
 protected:
  void SetUp() override { state.clock.freeze(kNow); }

  // Sent: method, target, body over http to kHost, carrying the signature of `s`.
  Response send(const Signed& s, std::string method = "GET", std::string target = "/1.0/auth/currentCredential",
                std::string body = "", std::string scheme = "http") {
    Request r = test::make_request(std::move(method), std::move(target), std::move(body),
                                   {{"X-Ovh-Application", test::default_keys().ak},
                                    {"X-Ovh-Consumer", test::default_keys().ck},
                                    {"X-Ovh-Timestamp", std::to_string(kNow)},
                                    {"X-Ovh-Signature", s.signature()}});
    r.scheme = std::move(scheme);
    r.headers.front().value = kHost;  // the Host header
    if (!r.body.empty()) r.headers.push_back({"Content-Type", "application/json"});
    last = std::make_unique<Request>(r);
    return pipeline.handle(r);
  }

  // The hint of the last exchange, seen by an observer; asserts the real error body.
  SignatureHint hint_of(const Response& r) {
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(
        r.body,
        R"({"class":"Client::BadRequest","errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"Invalid signature"})");
    EXPECT_TRUE(r.header("X-Ovhmock-Signature-Hint").has_value());
    EXPECT_TRUE(seen.has_value());
    return seen.value_or(SignatureHint{});
  }

  Server server{test::server_config()};
  State& state = server.state();
  ServerConfig& config = server.config();
  Pipeline& pipeline = server.pipeline();
  std::optional<SignatureHint> seen;
  std::unique_ptr<Request> last;

 public:
  Explainer() {
    pipeline.add_observer([this](const Exchange& x) { seen = x.verdict.signature_hint; });
  }
};

TEST_F(Explainer, SchemeHttpsSignedSentOverHttp) {
  Signed s;
  s.url = "https://127.0.0.1:8080/1.0/auth/currentCredential";
  const auto h = hint_of(send(s));
  EXPECT_EQ(h.variant_class, "scheme");
  EXPECT_EQ(h.hashed, "<AS>+<CK:" + mask_secret(s.ck) + ">+GET+" + s.url + "++" + s.ts);
}

TEST_F(Explainer, PortLeftOut) {
  Signed s;
  s.url = "http://127.0.0.1/1.0/auth/currentCredential";
  EXPECT_EQ(hint_of(send(s)).variant_class, "port");
}

TEST_F(Explainer, NodeOvhFormIsSchemeAndPort) {
  Signed s;
  s.url = "https://127.0.0.1/1.0/auth/currentCredential";
  const auto h = hint_of(send(s));
  EXPECT_EQ(h.variant_class, "scheme+port");
  EXPECT_NE(h.variant.find("without its port :8080"), std::string::npos) << h.variant;
}

TEST_F(Explainer, HostLocalhostSignedLoopbackAddressSent) {
  Signed s;
  s.url = "http://localhost:8080/1.0/auth/currentCredential";  // sent with Host: 127.0.0.1:8080
  const auto h = hint_of(send(s));
  EXPECT_EQ(h.variant_class, "host");
  EXPECT_NE(h.variant.find("signed the host localhost, sent Host: 127.0.0.1:8080"), std::string::npos) << h.variant;
  EXPECT_EQ(h.hashed, "<AS>+<CK:" + mask_secret(s.ck) + ">+GET+" + s.url + "++" + s.ts);
}

TEST_F(Explainer, HostCombinesWithSchemeAndPort) {
  Signed s;
  s.url = "https://localhost/1.0/auth/currentCredential";
  EXPECT_EQ(hint_of(send(s)).variant_class, "host+scheme+port");
}

TEST_F(Explainer, HostOfTheRealApiNamesThePublicBaseFlag) {
  Signed s;
  s.url = "https://eu.api.ovh.com/1.0/auth/currentCredential";
  const auto h = hint_of(send(s));
  EXPECT_EQ(h.variant_class, "host");
  EXPECT_NE(h.variant.find("--public-base https://eu.api.ovh.com"), std::string::npos) << h.variant;
}

TEST(ExplainCore, HostLoopbackAddressSignedLocalhostSent) {
  const auto keys = test::default_keys();
  const std::string signed_url = "http://[::1]:9000/1.0/me";
  const std::string sig = compute_signature({keys.as, keys.ck, "GET", signed_url, "", "1767607012"});
  const auto h = explain_signature_mismatch(
      {"GET", {{"strict", "http://localhost:9000/1.0/me"}}, "", keys.ak, keys.as, keys.ck, "1767607012", sig, {}});
  EXPECT_EQ(h.variant_class, "host");
  EXPECT_NE(h.variant.find("signed the host [::1], sent Host: localhost:9000"), std::string::npos) << h.variant;
}

TEST_F(Explainer, VersionPrefix) {
  Signed s;
  s.url = "http://127.0.0.1:8080/v1/auth/currentCredential";
  const auto h = hint_of(send(s));
  EXPECT_EQ(h.variant_class, "version-prefix");
  EXPECT_NE(h.hashed.find("/v1/auth/currentCredential"), std::string::npos);
}

TEST(ExplainCore, PathSignedDecoded) {
  // php-ovh #97: an IP block travels as %2F; a client that signs the decoded path fails.
  const auto keys = test::default_keys();
  const std::string sent = "http://127.0.0.1:8080/1.0/ip/1.2.3.0%2F28/reverse";
  const std::string signed_url = "http://127.0.0.1:8080/1.0/ip/1.2.3.0/28/reverse";
  const std::string sig = compute_signature({keys.as, keys.ck, "GET", signed_url, "", "1767607012"});
  const auto h =
      explain_signature_mismatch({"GET", {{"strict", sent}}, "", keys.ak, keys.as, keys.ck, "1767607012", sig, {}});
  EXPECT_EQ(h.variant_class, "path-encoding");
  EXPECT_NE(h.hashed.find(signed_url), std::string::npos) << h.hashed;
}

TEST_F(Explainer, QueryPlusSignedPercent20Sent) {
  Signed s;
  s.url = "http://127.0.0.1:8080/1.0/auth/currentCredential?q=a+b";
  const auto h = hint_of(send(s, "GET", "/1.0/auth/currentCredential?q=a%20b"));
  EXPECT_EQ(h.variant_class, "query-encoding");
  EXPECT_NE(h.variant.find("+ for spaces"), std::string::npos) << h.variant;
}

TEST_F(Explainer, QueryPercent20SignedPlusSent) {
  Signed s;
  s.url = "http://127.0.0.1:8080/1.0/auth/currentCredential?q=a%20b";
  const auto h = hint_of(send(s, "GET", "/1.0/auth/currentCredential?q=a+b"));
  EXPECT_EQ(h.variant_class, "query-encoding");
  EXPECT_NE(h.variant.find("%20 for spaces"), std::string::npos) << h.variant;
}

TEST_F(Explainer, QueryEscapeCase) {
  Signed s;
  s.url = "http://127.0.0.1:8080/1.0/auth/currentCredential?f=value%3a%26%c3%a9";
  const auto h = hint_of(send(s, "GET", "/1.0/auth/currentCredential?f=value%3A%26%C3%A9"));
  EXPECT_EQ(h.variant_class, "query-encoding");
  EXPECT_NE(h.variant.find("lowercase"), std::string::npos) << h.variant;
}

TEST_F(Explainer, QueryUnencoded) {
  Signed s;
  s.url = "http://127.0.0.1:8080/1.0/auth/currentCredential?name=a b/c";
  const auto h = hint_of(send(s, "GET", "/1.0/auth/currentCredential?name=a%20b%2Fc"));
  EXPECT_EQ(h.variant_class, "query-encoding");
  EXPECT_NE(h.variant.find("unencoded"), std::string::npos) << h.variant;
}

TEST_F(Explainer, BodyEscapedSignedRawSent) {
  Signed s;
  s.method = "POST";
  s.url = "http://127.0.0.1:8080/1.0/auth/logout";
  s.body = R"({"name":"caf\u00e9"})";
  const auto h = hint_of(send(s, "POST", "/1.0/auth/logout", "{\"name\":\"caf\xc3\xa9\"}"));
  EXPECT_EQ(h.variant_class, "body");
  EXPECT_NE(h.variant.find("non-ASCII escaped"), std::string::npos) << h.variant;
  EXPECT_NE(h.hashed.find(s.body), std::string::npos) << h.hashed;
}

TEST_F(Explainer, BodyRawSignedEscapedSent) {
  Signed s;
  s.method = "POST";
  s.url = "http://127.0.0.1:8080/1.0/auth/logout";
  s.body = "{\"name\":\"caf\xc3\xa9\"}";
  const auto h = hint_of(send(s, "POST", "/1.0/auth/logout", R"({"name":"caf\u00e9"})"));
  EXPECT_EQ(h.variant_class, "body");
  EXPECT_NE(h.variant.find("raw UTF-8"), std::string::npos) << h.variant;
}

TEST_F(Explainer, BodyWithSpacesAfterSeparators) {
  Signed s;
  s.method = "POST";
  s.url = "http://127.0.0.1:8080/1.0/auth/logout";
  s.body = R"({"a": 1, "b": [1, 2]})";
  const auto h = hint_of(send(s, "POST", "/1.0/auth/logout", R"({"a":1,"b":[1,2]})"));
  EXPECT_EQ(h.variant_class, "body");
  EXPECT_NE(h.variant.find("spaces after separators"), std::string::npos) << h.variant;
}

TEST_F(Explainer, BodyKeyOrderIsKept) {
  // Re-serialising must not sort keys: "z" before "a" as sent.
  Signed s;
  s.method = "POST";
  s.url = "http://127.0.0.1:8080/1.0/auth/logout";
  s.body = R"({"z": 1, "a": 2})";
  EXPECT_EQ(hint_of(send(s, "POST", "/1.0/auth/logout", R"({"z":1,"a":2})")).variant_class, "body");
}

TEST_F(Explainer, BodyEscapedSlash) {
  Signed s;
  s.method = "POST";
  s.url = "http://127.0.0.1:8080/1.0/auth/logout";
  s.body = R"({"path":"\/me"})";
  const auto h = hint_of(send(s, "POST", "/1.0/auth/logout", R"({"path":"/me"})"));
  EXPECT_EQ(h.variant_class, "body");
  EXPECT_NE(h.variant.find("\\/"), std::string::npos) << h.variant;
}

TEST_F(Explainer, BodyWithGoHtmlEscapes) {
  Signed s;
  s.method = "POST";
  s.url = "http://127.0.0.1:8080/1.0/auth/logout";
  s.body = R"({"a":"\u003cb\u003e \u0026"})";
  const auto h = hint_of(send(s, "POST", "/1.0/auth/logout", R"({"a":"<b> &"})"));
  EXPECT_EQ(h.variant_class, "body");
  EXPECT_NE(h.variant.find("\\u003c"), std::string::npos) << h.variant;
}

TEST_F(Explainer, BodySignedEmpty) {
  Signed s;
  s.method = "POST";
  s.url = "http://127.0.0.1:8080/1.0/auth/logout";
  const auto h = hint_of(send(s, "POST", "/1.0/auth/logout", R"({"a":1})"));
  EXPECT_EQ(h.variant_class, "body");
  EXPECT_NE(h.variant.find("empty body"), std::string::npos) << h.variant;
}

TEST_F(Explainer, TimestampOffByOne) {
  for (int d : {-1, 1}) {
    Signed s;
    s.ts = std::to_string(kNow + d);
    const auto h = hint_of(send(s));
    EXPECT_EQ(h.variant_class, "timestamp");
    EXPECT_NE(h.variant.find("signed timestamp " + s.ts), std::string::npos) << h.variant;
  }
}

TEST_F(Explainer, MethodCase) {
  Signed s;
  s.method = "get";
  const auto h = hint_of(send(s));
  EXPECT_EQ(h.variant_class, "method-case");
  EXPECT_NE(h.hashed.find("+get+"), std::string::npos) << h.hashed;
}

TEST_F(Explainer, KeysSwapped) {
  Signed s;
  s.swapped = true;
  const auto h = hint_of(send(s));
  EXPECT_EQ(h.variant_class, "keys-swapped");
  EXPECT_EQ(h.hashed.rfind("<CK:", 0), 0u) << h.hashed;
}

TEST_F(Explainer, WrongSecretNamesTheOtherApplication) {
  Signed s;
  s.as = "Yt6uI3oP9aS2dF5gH8jK1lZ4xC7vB0nM";  // billing-export's secret
  const auto h = hint_of(send(s));
  EXPECT_EQ(h.variant_class, "wrong-secret");
  EXPECT_NE(h.variant.find("Qm4xT9pLw2ZrV8cN"), std::string::npos) << h.variant;
  EXPECT_EQ(h.hashed.rfind("<AS of Qm4xT9pLw2ZrV8cN>+", 0), 0u) << h.hashed;
}

TEST_F(Explainer, NothingMatchesReportsTheExpectedString) {
  Signed s;
  s.as = "not-a-secret-of-any-application";
  const auto h = hint_of(send(s));
  EXPECT_EQ(h.variant_class, "none");
  EXPECT_EQ(h.hashed, "<AS>+<CK:" + mask_secret(s.ck) + ">+GET+http://127.0.0.1:8080/1.0/auth/currentCredential++" +
                          std::to_string(kNow));
  const std::string prefix =
      "none: no known variant matches: check the application secret, the consumer key and the "
      "exact bytes sent; expected: <AS>+";
  EXPECT_EQ(h.header_line().rfind(prefix, 0), 0u) << h.header_line();
}

TEST_F(Explainer, NoSecretInTheHintOrHeader) {
  for (const std::string& as : {test::default_keys().as, std::string("Yt6uI3oP9aS2dF5gH8jK1lZ4xC7vB0nM")}) {
    Signed s;
    s.as = as;
    s.url = "https://127.0.0.1/1.0/auth/currentCredential";
    const auto r = send(s);
    const std::string header(r.header("X-Ovhmock-Signature-Hint").value_or(""));
    for (const std::string& secret :
         {test::default_keys().as, std::string("Yt6uI3oP9aS2dF5gH8jK1lZ4xC7vB0nM"), test::default_keys().ck}) {
      EXPECT_EQ(header.find(secret), std::string::npos) << header;
      EXPECT_EQ(seen->hashed.find(secret), std::string::npos);
    }
  }
}

TEST_F(Explainer, HeaderCanBeTurnedOffTheJournalKeepsIt) {
  config.signature_hint_header = false;
  Signed s;
  s.url = "https://127.0.0.1:8080/1.0/auth/currentCredential";
  const auto r = send(s);
  EXPECT_FALSE(r.header("X-Ovhmock-Signature-Hint").has_value());
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->variant_class, "scheme");
}

TEST_F(Explainer, OtherRejectionsCarryNoHint) {
  auto r = test::signed_request(test::default_keys(), "GET", "/1.0/auth/currentCredential", "", kNow - 10000, kHost);
  const auto resp = pipeline.handle(r);
  EXPECT_EQ(nlohmann::json::parse(resp.body).at("errorCode"), "QUERY_TIME_OUT");
  EXPECT_FALSE(seen.has_value());
  EXPECT_FALSE(resp.header("X-Ovhmock-Signature-Hint").has_value());
}

TEST_F(Explainer, LargeBodiesAreBoundedAndStillExplainTheUrl) {
  const std::string big = "{\"a\":\"" + std::string(900 * 1024, 'x') + "\"}";
  Signed s;
  s.method = "POST";
  s.url = "https://127.0.0.1:8080/1.0/auth/logout";
  s.body = big;
  EXPECT_EQ(hint_of(send(s, "POST", "/1.0/auth/logout", big)).variant_class, "scheme");
  s.as = "not-a-secret-of-any-application";
  const auto h = hint_of(send(s, "POST", "/1.0/auth/logout", big));
  EXPECT_EQ(h.variant_class, "none");
  EXPECT_NE(h.variant.find("search stopped"), std::string::npos) << h.variant;
}

TEST(SignatureHintLine, IsOnePrintableBoundedLine) {
  SignatureHint h{"body", "x", std::string(5000, 'a') + "\r\n\xc3\xa9"};
  const auto line = h.header_line();
  EXPECT_LE(line.size(), 1030u);
  for (char c : line) EXPECT_TRUE(c >= 0x20 && c < 0x7f);
  SignatureHint short_hint{"body", "x", "caf\xc3\xa9\n"};
  EXPECT_EQ(short_hint.header_line(), "body: x; hashed: caf\\xc3\\xa9\\x0a");
}

}  // namespace
}  // namespace ovhmock
