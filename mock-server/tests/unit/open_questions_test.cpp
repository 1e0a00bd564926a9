// Questions the reference leaves open, as decided in docs/api.md ("Open questions, decided"):
// zone names in another letter case, X-Pagination-Size on /v2 answers, control characters
// in subDomain, a negative ttl.
#include <gtest/gtest.h>

#include "support/api_test.hpp"

namespace ovhmock {
namespace {

using nlohmann::json;
using test::ApiTest;

class OpenQuestions : public ApiTest {
 protected:
  const std::string zone = "/1.0/domain/zone/example.com";
};

TEST_F(OpenQuestions, ZoneNamesAreMatchedExactly) {
  EXPECT_EQ(get(zone).status, 200);
  for (const char* name : {"EXAMPLE.com", "Example.Com", "EXAMPLE.COM", "example.com."}) {
    const std::string other = std::string("/1.0/domain/zone/") + name;
    expect_error(get(other), 404, "This service does not exist");
    expect_error(get(other + "/record"), 404, "This service does not exist");
    expect_error(post(other + "/record", {{"fieldType", "A"}, {"target", "203.0.113.5"}}), 404,
                 "This service does not exist");
  }
  expect_error(get("/1.0/domain/EXAMPLE.com"), 404, "This service does not exist");
}

TEST_F(OpenQuestions, V2AnswersCarryNoPaginationSize) {
  auto r = test::signed_request(test::default_keys(), "GET", "/v2/domain/name", "", state.clock.now());
  r.headers.push_back({"X-Pagination-Size", "1"});
  const auto page = pipeline.handle(r);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(json::parse(page.body).size(), 1u);
  EXPECT_TRUE(page.header("X-Pagination-Cursor-Next").has_value());
  EXPECT_FALSE(page.header("X-Pagination-Size").has_value());
  EXPECT_FALSE(get("/v2/domain/name").header("X-Pagination-Size").has_value());
}

TEST_F(OpenQuestions, ControlCharactersInSubDomainAreRefused) {
  for (const std::string& sub :
       {std::string("a\0b", 3), std::string("a\tb"), std::string("x\n"), std::string("\x1f"), std::string("a\x7f")}) {
    expect_error(post(zone + "/record", {{"fieldType", "TXT"}, {"subDomain", sub}, {"target", "t"}}), 400,
                 "Invalid domain name, control characters not allowed");
    expect_error(put(zone + "/record/5386578361", {{"subDomain", sub}}), 400,
                 "Invalid domain name, control characters not allowed");
  }
  // Nothing was stored: the www record keeps its name, and no record has a control character.
  EXPECT_EQ(ok(get(zone + "/record/5386578361")).at("subDomain"), "www");
  EXPECT_EQ(ok(get(zone + "/record?fieldType=TXT")).size(), 1u);
  // Printable names, underscores and non-ASCII letters pass (the API's own name rules are not known).
  EXPECT_EQ(
      post(zone + "/record", {{"fieldType", "TXT"}, {"subDomain", "_acme-challenge.www"}, {"target", "t"}}).status,
      200);
}

TEST_F(OpenQuestions, NegativeTtlIsRefused) {
  expect_error(post(zone + "/record", {{"fieldType", "A"}, {"target", "203.0.113.5"}, {"ttl", -1}}), 400,
               "[ttl] Given data (-1) must be at least 0");
  expect_error(put(zone + "/record/5386578361", {{"ttl", -1}}), 400, "[ttl] Given data (-1) must be at least 0");
  EXPECT_EQ(ok(get(zone + "/record/5386578361")).at("ttl"), 3600);
  // 0 is the zone's default TTL, as the API's own records show.
  EXPECT_EQ(post(zone + "/record", {{"fieldType", "A"}, {"target", "203.0.113.5"}, {"ttl", 0}}).status, 200);
  expect_void(put(zone + "/record/5386578361", {{"ttl", 0}}));
}

}  // namespace
}  // namespace ovhmock
