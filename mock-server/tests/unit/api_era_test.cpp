// API eras (docs/api.md "API eras"): one switch for void answers, TXT quoting, error
// bodies and record types; the individual overrides; the run-time switch; the journal.
#include "ovhmock/model/api_era.hpp"

#include <gtest/gtest.h>

#include "support/api_test.hpp"

namespace ovhmock {
namespace {

using nlohmann::json;
using test::ApiTest;

class ApiEras : public ApiTest {
 protected:
  const std::string zone = "/1.0/domain/zone/example.com";

  // A TXT record created unquoted, read back: its target.
  std::string txt_round_trip() {
    const auto created =
        post(zone + "/record", {{"fieldType", "TXT"}, {"subDomain", "era"}, {"target", "v=spf1 -all"}});
    EXPECT_EQ(created.status, 200) << created.body;
    const auto id = json::parse(created.body).at("id").get<std::int64_t>();
    return ok(get(zone + "/record/" + std::to_string(id))).at("target").get<std::string>();
  }
  Response bad_signature() {
    auto r = test::signed_request(test::default_keys(), "GET", "/1.0/me", "", state.clock.now());
    for (auto& h : r.headers)
      if (h.name == "X-Ovh-Signature") h.value = "$1$" + std::string(40, '0');
    return pipeline.handle(r);
  }
  Response admin(const std::string& method, const std::string& target, const std::string& body = "") {
    Request r = test::make_request(method, target, body);
    return pipeline.handle(r);
  }
};

TEST_F(ApiEras, TheTableOfBehaviours) {
  const auto current = resolve_era(ApiEra::current);
  EXPECT_FALSE(current.void_as_200_null);
  EXPECT_TRUE(current.quote_txt);
  EXPECT_EQ(current.error_format, ErrorFormat::superset);
  EXPECT_TRUE(current.record_types_2025);
  const auto y2024 = resolve_era(ApiEra::y2024);
  EXPECT_FALSE(y2024.void_as_200_null);
  EXPECT_FALSE(y2024.quote_txt);
  EXPECT_EQ(y2024.error_format, ErrorFormat::current);
  EXPECT_FALSE(y2024.record_types_2025);
  const auto y2022 = resolve_era(ApiEra::y2022);
  EXPECT_TRUE(y2022.void_as_200_null);
  EXPECT_FALSE(y2022.quote_txt);
  EXPECT_EQ(y2022.error_format, ErrorFormat::legacy);
  EXPECT_EQ(parse_api_era("2022"), ApiEra::y2022);
  EXPECT_EQ(parse_api_era("2023"), std::nullopt);
  EXPECT_EQ(to_string(ApiEra::y2024), "2024");
}

TEST_F(ApiEras, Era2022AnswersAsTheApiDidThen) {
  config.api_era = ApiEra::y2022;
  const auto r = del(zone + "/record/5386578366");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "null");
  EXPECT_EQ(txt_round_trip(), "v=spf1 -all");
  const auto e = bad_signature();
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.body, R"({"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"Invalid signature"})");
  // An error without a code was {"message": …} alone.
  EXPECT_EQ(get("/1.0/nowhere").body, R"({"message":"Got an invalid (or empty) URL"})");
}

TEST_F(ApiEras, CurrentEraIsTheOpposite) {
  const auto r = del(zone + "/record/5386578366");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(txt_round_trip(), "\"v=spf1 -all\"");
  const auto e = json::parse(bad_signature().body);
  EXPECT_EQ(e, json::parse(R"({"class":"Client::BadRequest","errorCode":"INVALID_SIGNATURE",
                             "httpCode":"400 Bad Request","message":"Invalid signature"})"));
}

TEST_F(ApiEras, Era2024HasTheClassFormatAndNoQuotes) {
  config.api_era = ApiEra::y2024;
  EXPECT_EQ(del(zone + "/record/5386578366").status, 204);
  EXPECT_EQ(txt_round_trip(), "v=spf1 -all");
  EXPECT_EQ(bad_signature().body, R"({"class":"Client::BadRequest","message":"Invalid signature"})");
  const auto svcb = post(zone + "/record", {{"fieldType", "SVCB"}, {"target", "1 . alpn=h2"}});
  EXPECT_EQ(svcb.status, 400);
  EXPECT_EQ(json::parse(svcb.body).at("message"),
            "[fieldType] Given data (SVCB) does not belong to the RecordTypeEnum enumeration");
  EXPECT_EQ(get(zone + "/record?fieldType=HTTPS").status, 400);
  config.api_era = ApiEra::current;
  EXPECT_EQ(get(zone + "/record?fieldType=HTTPS").status, 200);
}

TEST_F(ApiEras, IndividualFlagsOverrideTheEra) {
  config.api_era = ApiEra::y2022;
  config.era_overrides.void_as_200_null = false;
  config.era_overrides.quote_txt = true;
  config.era_overrides.error_format = ErrorFormat::current;
  EXPECT_EQ(del(zone + "/record/5386578366").status, 204);
  EXPECT_EQ(txt_round_trip(), "\"v=spf1 -all\"");
  EXPECT_EQ(bad_signature().body, R"({"class":"Client::BadRequest","message":"Invalid signature"})");
  config.api_era = ApiEra::current;
  config.era_overrides = {};
  config.era_overrides.void_as_200_null = true;
  config.era_overrides.error_format = ErrorFormat::legacy;
  EXPECT_EQ(del(zone + "/record/5386578367").body, "null");
  EXPECT_EQ(json::parse(bad_signature().body).at("errorCode"), "INVALID_SIGNATURE");
}

TEST_F(ApiEras, TheControlPlaneSwitchesTheEraAndTheJournalRecordsIt) {
  EXPECT_EQ(json::parse(admin("GET", "/__admin/era").body).at("era"), "current");
  auto r = admin("PUT", "/__admin/era", R"({"era":"2022"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("behaviours").at("voidAnswer"), "200 null");
  EXPECT_EQ(pipeline
                .handle(test::signed_request(test::default_keys(), "DELETE", zone + "/record/5386578366", "",
                                             state.clock.now()))
                .body,
            "null");
  // The control plane itself keeps 204 and the superset format.
  const auto cleared = admin("DELETE", "/__admin/faults");
  EXPECT_EQ(cleared.status, 204);
  EXPECT_EQ(cleared.body, "");
  const auto refused = admin("PUT", "/__admin/era", R"({"era":"1999"})");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(json::parse(refused.body).at("class"), "Client::BadRequest");
  EXPECT_EQ(json::parse(refused.body).at("httpCode"), "400 Bad Request") << refused.body;
  EXPECT_EQ(admin("PUT", "/__admin/era", R"({"age":"2022"})").status, 400);
  EXPECT_EQ(admin("PUT", "/__admin/era", "").status, 400);

  const auto entries = state.journal.list({}, 10);
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front().to_json().at("era"), "2022");

  r = admin("DELETE", "/__admin/era");
  EXPECT_EQ(json::parse(r.body).at("era"), "current");
  admin("PUT", "/__admin/era", R"({"era":"2024"})");
  EXPECT_EQ(admin("POST", "/__admin/reset").status, 204);  // reset returns to the command line's era
  EXPECT_EQ(json::parse(admin("GET", "/__admin/era").body).at("switched"), false);
  const auto after = pipeline.handle(
      test::signed_request(test::default_keys(), "DELETE", zone + "/record/5386578366", "", state.clock.now()));
  EXPECT_EQ(after.status, 204);
  EXPECT_EQ(state.journal.list({}, 1).front().to_json().at("era"), "current");
}

TEST_F(ApiEras, ErrorBodiesKeepDetailsInTheClassFormats) {
  ApiError e{400, "Client::BadRequest", "", "bad", {{"field", "x"}}};
  EXPECT_EQ(error_body(e, ErrorFormat::current),
            R"({"class":"Client::BadRequest","details":{"field":"x"},"message":"bad"})");
  EXPECT_EQ(error_body(e, ErrorFormat::legacy), R"({"message":"bad"})");
}

}  // namespace
}  // namespace ovhmock
