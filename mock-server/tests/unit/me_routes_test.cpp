// /me, /me/api/application and /me/api/credential through the Pipeline, on the default fixtures.
#include <gtest/gtest.h>

#include "support/api_test.hpp"

namespace ovhmock {
namespace {

using test::ApiTest;

// Keys, at every level, in alphabetical order as the real API writes them.
bool keys_sorted(const nlohmann::ordered_json& j) {
  if (j.is_object()) {
    std::string previous;
    bool first = true;
    for (const auto& [key, value] : j.items()) {
      if (!first && key < previous) return false;
      first = false;
      previous = key;
      if (!keys_sorted(value)) return false;
    }
  }
  if (j.is_array())
    for (const auto& item : j)
      if (!keys_sorted(item)) return false;
  return true;
}

class MeRoutes : public ApiTest {};

TEST_F(MeRoutes, GetMeServesTheAccountFixtureWithEveryFieldInAlphabeticalOrder) {
  const auto r = get("/1.0/me");
  const auto me = ok(r);
  EXPECT_EQ(me, nlohmann::json::parse(test::read_file(test::default_fixtures_dir() / "account.json")));
  EXPECT_EQ(me.size(), 33u);
  EXPECT_EQ(me.at("nichandle"), "dj12345-ovh");
  EXPECT_EQ(me.at("currency"), (nlohmann::json{{"code", "EUR"}, {"symbol", "€"}}));
  EXPECT_TRUE(keys_sorted(nlohmann::ordered_json::parse(r.body))) << r.body;
  EXPECT_EQ(ok(get("/v1/me")), me);
}

TEST_F(MeRoutes, PutMeChangesWritableFieldsAndTheNextReadSeesThem) {
  expect_void(put("/1.0/me", {{"firstname", "Janet"}, {"language", "en_GB"}, {"sex", "female"}, {"fax", nullptr}}));
  const auto me = ok(get("/1.0/me"));
  EXPECT_EQ(me.at("firstname"), "Janet");
  EXPECT_EQ(me.at("language"), "en_GB");
  EXPECT_EQ(me.at("sex"), "female");
  EXPECT_TRUE(me.at("fax").is_null());
  EXPECT_EQ(me.at("name"), "Doe");  // untouched
  state.reset();
  EXPECT_EQ(ok(get("/1.0/me")).at("firstname"), "Jane");
}

TEST_F(MeRoutes, PutMeRefusesReadOnlyUnknownMistypedAndOutOfEnumFields) {
  expect_error(put("/1.0/me", {{"email", "x@example.org"}, {"nichandle", "zz1-ovh"}, {"city", "Lille"}}), 400,
               "Try to alter read-only properties: email, nichandle");
  expect_error(put("/1.0/me", {{"city", "Lille"}, {"shoeSize", 42}}), 400,
               "Received not described parameters: (shoeSize) while calling update handler");
  expect_error(put("/1.0/me", {{"language", "xx_XX"}}), 400,
               "[language] Given data (xx_XX) does not belong to the LanguageEnum enumeration");
  expect_error(put("/1.0/me", {{"country", "ZZ"}}), 400,
               "[country] Given data (ZZ) does not belong to the CountryEnum enumeration");
  expect_error(put("/1.0/me", {{"city", 12}}), 400, "[city] Given data (12) is not valid for type string");
  expect_error(put("/1.0/me", {{"country", nullptr}}), 400,
               "[country] Given data (null) is not valid for type CountryEnum");
  expect_error(call("PUT", "/1.0/me", "{\"city\":"), 400, "Invalid JSON received");
  expect_error(call("PUT", "/1.0/me", "[]"), 400, "The body must be a JSON object");
  EXPECT_EQ(ok(get("/1.0/me")).at("city"), "Roubaix");  // nothing applied
}

TEST_F(MeRoutes, VoidAnswersAre200NullWithTheSwitch) {
  config.era_overrides.void_as_200_null = true;
  const auto r = put("/1.0/me", {{"city", "Lille"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "null");
  EXPECT_EQ(r.header("Content-Type").value_or(""), "application/json; charset=utf-8");
}

TEST_F(MeRoutes, ApplicationsListAndGet) {
  EXPECT_EQ(ok(get("/1.0/me/api/application")), nlohmann::json::parse("[287451, 301122, 301877, 302455, 303190]"));
  const auto app = ok(get("/1.0/me/api/application/287451"));
  EXPECT_EQ(app, nlohmann::json::parse(R"({"applicationId":287451,"applicationKey":"7kbG7Bk7S9Nt7ZSV",
      "description":"DNS automation for example.com","name":"dns-bot","status":"active"})"));
  EXPECT_FALSE(app.contains("applicationSecret"));
  EXPECT_EQ(ok(get("/1.0/me/api/application/301877")).at("status"), "blocked");
  expect_error(get("/1.0/me/api/application/999"), 404, "The requested object (id = 999) does not exist");
  expect_error(get("/1.0/me/api/application/abc"), 400, "[applicationId] Given data (abc) is not valid for type long");
}

TEST_F(MeRoutes, TrustedApplicationsWorkInactiveOnesDoNot) {
  EXPECT_EQ(ok(get("/1.0/me/api/application/303190")).at("status"), "trusted");
  EXPECT_EQ(ok(get("/1.0/me/api/application/302455")).at("status"), "inactive");
  const test::Keys trusted{"Tr5uS8tE2dA6pP4k", "Hj7kL2mN5bV8cX1zQ4wE6rT9yU3iO0pA", "d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6"};
  EXPECT_EQ(ok(call("GET", "/1.0/domain/example.com", "", trusted)).at("domain"), "example.com");
  const test::Keys inactive{"Iv7nT3kQ9wEr2YuP", "Zx4cV7bN1mQ8wE5rT2yU9iO6pA3sD0fG", "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d"};
  const auto r = call("GET", "/1.0/me", "", inactive);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(nlohmann::json::parse(r.body).at("errorCode"), "INVALID_CREDENTIAL");
}

TEST_F(MeRoutes, DeletingAnApplicationRevokesEveryCredentialOfIt) {
  // billing-export first: its credentials disappear from the listing.
  expect_void(del("/1.0/me/api/application/301122"));
  EXPECT_EQ(ok(get("/1.0/me/api/application")), nlohmann::json::parse("[287451, 301877, 302455, 303190]"));
  expect_error(get("/1.0/me/api/application/301122"), 404, "The requested object (id = 301122) does not exist");
  EXPECT_EQ(ok(get("/1.0/me/api/credential?applicationId=301122")), nlohmann::json::array());
  expect_error(del("/1.0/me/api/application/301122"), 404, "The requested object (id = 301122) does not exist");
  // Then the caller's own application: its key stops working at once.
  expect_void(del("/1.0/me/api/application/287451"));
  const auto r = get("/1.0/me");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(nlohmann::json::parse(r.body).at("errorCode"), "INVALID_CREDENTIAL");
  state.reset();
  EXPECT_EQ(ok(get("/1.0/me/api/application")).size(), 5u);
}

TEST_F(MeRoutes, CredentialListFiltersByApplicationAndStatus) {
  EXPECT_EQ(ok(get("/1.0/me/api/credential")),
            nlohmann::json::parse(
                "[498870021, 498870355, 498870400, 512039847, 512040113, 512040377, 512040420, 512040501, 512040600, "
                "512040655]"));
  EXPECT_EQ(ok(get("/1.0/me/api/credential?applicationId=301122")), nlohmann::json::parse("[498870021, 498870355]"));
  // 498870355 is validated but past its expiration: it reads expired, as on GET.
  EXPECT_EQ(ok(get("/1.0/me/api/credential?status=expired")), nlohmann::json::parse("[498870021, 498870355]"));
  EXPECT_EQ(ok(get("/1.0/me/api/credential?status=validated&applicationId=287451")),
            nlohmann::json::parse("[512039847, 512040377, 512040420]"));
  EXPECT_EQ(ok(get("/1.0/me/api/credential?status=pendingValidation")), nlohmann::json::parse("[512040113]"));
  EXPECT_EQ(ok(get("/1.0/me/api/credential?applicationId=1")), nlohmann::json::array());
  expect_error(get("/1.0/me/api/credential?status=approved"), 400,
               "[status] Given data (approved) does not belong to the CredentialStateEnum enumeration");
  expect_error(get("/1.0/me/api/credential?applicationId=dns-bot"), 400,
               "[applicationId] Given data (dns-bot) is not valid for type long");
}

TEST_F(MeRoutes, CredentialGetAndItsApplication) {
  const auto c = ok(get("/1.0/me/api/credential/512040113"));
  EXPECT_EQ(c.at("status"), "pendingValidation");
  EXPECT_EQ(c.at("allowedIPs"), nlohmann::json::parse(R"(["198.51.100.0/24"])"));
  EXPECT_EQ(c.at("creation"), "2026-01-05T10:02:11+01:00");
  EXPECT_FALSE(c.contains("consumerKey"));
  EXPECT_EQ(ok(get("/1.0/me/api/credential/498870355")).at("status"), "expired");
  EXPECT_EQ(ok(get("/1.0/me/api/credential/498870021/application")).at("applicationId"), 301122);
  expect_error(get("/1.0/me/api/credential/42"), 404, "The requested object (id = 42) does not exist");
  expect_error(get("/1.0/me/api/credential/42/application"), 404, "The requested object (id = 42) does not exist");
}

TEST_F(MeRoutes, CredentialPutChangesOnlyAllowedIps) {
  expect_void(put("/1.0/me/api/credential/512040377", {{"allowedIPs", {"198.51.100.0/24", "2001:db8::/32"}}}));
  EXPECT_EQ(ok(get("/1.0/me/api/credential/512040377")).at("allowedIPs"),
            nlohmann::json::parse(R"(["198.51.100.0/24","2001:db8::/32"])"));
  expect_void(put("/1.0/me/api/credential/512040377", {{"allowedIPs", nullptr}}));
  EXPECT_TRUE(ok(get("/1.0/me/api/credential/512040377")).at("allowedIPs").is_null());
  expect_error(put("/1.0/me/api/credential/512040377", {{"status", "validated"}}), 400,
               "Try to alter read-only properties: status");
  expect_error(put("/1.0/me/api/credential/512040377", {{"allowedIPs", {"nope"}}}), 400,
               "[allowedIPs[0]] Given data (nope) is not valid for type ipBlock");
  expect_error(put("/1.0/me/api/credential/512040377", {{"allowedIPs", "198.51.100.0/24"}}), 400,
               "[allowedIPs] Given data (198.51.100.0/24) is not valid for type ipBlock[]");
  expect_error(put("/1.0/me/api/credential/1", {{"allowedIPs", nullptr}}), 404,
               "The requested object (id = 1) does not exist");
}

TEST_F(MeRoutes, CredentialPutAllowedIpsIsEnforcedOnTheNextCall) {
  expect_void(put("/1.0/me/api/credential/512039847", {{"allowedIPs", {"203.0.113.0/24"}}}));
  const auto r = get("/1.0/me");  // the test peer is 127.0.0.1
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(nlohmann::json::parse(r.body).at("errorCode"), "FORBIDDEN");
}

TEST_F(MeRoutes, CredentialDeleteRevokesTheKey) {
  test::Keys zone_key = test::default_keys();
  zone_key.ck = "e4d2c0b8a6f4e2d0c8b6a4f2e0d8c6b4";  // credential 512040377
  EXPECT_EQ(call("GET", "/1.0/domain/zone/example.com", "", zone_key).status, 200);
  expect_void(del("/1.0/me/api/credential/512040377"));
  expect_error(get("/1.0/me/api/credential/512040377"), 404, "The requested object (id = 512040377) does not exist");
  expect_error(del("/1.0/me/api/credential/512040377"), 404, "The requested object (id = 512040377) does not exist");
  const auto r = call("GET", "/1.0/domain/zone/example.com", "", zone_key);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(nlohmann::json::parse(r.body).at("errorCode"), "INVALID_CREDENTIAL");
}

TEST_F(MeRoutes, AccessRulesApplyToTheseRoutes) {
  test::Keys zone_key = test::default_keys();
  zone_key.ck = "e4d2c0b8a6f4e2d0c8b6a4f2e0d8c6b4";  // GET/POST/DELETE /domain/zone/* only
  const auto r = call("GET", "/1.0/me", "", zone_key);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(nlohmann::json::parse(r.body).at("errorCode"), "NOT_GRANTED_CALL");
}

}  // namespace
}  // namespace ovhmock
