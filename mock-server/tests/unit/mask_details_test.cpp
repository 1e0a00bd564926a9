// The details of the masks users read in the journal (docs/control-plane.md, "Secrets are
// masked"): first four characters and the length, only the length for short values, and the
// consumer key a signed call used, and its credential, named in the entry's auth section.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ovhmock/auth/signature.hpp"
#include "ovhmock/observe/journal.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "ovhmock/store/faults.hpp"
#include "support/reference_signer.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

TEST(MaskDetails, FirstFourCharactersAndTheLengthShortValuesOnlyTheLength) {
  EXPECT_EQ(mask_secret(""), "");
  EXPECT_EQ(mask_secret("a"), "…(1)");
  EXPECT_EQ(mask_secret("abcd"), "…(4)");
  EXPECT_EQ(mask_secret("abcdefgh"), "…(8)");  // 8 characters: nothing of them shown
  EXPECT_EQ(mask_secret("abcdefghi"), "abcd…(9)");
  EXPECT_EQ(mask_secret("a3f9c2d4e5f60718293a4b5c6d7e8f90"), "a3f9…(32)");
}

// Only values are masked: a parameter without a value (nothing secret in it) stays as sent,
// whatever its name, in the query and in a form body.
TEST(MaskDetails, AParameterWithoutAValueIsKeptAsSent) {
  EXPECT_EQ(mask_target("/1.0/me?token&password=hunter22x&a=1"), "/1.0/me?token&password=hunt…(9)&a=1");
  EXPECT_EQ(mask_body("password&secret=&a=1", "application/x-www-form-urlencoded"), "password&secret=&a=1");
}

// The journal entry of one call through the server as the binary builds it (its observers
// fill the journal): the default fixtures, the clock frozen at kNow.
class JournalEntryFields : public ::testing::Test {
 protected:
  static constexpr std::int64_t kNow = 1767607012;
  void SetUp() override { state.clock.freeze(kNow); }

  // GET /1.0/me with the default keys, signed with the application secret `as` (none: no
  // X-Ovh-Signature header).
  Response get_me(const std::optional<std::string>& as) {
    std::vector<Header> headers = {
        {"X-Ovh-Application", keys.ak}, {"X-Ovh-Consumer", keys.ck}, {"X-Ovh-Timestamp", std::to_string(kNow)}};
    if (as)
      headers.push_back(
          {"X-Ovh-Signature",
           test::reference_signature(*as, keys.ck, "GET", "http://127.0.0.1:8080/1.0/me", "", std::to_string(kNow))});
    return pipeline.handle(test::make_request("GET", "/1.0/me", "", std::move(headers)));
  }
  // The only entry of the journal, as the control plane shows it.
  nlohmann::json only_entry() {
    const auto entries = state.journal.list({});
    EXPECT_EQ(entries.size(), 1u);
    return entries.empty() ? nlohmann::json() : entries.front().to_json();
  }

  const test::Keys keys = test::default_keys();
  Server server{test::server_config()};
  State& state = server.state();
  Pipeline& pipeline = server.pipeline();
};

TEST_F(JournalEntryFields, TheJournalNamesTheMaskedConsumerKeyOfASignedCall) {
  ASSERT_EQ(get_me(keys.as).status, 200);
  const nlohmann::json j = only_entry();
  ASSERT_TRUE(j.contains("auth")) << j.dump();
  ASSERT_GT(keys.ck.size(), 8u);
  EXPECT_EQ(j["auth"].value("consumerKey", ""), keys.ck.substr(0, 4) + "…(" + std::to_string(keys.ck.size()) + ")")
      << j.dump();
  EXPECT_EQ(j.dump().find(keys.ck), std::string::npos);
  // and which credential it is (fixture key a3f9…: credential 512039847)
  EXPECT_EQ(j["auth"].value("credentialId", std::int64_t{0}), 512039847) << j.dump();
}

// The journal says why a call was refused: a signed call without its signature header.
TEST_F(JournalEntryFields, ACallWithoutASignatureSaysSo) {
  const Response res = get_me(std::nullopt);
  EXPECT_EQ(res.status, 400) << res.body;
  const nlohmann::json j = only_entry();
  EXPECT_EQ(j["auth"].value("reason", ""), "no X-Ovh-Signature header") << j.dump();
  EXPECT_FALSE(j["auth"].value("accepted", true)) << j.dump();
}

// The journal entry of a request says which scheme it came over and which fault, if any,
// was injected into it (docs/control-plane.md, the journal).
TEST_F(JournalEntryFields, SchemeAndInjectedFault) {
  state.faults.add(Fault::from_json({{"kind", "error"}, {"status", 503}, {"path", "/1.0/auth/time"}}));
  Request r;
  r.method = "GET";
  r.target = "/1.0/auth/time";
  r.peer_address = "127.0.0.1";
  r.scheme = "https";
  EXPECT_EQ(pipeline.handle(r).status, 503);
  const nlohmann::json j = only_entry();
  EXPECT_EQ(j.value("scheme", ""), "https") << j.dump();
  ASSERT_TRUE(j.contains("fault")) << j.dump();
  EXPECT_FALSE(j["fault"].is_null()) << j.dump();
}

// A call signed with another application's secret: the journal's signature hint gives the
// variant's class and, apart, what the variant is.
TEST_F(JournalEntryFields, TheSignatureHintGivesTheClassAndTheVariant) {
  const std::string other_as = "Yt6uI3oP9aS2dF5gH8jK1lZ4xC7vB0nM";  // application 301122
  const Response res = get_me(other_as);
  EXPECT_EQ(res.status, 400) << res.body;
  const nlohmann::json j = only_entry();
  ASSERT_TRUE(j["auth"].contains("signatureHint")) << j.dump();
  const auto& hint = j["auth"]["signatureHint"];
  EXPECT_EQ(hint.value("variantClass", ""), "wrong-secret") << j.dump();
  EXPECT_NE(hint.value("variant", ""), "wrong-secret") << j.dump();
  EXPECT_NE(hint.value("variant", "").find("301122"), std::string::npos) << j.dump();
}

// The signature comparison reads the two values and nothing beyond them: views into longer
// buffers (a header inside a request) compare by their own bytes only.
TEST(SignatureCompare, ReadsNothingBeyondTheTwoValues) {
  const std::string_view a = std::string_view("$1$0a1bX").substr(0, 7);
  const std::string_view b = std::string_view("$1$0a1bY").substr(0, 7);
  EXPECT_TRUE(constant_time_equal(a, b));
  EXPECT_FALSE(constant_time_equal(a, std::string_view("$1$0a1cX").substr(0, 7)));
  EXPECT_TRUE(constant_time_equal(std::string_view("X").substr(0, 0), std::string_view("Y").substr(0, 0)));
}

}  // namespace
}  // namespace ovhmock
