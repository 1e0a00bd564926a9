// Every signature vector in fixtures/signatures: computed, and verified by the auth decision.
#include "ovhmock/auth/signature.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ovhmock/auth/decision.hpp"
#include "ovhmock/store/credential_store.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

std::vector<std::filesystem::path> vector_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(test::fixtures_dir() / "signatures"))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

class SignatureVector : public ::testing::TestWithParam<std::filesystem::path> {
 protected:
  nlohmann::json v = nlohmann::json::parse(test::read_file(GetParam()));
  std::string as = v.at("applicationSecret"), ck = v.at("consumerKey"), method = v.at("method"), url = v.at("url"),
              body = v.at("body"), ts = v.at("timestamp"), expected = v.at("signature");
};

TEST_P(SignatureVector, ComputesThePublishedSignature) {
  EXPECT_EQ(compute_signature({as, ck, method, url, body, ts}), expected) << v.at("name");
  EXPECT_EQ("$1$" + sha1_hex(signature_preimage({as, ck, method, url, body, ts})), expected);
}

TEST_P(SignatureVector, MatchesItsSignatureAndNoOther) {
  const SignatureInput in{as, ck, method, url, body, ts};
  EXPECT_TRUE(signature_matches(in, expected)) << v.at("name");
  std::string other = expected;
  other.back() = other.back() == '0' ? '1' : '0';
  EXPECT_FALSE(signature_matches(in, other));
  EXPECT_FALSE(signature_matches(in, expected + "0"));
  EXPECT_FALSE(signature_matches(in, expected.substr(3)));
}

TEST_P(SignatureVector, IsAcceptedByTheAuthDecisionAndRejectedWhenOneByteChanges) {
  CredentialStore store;
  CredentialData data;
  data.applications.push_back({1, v.at("applicationKey"), as, "vector", "", ApplicationStatus::active, false});
  Credential c;
  c.id = 1;
  c.consumer_key = ck;
  c.application_id = 1;
  c.state = CredentialState::validated;
  c.rules = {{"GET", "/*"}};
  data.credentials.push_back(c);
  store.load(data);
  const std::string ak = v.at("applicationKey");
  AuthInput in;
  in.method = method;
  in.url_forms = {{"strict", url}};
  in.body = body;
  in.peer_address = "127.0.0.1";
  in.application_key = ak;
  in.consumer_key = ck;
  in.timestamp = ts;
  in.signature = expected;
  const std::int64_t now = std::stoll(ts);
  auto verdict = authenticate_signature(in, store, now, AuthPolicy{});
  EXPECT_TRUE(verdict.accepted) << verdict.reason;

  std::string tampered = expected;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  in.signature = tampered;
  verdict = authenticate_signature(in, store, now, AuthPolicy{});
  ASSERT_FALSE(verdict.accepted);
  EXPECT_EQ(verdict.error->error_code, "INVALID_SIGNATURE");
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SignatureVector, ::testing::ValuesIn(vector_files()), [](const auto& info) {
  std::string name = info.param.stem().string();
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
});

TEST(Signature, AtLeastTheFortyOnePublishedVectorsAreShipped) {
  int published = 0;
  for (const auto& f : vector_files())
    if (nlohmann::json::parse(test::read_file(f)).value("published", false)) ++published;
  EXPECT_GE(published, 41);  // 11 shared python/go/php + 30 csharp Signatures.cs (+ 7 csharp full-URL)
}

TEST(Signature, LargeBodiesAreHashedLikeSmallOnes) {
  // Bodies over 1 KiB are hashed in place rather than copied: the signature is the same.
  for (const std::size_t size : {1023u, 1024u, 1025u, 70000u}) {
    const std::string body(size, 'x');
    const SignatureInput in{"AS", "CK", "POST", "https://eu.api.ovh.com/1.0/me", body, "1"};
    const std::string expected = "$1$" + sha1_hex(signature_preimage(in));
    EXPECT_EQ(compute_signature(in), expected) << size;
    EXPECT_TRUE(signature_matches(in, expected)) << size;
  }
}

TEST(Signature, ConstantTimeEqualComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equal("$1$abc", "$1$abc"));
  EXPECT_FALSE(constant_time_equal("$1$0123456789abcdef", "$1$0123456789abcdeF"));
  EXPECT_FALSE(constant_time_equal("$1$0123456789abcdef", "$0$0123456789abcdef"));
  EXPECT_FALSE(constant_time_equal("$1$abc", "$1$abd"));
  EXPECT_FALSE(constant_time_equal("$1$abc", "$1$abcd"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(Signature, MaskedPreimageHidesSecretAndConsumerKey) {
  const std::string masked = masked_preimage({"9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk", "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY",
                                              "GET", "https://eu.api.ovh.com/1.0/auth", "", "1457018875"});
  EXPECT_EQ(masked.find("9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk"), std::string::npos);
  EXPECT_EQ(masked.find("5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY"), std::string::npos);
  // The form the journal's hint and the explainer show (README, "What should my signature be?").
  EXPECT_EQ(masked, "<AS:9ufk…(32)>+<CK:5mBu…(32)>+GET+https://eu.api.ovh.com/1.0/auth++1457018875");
}

}  // namespace
}  // namespace ovhmock
