// A consumer key works only with the application it was issued to, whichever of the two
// applications was created first (docs/authentication.md: INVALID_CREDENTIAL). Signatures
// come from the reference signer, with the secret of the application the call names.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "ovhmock/store/credential_store.hpp"
#include "support/reference_signer.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

constexpr std::int64_t kNow = 1767607012;

struct App {
  std::string ak, as;
};

class KeyPairing : public ::testing::Test {
 protected:
  void SetUp() override {
    state.clock.freeze(kNow);
    // A validated, unrestricted key of the second application (its fixture key is expired).
    Credential c;
    c.application_id = 301122;
    c.state = CredentialState::validated;
    c.rules = {{"GET", "/*"}};
    c.creation = kNow - 100;
    second_ck = state.credentials.add_credential(c).consumer_key;
  }

  Response me(const App& app, const std::string& ck) {
    const std::string ts = std::to_string(kNow);
    return pipeline.handle(test::make_request(
        "GET", "/1.0/me", "",
        {{"X-Ovh-Application", app.ak},
         {"X-Ovh-Consumer", ck},
         {"X-Ovh-Timestamp", ts},
         {"X-Ovh-Signature", test::reference_signature(app.as, ck, "GET", "http://127.0.0.1:8080/1.0/me", "", ts)}}));
  }

  static std::string error_code(const Response& r) {
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    return j.is_object() ? j.value("errorCode", "") : "";
  }

  Server server{test::server_config()};
  State& state = server.state();
  ServerConfig& config = server.config();
  Pipeline& pipeline = server.pipeline();
  // Fixture applications 287451 (the default one, with its key) and 301122.
  const App first{test::default_keys().ak, test::default_keys().as};
  const App second{"Qm4xT9pLw2ZrV8cN", "Yt6uI3oP9aS2dF5gH8jK1lZ4xC7vB0nM"};
  const std::string first_ck = test::default_keys().ck;
  std::string second_ck;
};

TEST_F(KeyPairing, EachKeyWorksWithItsOwnApplication) {
  EXPECT_EQ(me(first, first_ck).status, 200);
  EXPECT_EQ(me(second, second_ck).status, 200);
}

TEST_F(KeyPairing, AKeyOfTheLaterApplicationIsRefusedToTheEarlierOne) {
  const Response r = me(first, second_ck);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(error_code(r), "INVALID_CREDENTIAL") << r.body;
}

TEST_F(KeyPairing, AKeyOfTheEarlierApplicationIsRefusedToTheLaterOne) {
  const Response r = me(second, first_ck);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(error_code(r), "INVALID_CREDENTIAL") << r.body;
}

}  // namespace
}  // namespace ovhmock
