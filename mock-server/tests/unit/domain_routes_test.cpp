// /domain and /domain/zone through the Pipeline, on the default fixtures.
#include <gtest/gtest.h>

#include "support/api_test.hpp"

namespace ovhmock {
namespace {

using nlohmann::json;
using test::ApiTest;

class DomainRoutes : public ApiTest {
 protected:
  const std::string zone = "/1.0/domain/zone/example.com";
};

TEST_F(DomainRoutes, DomainListAndService) {
  EXPECT_EQ(ok(get("/1.0/domain")), json::parse(R"(["example.com","example.net"])"));
  EXPECT_EQ(ok(get("/1.0/domain?whoisOwner=8123456")).size(), 2u);
  EXPECT_EQ(ok(get("/1.0/domain?whoisOwner=nobody")), json::array());
  const auto d = ok(get("/1.0/domain/example.net"));
  EXPECT_EQ(d.at("domain"), "example.net");
  EXPECT_EQ(d.at("nameServers").at(0).at("nameServer"), "dns19.ovh.net");
  EXPECT_EQ(d.at("iam").at("urn"), "urn:v1:eu:resource:domain:example.net");
  expect_error(get("/1.0/domain/example.org"), 404, "This service does not exist");
}

TEST_F(DomainRoutes, ZoneListAndZone) {
  EXPECT_EQ(ok(get("/1.0/domain/zone")), json::parse(R"(["example.com","example.net"])"));
  EXPECT_EQ(ok(get("/v1/domain/zone/")), json::parse(R"(["example.com","example.net"])"));
  const auto z = ok(get(zone));
  EXPECT_EQ(z.at("name"), "example.com");
  EXPECT_EQ(z.at("nameServers"), json::parse(R"(["dns106.ovh.net","ns106.ovh.net"])"));
  expect_error(get("/1.0/domain/zone/unknown.example"), 404, "This service does not exist");
  expect_error(get("/1.0/domain/zone/unknown.example/status"), 404, "This service does not exist");
  expect_error(get("/1.0/domain/zone/unknown.example/record"), 404, "This service does not exist");
  expect_error(get("/1.0/domain/zone/unknown.example/soa"), 404, "This service does not exist");
  expect_error(get("/1.0/domain/zone/unknown.example/serviceInfos"), 404, "This service does not exist");
  expect_error(get("/1.0/domain/zone/unknown.example/export"), 404, "This service does not exist");
}

// Path segments are matched percent-decoded, and a segment the table has no room for
// (one too many, or too many to count) is a 404 like any unknown path.
TEST_F(DomainRoutes, EncodedSegmentsMatchAndDeepPathsAre404) {
  EXPECT_EQ(ok(get("/1.0/domain/zone/example%2Ecom")).at("name"), "example.com");
  EXPECT_EQ(ok(get("/1.0/domain/zone/%65xample.com/status")).size(), ok(get(zone + "/status")).size());
  expect_error(get("/1.0/domain/zone/example.com/record/1/unknown"), 404, "Got an invalid (or empty) URL");
  std::string deep = "/1.0/domain";
  for (int i = 0; i < 40; ++i) deep += "/x%41";
  expect_error(get(deep), 404, "Got an invalid (or empty) URL");
}

TEST_F(DomainRoutes, RecordListAndFiltersAsTheApiAppliesThem) {
  const auto all = ok(get(zone + "/record"));
  ASSERT_EQ(all.size(), 10u);
  EXPECT_EQ(all.front(), 5386578358);  // apex NS records are listed; ids ascend
  EXPECT_EQ(ok(get(zone + "/record?fieldType=A")), json::parse("[5386578360, 5386578361]"));
  EXPECT_EQ(ok(get(zone + "/record?fieldType=A&subDomain=www")), json::parse("[5386578361]"));
  // subDomain is compared case-insensitively (ilike); an empty one selects the apex only.
  EXPECT_EQ(ok(get(zone + "/record?subDomain=WWW")), json::parse("[5386578361, 5386578362]"));
  EXPECT_EQ(ok(get(zone + "/record?subDomain=&fieldType=NS")), json::parse("[5386578358, 5386578359]"));
  EXPECT_EQ(ok(get(zone + "/record?subDomain=")).size(), 6u);
  EXPECT_EQ(ok(get(zone + "/record?fieldType=TXT&subDomain=_acme-challenge")), json::array());
  EXPECT_EQ(get(zone + "/record?fieldType=TXT&subDomain=_acme-challenge").body, "[]");
  expect_error(get(zone + "/record?fieldType=FOO"), 400,
               "[fieldType] Given data (FOO) does not belong to the RecordTypeEnum enumeration");
  expect_error(get(zone + "/record?fieldType=a"), 400,
               "[fieldType] Given data (a) does not belong to the RecordTypeEnum enumeration");
}

TEST_F(DomainRoutes, RecordGet) {
  EXPECT_EQ(ok(get(zone + "/record/5386578365")), json::parse(R"({"fieldType":"TXT","id":5386578365,"subDomain":"",
      "target":"\"v=spf1 include:mx.ovh.com ~all\"","ttl":600,"zone":"example.com"})"));
  expect_error(get(zone + "/record/1"), 404, "The requested object (id = 1) does not exist");
  // A record of another zone is not found through this one.
  expect_error(get(zone + "/record/5386612001"), 404, "The requested object (id = 5386612001) does not exist");
  expect_error(get(zone + "/record/abc"), 400, "[id] Given data (abc) is not valid for type long");
}

TEST_F(DomainRoutes, PostRecordCreatesAQuotedTxtRecordVisibleToTheNextRead) {
  const auto created = ok(post(zone + "/record", {{"fieldType", "TXT"},
                                                  {"subDomain", "_acme-challenge"},
                                                  {"target", "dGhpcyBpcyBhIGZha2UgY2hhbGxlbmdl"},
                                                  {"ttl", 60}}));
  EXPECT_EQ(created.at("target"), "\"dGhpcyBpcyBhIGZha2UgY2hhbGxlbmdl\"");
  EXPECT_EQ(created.at("zone"), "example.com");
  EXPECT_EQ(created.at("ttl"), 60);
  const auto id = created.at("id").get<std::int64_t>();
  EXPECT_GT(id, 5386612010);  // above every fixture id, whatever the zone
  EXPECT_EQ(std::to_string(id).size(), 10u);
  EXPECT_EQ(ok(get(zone + "/record?fieldType=TXT&subDomain=_acme-challenge")), json::array({id}));
  EXPECT_EQ(ok(get(zone + "/record/" + std::to_string(id))), created);
  EXPECT_EQ(ok(get(zone + "/record")).size(), 11u);
  // Defaults: apex, ttl 0; an already quoted TXT target is kept as it is.
  const auto apex = ok(post(zone + "/record", {{"fieldType", "TXT"}, {"target", "\"quoted\""}}));
  EXPECT_EQ(apex.at("subDomain"), "");
  EXPECT_EQ(apex.at("ttl"), 0);
  EXPECT_EQ(apex.at("target"), "\"quoted\"");
  EXPECT_EQ(
      ok(post(zone + "/record", {{"fieldType", "A"}, {"subDomain", "api"}, {"target", "203.0.113.30"}})).at("target"),
      "203.0.113.30");
  state.reset();
  EXPECT_EQ(ok(get(zone + "/record")).size(), 10u);
}

TEST_F(DomainRoutes, PostRecordValidatesTheBody) {
  const std::string url = zone + "/record";
  expect_error(post(url, {{"fieldType", "FOO"}, {"target", "x"}}), 400,
               "[fieldType] Given data (FOO) does not belong to the RecordTypeEnum enumeration");
  expect_error(post(url, {{"fieldType", "A"}}), 400, "Missing required parameters: (target)");
  expect_error(post(url, json::object()), 400, "Missing required parameters: (fieldType, target)");
  expect_error(post(url, {{"fieldType", "A"}, {"target", "203.0.113.1"}, {"priority", 1}, {"name", "x"}}), 400,
               "Received not described parameters: (name, priority) while calling creation handler");
  expect_error(post(url, {{"fieldType", "A"}, {"target", "203.0.113.1"}, {"zone", "example.net"}}), 400,
               "Try to alter read-only properties: zone");
  expect_error(post(url, {{"fieldType", "A"}, {"target", "203.0.113.1"}, {"ttl", "30"}}), 400,
               "[ttl] Given data (30) is not valid for type long");
  expect_error(post(url, {{"fieldType", "A"}, {"target", "203.0.113.1"}, {"ttl", nullptr}}), 400,
               "[ttl] Given data (null) is not valid for type long");
  expect_error(post(url, {{"fieldType", "A"}, {"target", 7}}), 400,
               "[target] Given data (7) is not valid for type string");
  expect_error(post(url, {{"fieldType", "A"}, {"target", "not-an-address"}}), 400, "{'target': ['Invalid input.']}");
  expect_error(post(url, {{"fieldType", "AAAA"}, {"target", "203.0.113.1"}}), 400, "{'target': ['Invalid input.']}");
  expect_error(call("POST", url, "{\"fieldType\":"), 400, "Invalid JSON received");
  expect_error(call("POST", url, ""), 400, "Invalid JSON received");
  expect_error(post("/1.0/domain/zone/unknown.example/record", {{"fieldType", "A"}, {"target", "203.0.113.1"}}), 404,
               "This service does not exist");
  EXPECT_EQ(ok(get(url)).size(), 10u);  // nothing created
}

TEST_F(DomainRoutes, PutRecordUpdatesAndRefusesFieldType) {
  const std::string url = zone + "/record/5386578361";
  expect_void(put(url, {{"subDomain", "www"}, {"target", "203.0.113.20"}, {"ttl", 300}}));
  const auto r = ok(get(url));
  EXPECT_EQ(r.at("target"), "203.0.113.20");
  EXPECT_EQ(r.at("ttl"), 300);
  EXPECT_EQ(r.at("fieldType"), "A");
  expect_error(put(url, {{"fieldType", "A"}, {"target", "203.0.113.21"}}), 400,
               "Try to alter read-only properties: fieldType");
  expect_error(put(url, {{"weight", 1}}), 400,
               "Received not described parameters: (weight) while calling update handler");
  expect_error(put(url, {{"target", "2001:db8::1"}}), 400, "{'target': ['Invalid input.']}");
  expect_error(put(zone + "/record/1", {{"ttl", 60}}), 404, "The requested object (id = 1) does not exist");
  expect_error(put("/1.0/domain/zone/unknown.example/record/5386578361", {{"ttl", 60}}), 404,
               "This service does not exist");
  EXPECT_EQ(ok(get(url)).at("target"), "203.0.113.20");
  // TXT targets are quoted on update too.
  expect_void(put(zone + "/record/5386578365", {{"target", "v=spf1 -all"}}));
  EXPECT_EQ(ok(get(zone + "/record/5386578365")).at("target"), "\"v=spf1 -all\"");
}

TEST_F(DomainRoutes, DeleteRecord) {
  expect_void(del(zone + "/record/5386578366"));
  expect_error(get(zone + "/record/5386578366"), 404, "The requested object (id = 5386578366) does not exist");
  expect_error(del(zone + "/record/5386578366"), 404, "The requested object (id = 5386578366) does not exist");
  EXPECT_EQ(ok(get(zone + "/record?fieldType=CNAME")), json::parse("[5386578367]"));
  expect_error(del("/1.0/domain/zone/unknown.example/record/5386578367"), 404, "This service does not exist");
  config.era_overrides.void_as_200_null = true;
  const auto r = del(zone + "/record/5386578367");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "null");
}

TEST_F(DomainRoutes, RefreshBumpsTheSerialAndLastUpdate) {
  expect_void(call("POST", zone + "/refresh"));
  EXPECT_EQ(ok(get(zone + "/soa")).at("serial"), 2026010502);
  EXPECT_EQ(ok(get(zone)).at("lastUpdate"), "2026-01-05T10:56:52+01:00");  // the frozen clock
  expect_void(call("POST", zone + "/refresh", "{}"));
  expect_void(call("POST", zone + "/refresh", "null"));
  expect_error(call("POST", zone + "/refresh", R"({"force":true})"), 400,
               "Received not described parameters: (force) while calling refresh handler");
  expect_error(call("POST", "/1.0/domain/zone/unknown.example/refresh"), 404, "This service does not exist");
  EXPECT_EQ(ok(get(zone + "/soa")).at("serial"), 2026010504);
}

TEST_F(DomainRoutes, StatusSoaServiceInfos) {
  EXPECT_EQ(ok(get(zone + "/status")), json::parse(R"({"errors":[],"isDeployed":true,"warnings":[]})"));
  const auto soa = ok(get(zone + "/soa"));
  EXPECT_EQ(soa.at("server"), "dns106.ovh.net");
  EXPECT_EQ(soa.at("nxDomainTtl"), 60);
  const auto si = ok(get(zone + "/serviceInfos"));
  EXPECT_EQ(si.at("domain"), "example.com");
  EXPECT_EQ(si.at("creation"), "2019-11-14");
  EXPECT_EQ(si.at("renew").at("period"), 12);
  EXPECT_EQ(ok(get("/1.0/domain/zone/example.net/serviceInfos")).at("domain"), "example.net");
}

TEST_F(DomainRoutes, ExportIsTheZoneAsBindTextInAJsonString) {
  const auto r = get(zone + "/export");
  const auto text = ok(r).get<std::string>();
  EXPECT_EQ(r.body.front(), '"');
  EXPECT_EQ(text.rfind("$TTL 3600\n@\tIN SOA dns106.ovh.net. tech.ovh.net. (2026010501 86400 3600 3600000 60)\n", 0),
            0u)
      << text;
  for (const char* line :
       {"\n                 IN NS     dns106.ovh.net.\n", "\n                 IN MX     1 mx1.mail.ovh.net.\n",
        "\n             600 IN TXT    \"v=spf1 include:mx.ovh.com ~all\"\n",
        "\nautodiscover     IN CNAME  mailconfig.ovh.net.\n", "\nblog        3600 IN CNAME  example.net.\n",
        "\nwww         3600 IN A      203.0.113.10\n", "\nwww         3600 IN AAAA   2001:db8:10::1\n"})
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 12);  // $TTL, SOA, 10 records
  ok(post(zone + "/record", {{"fieldType", "TXT"}, {"subDomain", "_acme-challenge"}, {"target", "tok"}, {"ttl", 60}}));
  EXPECT_NE(ok(get(zone + "/export")).get<std::string>().find("\n_acme-challenge   60 IN TXT    \"tok\"\n"),
            std::string::npos);
}

TEST_F(DomainRoutes, AccessRulesOfARestrictedKeyApply) {
  test::Keys zone_key = test::default_keys();
  zone_key.ck = "e4d2c0b8a6f4e2d0c8b6a4f2e0d8c6b4";  // GET/POST/DELETE /domain/zone/*
  EXPECT_EQ(call("POST", zone + "/record", R"({"fieldType":"A","target":"203.0.113.9"})", zone_key).status, 200);
  const auto r = call("PUT", zone + "/record/5386578361", R"({"ttl":60})", zone_key);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(json::parse(r.body).at("errorCode"), "NOT_GRANTED_CALL");
}

TEST_F(DomainRoutes, UnknownMethodOrPathIsAnInvalidUrl) {
  expect_error(call("PATCH", zone + "/record/5386578361"), 404, "Got an invalid (or empty) URL");
  expect_error(get("/1.0/domain/zone/example.com/records"), 404, "Got an invalid (or empty) URL");
}

}  // namespace
}  // namespace ovhmock
