// /v2/domain/name: full objects, cursor pagination.
#include <gtest/gtest.h>

#include "support/api_test.hpp"

namespace ovhmock {
namespace {

using nlohmann::json;

class V2Domain : public test::ApiTest {
 protected:
  Response list(const std::vector<Header>& extra) {
    auto r = test::signed_request(test::default_keys(), "GET", "/v2/domain/name", "", state.clock.now());
    for (const auto& h : extra) r.headers.push_back(h);
    return pipeline.handle(r);
  }
};

TEST_F(V2Domain, ListReturnsFullObjectsAndNoNextCursorOnTheLastPage) {
  const auto r = list({});
  const auto page = ok(r);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].at("id"), "example.com");
  EXPECT_EQ(page[1].at("currentState").at("name"), "example.net");
  EXPECT_EQ(page[0].at("resourceStatus"), "READY");
  EXPECT_FALSE(r.header("X-Pagination-Cursor-Next"));
}

TEST_F(V2Domain, CursorPagination) {
  const auto first = list({{"X-Pagination-Size", "1"}});
  const auto page1 = ok(first);
  ASSERT_EQ(page1.size(), 1u);
  EXPECT_EQ(page1[0].at("id"), "example.com");
  const auto cursor = first.header("X-Pagination-Cursor-Next");
  ASSERT_TRUE(cursor);
  const auto second = list({{"X-Pagination-Size", "1"}, {"X-Pagination-Cursor", std::string(*cursor)}});
  const auto page2 = ok(second);
  ASSERT_EQ(page2.size(), 1u);
  EXPECT_EQ(page2[0].at("id"), "example.net");
  EXPECT_FALSE(second.header("X-Pagination-Cursor-Next"));  // the last page
  // A full page that happens to end the list has no next cursor either.
  EXPECT_FALSE(list({{"X-Pagination-Size", "2"}}).header("X-Pagination-Cursor-Next"));
}

TEST_F(V2Domain, BadCursorOrSizeIs400) {
  expect_error(list({{"X-Pagination-Cursor", "not-a-cursor"}}), 400, "invalid cursor");
  expect_error(list({{"X-Pagination-Cursor", "00ff"}}), 400, "invalid cursor");
  expect_error(list({{"X-Pagination-Size", "abc"}}), 400,
               "[X-Pagination-Size] Given data (abc) is not valid for type long");
  expect_error(list({{"X-Pagination-Size", "0"}}), 400, "[X-Pagination-Size] Given data (0) must be at least 1");
}

TEST_F(V2Domain, GetOneDomain) {
  const auto d = ok(get("/v2/domain/name/example.net"));
  EXPECT_EQ(d.at("id"), "example.net");
  EXPECT_EQ(d.at("currentState").at("dnsConfiguration").at("nameServers").at(0).at("nameServer"), "dns19.ovh.net");
  expect_error(get("/v2/domain/name/example.org"), 404, "This service does not exist");
  // Zones are v1 only.
  expect_error(get("/v2/domain/zone"), 404, "Got an invalid (or empty) URL");
}

}  // namespace
}  // namespace ovhmock
