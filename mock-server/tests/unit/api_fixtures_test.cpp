// Loading account.json, domains/, zones/ and the credentials' rules: every problem names the file,
// the object and the field.
#include <gtest/gtest.h>

#include <fstream>

#include "ovhmock/api/domain/domain_area.hpp"
#include "ovhmock/api/me/me_area.hpp"
#include "ovhmock/dataset/dataset.hpp"
#include "ovhmock/model/api_models.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A copy of the default fixtures in a fresh directory, to break one file at a time.
class BrokenFixtures : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("ovhmock-api-fixtures-" + std::to_string(::getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::copy(test::default_fixtures_dir(), dir, fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir); }

  json read(const std::string& rel) { return json::parse(test::read_file(dir / rel)); }
  void write(const std::string& rel, const json& j) { std::ofstream(dir / rel) << j.dump(2); }

  void expect_failure(const std::string& file, const std::string& object, const std::string& field,
                      const std::string& problem_part) {
    try {
      load_fixtures(dir);
      ADD_FAILURE() << "loaded without error";
    } catch (const FixtureError& e) {
      EXPECT_EQ(fs::path(e.file()).filename(), fs::path(file).filename()) << e.what();
      EXPECT_EQ(e.object(), object) << e.what();
      EXPECT_EQ(e.field(), field) << e.what();
      EXPECT_NE(std::string(e.what()).find(problem_part), std::string::npos) << e.what();
    }
  }

  fs::path dir;
};

TEST_F(BrokenFixtures, TheDefaultSetLoads) {
  const auto data = load_fixtures(dir);
  ASSERT_TRUE(data.area<MeData>()->account);
  EXPECT_EQ(data.area<DomainData>()->domains.size(), 2u);
  ASSERT_EQ(data.area<DomainData>()->zones.size(), 2u);
  std::set<std::string> types;
  for (const auto& r : data.area<DomainData>()->zones[0].records) types.insert(r.field_type);
  for (const char* t : {"NS", "A", "AAAA", "MX", "TXT", "CNAME"}) EXPECT_TRUE(types.count(t)) << t;
}

TEST_F(BrokenFixtures, AccountEnumTypeMissingAndUnknownFields) {
  auto me = read("account.json");
  me["language"] = "fr_BE";
  write("account.json", me);
  expect_failure("account.json", "account", "language", "\"fr_BE\" is not one of nichandle.LanguageEnum");
  me = read("account.json");
  me["language"] = "fr_FR";
  me["currency"]["code"] = 978;
  write("account.json", me);
  expect_failure("account.json", "account", "currency.code", "must be of type string");
  me.erase("currency");
  me["email"] = nullptr;
  write("account.json", me);
  expect_failure("account.json", "account", "currency", "is required");
  me["currency"] = {{"code", "EUR"}, {"symbol", "€"}};
  write("account.json", me);
  expect_failure("account.json", "account", "email", "must not be null");
  me["email"] = "jane.doe@example.com";
  me["nickname"] = "jd";
  write("account.json", me);
  expect_failure("account.json", "account", "nickname", "is not a field of nichandle.Nichandle");
}

// Access rules are checked by the one validator (auth/credential_checks.hpp); its first bad
// rule is named by its field path in the credential.
TEST_F(BrokenFixtures, AccessRulesNameTheFirstBadRule) {
  auto creds = read("credentials.json");
  const std::string object = "credential " + std::to_string(creds[0].at("credentialId").get<std::int64_t>());
  const json get_all = {{"method", "GET"}, {"path", "/*"}};
  creds[0]["rules"] = "GET /*";
  write("credentials.json", creds);
  expect_failure("credentials.json", object, "rules", "must be an array of {method, path}");
  creds[0]["rules"] = json::array({get_all, {{"method", "FETCH"}, {"path", "/me"}}});
  write("credentials.json", creds);
  expect_failure("credentials.json", object, "rules[1].method",
                 "\"FETCH\" is not one of: DELETE, GET, PATCH, POST, PUT");
  creds[0]["rules"] = json::array({{{"method", "GET"}, {"path", "/*"}, {"comment", "all"}}});
  write("credentials.json", creds);
  expect_failure("credentials.json", object, "rules[0].comment", "is not a known field");
  creds[0]["rules"] = json::array({get_all, get_all, {{"method", "GET"}}});
  write("credentials.json", creds);
  expect_failure("credentials.json", object, "rules[2]", "must be an object with a string method and a string path");
  creds[0]["rules"] = json::array({"GET /*"});
  write("credentials.json", creds);
  expect_failure("credentials.json", object, "rules[0]", "must be an object with a string method and a string path");
  creds[0].erase("rules");
  write("credentials.json", creds);
  expect_failure("credentials.json", object, "rules", "is required");
  creds[0]["rules"] = json::array({get_all, {{"method", "DELETE"}, {"path", "/domain/zone/*"}}});
  write("credentials.json", creds);
  const auto loaded = load_fixtures(dir).credentials.credentials.front().rules;
  EXPECT_EQ(loaded, (std::vector<AccessRule>{{"GET", "/*"}, {"DELETE", "/domain/zone/*"}}));
}

TEST_F(BrokenFixtures, RecordProblemsNameTheRecord) {
  auto z = read("zones/example.com.json");
  z["records"][2]["fieldType"] = "AA";
  write("zones/example.com.json", z);
  expect_failure("example.com.json", "record 5386578360", "fieldType", "is not one of domain.zone.RecordTypeEnum");
  z["records"][2]["fieldType"] = "A";
  z["records"][3]["id"] = 5386578360;
  write("zones/example.com.json", z);
  expect_failure("example.com.json", "record 5386578360", "id", "is used by another record");
  z["records"][3]["id"] = 12345;
  write("zones/example.com.json", z);
  expect_failure("example.com.json", "record 12345", "id", "10-digit");
  z["records"][3]["id"] = 5386578361;
  z["records"][3]["zone"] = "example.net";
  write("zones/example.com.json", z);
  expect_failure("example.com.json", "record 5386578361", "zone", "must be the zone's name");
}

TEST_F(BrokenFixtures, ZoneAndDomainPartsAreChecked) {
  auto z = read("zones/example.net.json");
  z["soa"]["serial"] = "2025121801";
  write("zones/example.net.json", z);
  expect_failure("example.net.json", "zone example.net soa", "serial", "must be of type long");
  z["soa"]["serial"] = 2025121801;
  z["serviceInfos"]["creation"] = "2021-03-02T00:00:00+01:00";
  write("zones/example.net.json", z);
  expect_failure("example.net.json", "zone example.net serviceInfos", "creation", "must be of type date");
  z["serviceInfos"]["creation"] = "2021-03-02";
  z["extra"] = true;
  write("zones/example.net.json", z);
  expect_failure("example.net.json", "zone example.net", "extra", "is not a known field");
  fs::remove(dir / "zones/example.net.json");
  auto d = read("domains/example.com.json");
  d["v2"]["currentState"]["mainState"] = "ok";
  write("domains/example.com.json", d);
  expect_failure("example.com.json", "domain example.com v2", "currentState.mainState", "is not one of");
  d["v2"]["currentState"]["mainState"] = "OK";
  d["service"]["nameServers"][1]["ipv4"] = "300.1.1.1";
  write("domains/example.com.json", d);
  expect_failure("example.com.json", "domain example.com service", "nameServers[1].ipv4", "must be of type ipv4");
  fs::rename(dir / "domains/example.com.json", dir / "domains/example.org.json");
  d["service"]["nameServers"][1]["ipv4"] = nullptr;
  write("domains/example.org.json", d);
  expect_failure("example.org.json", "domain example.org service", "domain", "must be the file's name");
}

TEST_F(BrokenFixtures, ApiPartsAreOptional) {
  fs::remove(dir / "account.json");
  fs::remove_all(dir / "domains");
  fs::remove_all(dir / "zones");
  const auto data = load_fixtures(dir);
  EXPECT_FALSE(data.area<MeData>()->account);
  EXPECT_TRUE(data.area<DomainData>()->domains.empty());
  EXPECT_TRUE(data.area<DomainData>()->zones.empty());
}

TEST(ApiModels, CheckValueCoversPrimitivesArraysEnumsAndObjects) {
  EXPECT_FALSE(check_value(json(5386578358), "long"));
  EXPECT_TRUE(check_value(json(1.5), "long"));
  EXPECT_FALSE(check_value(json("2026-01-05T11:46:31+01:00"), "datetime"));
  EXPECT_TRUE(check_value(json("2026-01-05"), "datetime"));
  EXPECT_FALSE(check_value(json("c2b1a098-7f6e-4d5c-8b4a-3f2e1d0c9b8a"), "uuid"));
  EXPECT_TRUE(check_value(json("c2b1a098"), "uuid"));
  EXPECT_FALSE(check_value(json::parse(R"(["198.51.100.0/24"])"), "ipBlock[]"));
  const auto bad = check_value(json::parse(R"([1, "x"])"), "long[]", "p");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->path, "p[1]");
  EXPECT_TRUE(check_value(json("SOA"), "domain.zone.RecordTypeEnum"));
  EXPECT_TRUE(check_value(json("x"), "no.such.Type"));
  EXPECT_EQ(enum_model("domain.zone.RecordTypeEnum")->short_name(), "RecordTypeEnum");
  EXPECT_EQ(enum_model("nichandle.CountryEnum")->values.size(), 254u);
}

}  // namespace
}  // namespace ovhmock
