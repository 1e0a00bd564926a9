// The explainer's byte-level variants (auth/explain_encodings.cpp), through the pipeline:
// a body signed in one character encoding and sent in another, a body re-serialised
// between signing and sending, a signature header spelt otherwise, a timestamp signed but
// another sent.
#include "auth/explain_encodings.hpp"

#include <gtest/gtest.h>

#include "ovhmock/auth/signature.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

constexpr std::int64_t kNow = 1767607012;
const std::string kUrl = "http://127.0.0.1:8080/1.0/auth/logout";

class ExplainEncodings : public ::testing::Test {
 protected:
  void SetUp() override {
    state.clock.freeze(kNow);
    pipeline.add_observer([this](const Exchange& x) { seen = x.verdict.signature_hint; });
  }
  // POST /1.0/auth/logout sending `sent_body`, signed over `signed_body` and `signed_ts`;
  // `signature` (when given) replaces the header's value.
  SignatureHint hint(const std::string& signed_body, const std::string& sent_body, std::int64_t signed_ts = kNow,
                     std::optional<std::string> signature = std::nullopt) {
    const auto k = test::default_keys();
    const std::string sig =
        signature.value_or(compute_signature({k.as, k.ck, "POST", kUrl, signed_body, std::to_string(signed_ts)}));
    Request r = test::make_request("POST", "/1.0/auth/logout", sent_body,
                                   {{"X-Ovh-Application", k.ak},
                                    {"X-Ovh-Consumer", k.ck},
                                    {"X-Ovh-Timestamp", std::to_string(kNow)},
                                    {"X-Ovh-Signature", sig},
                                    {"Content-Type", "application/json"}});
    seen.reset();
    const auto response = pipeline.handle(r);
    EXPECT_EQ(response.status, 400) << response.body;
    EXPECT_TRUE(seen.has_value());
    return seen.value_or(SignatureHint{});
  }
  static bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

  Server server{test::server_config()};
  State& state = server.state();
  ServerConfig& config = server.config();
  Pipeline& pipeline = server.pipeline();
  std::optional<SignatureHint> seen;
};

TEST_F(ExplainEncodings, BodySignedUtf8SentLatin1) {
  const auto h = hint("{\"name\":\"caf\xc3\xa9\"}", "{\"name\":\"caf\xe9\"}");
  EXPECT_EQ(h.variant_class, "encoding");
  EXPECT_TRUE(has(h.variant, "signed as UTF-8, sent as Latin-1")) << h.variant;
}

TEST_F(ExplainEncodings, BodySignedLatin1SentUtf8) {
  // java-ovh hashes getBytes("iso-8859-1"): é becomes one byte, € becomes '?'.
  const auto h = hint("{\"name\":\"caf\xe9 ?\"}", "{\"name\":\"caf\xc3\xa9 \xe2\x82\xac\"}");
  EXPECT_EQ(h.variant_class, "encoding");
  EXPECT_TRUE(has(h.variant, "signed as Latin-1")) << h.variant;
}

TEST_F(ExplainEncodings, BodySignedWithSortedKeys) {
  const auto h = hint(R"({"a":2,"z":1})", R"({"z":1,"a":2})");
  EXPECT_EQ(h.variant_class, "body");
  EXPECT_TRUE(has(h.variant, "keys sorted")) << h.variant;
}

TEST_F(ExplainEncodings, BodySignedWithKeysInAnotherOrder) {
  const auto h = hint(R"({"b":2,"a":1})", R"({"a":1,"b":2})");
  EXPECT_EQ(h.variant_class, "body");
  EXPECT_TRUE(has(h.variant, "keys")) << h.variant;
  EXPECT_TRUE(has(h.hashed, R"({"b":2,"a":1})")) << h.hashed;
}

TEST_F(ExplainEncodings, BodySignedPrettyPrinted) {
  const auto h = hint("{\n  \"a\": 1\n}", R"({"a":1})");
  EXPECT_EQ(h.variant_class, "body");
  EXPECT_TRUE(has(h.variant, "pretty-printed")) << h.variant;
}

TEST_F(ExplainEncodings, BodySignedWithUppercaseUnicodeEscapes) {
  const auto h = hint(R"({"name":"caf\u00E9"})", R"({"name":"caf\u00e9"})");
  EXPECT_EQ(h.variant_class, "body");
  EXPECT_TRUE(has(h.variant, "uppercase hex")) << h.variant;
}

TEST_F(ExplainEncodings, SignatureHeaderPercentEncoded) {
  const auto k = test::default_keys();
  const std::string real = compute_signature({k.as, k.ck, "POST", kUrl, "", std::to_string(kNow)});
  static constexpr char hex[] = "0123456789ABCDEF";
  const auto c = static_cast<unsigned char>(real[5]);
  const std::string encoded = real.substr(0, 5) + "%" + hex[c >> 4] + hex[c & 0xf] + real.substr(6);
  const auto h = hint("", "", kNow, encoded);
  EXPECT_EQ(h.variant_class, "header-encoding");
  EXPECT_TRUE(has(h.variant, "percent-encoded")) << h.variant;
}

TEST_F(ExplainEncodings, SignatureHeaderInUppercaseOrQuoted) {
  const auto k = test::default_keys();
  const std::string real = compute_signature({k.as, k.ck, "POST", kUrl, "", std::to_string(kNow)});
  std::string upper = real;
  for (std::size_t i = 3; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  EXPECT_EQ(hint("", "", kNow, upper).variant_class, "header-encoding");
  const auto quoted = hint("", "", kNow, "\"" + real + "\"");
  EXPECT_EQ(quoted.variant_class, "header-encoding");
  EXPECT_TRUE(has(quoted.variant, "quotes")) << quoted.variant;
}

TEST_F(ExplainEncodings, TimestampSignedButAnotherSent) {
  const auto h = hint("", "", kNow - 120);
  EXPECT_EQ(h.variant_class, "timestamp");
  EXPECT_TRUE(has(h.variant, "signed timestamp " + std::to_string(kNow - 120))) << h.variant;
  EXPECT_TRUE(has(h.variant, "-120 s")) << h.variant;
  const auto ms = hint("", "", kNow * 1000 + 417);
  EXPECT_EQ(ms.variant_class, "timestamp");
  EXPECT_TRUE(has(ms.variant, "milliseconds")) << ms.variant;
}

TEST(ExplainEncodingsCore, Conversions) {
  EXPECT_EQ(explain_detail::latin1_to_utf8("caf\xe9"), "caf\xc3\xa9");
  EXPECT_EQ(explain_detail::latin1_to_utf8("plain"), std::nullopt);
  EXPECT_EQ(explain_detail::utf8_to_latin1("caf\xc3\xa9 \xe2\x82\xac"), "caf\xe9 ?");
  EXPECT_EQ(explain_detail::utf8_to_latin1("caf\xe9"), std::nullopt);  // not UTF-8
  EXPECT_TRUE(explain_detail::reserialised_bodies("not json").empty());
  for (const auto& [text, note] : explain_detail::reserialised_bodies(R"({"a":1})")) EXPECT_NE(text, R"({"a":1})");
}

}  // namespace
}  // namespace ovhmock
