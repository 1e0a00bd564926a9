// Header syntax the listener refuses, and authentication headers sent twice
// (docs/limits.md).
#include "ovhmock/pipeline/request_limits.hpp"

#include <gtest/gtest.h>

#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

Request with_headers(std::vector<Header> headers) {
  Request r;
  r.method = "POST";
  r.target = "/1.0/auth/logout";
  r.headers = std::move(headers);
  return r;
}

TEST(MalformedHeaders, PlainHeadersPass) {
  EXPECT_FALSE(malformed_headers(with_headers({{"Host", "h"}, {"Content-Length", "12"}, {"X-A", "a\tb é"}})));
}

TEST(MalformedHeaders, ControlCharactersInValuesAreRefused) {
  for (const std::string& bad : std::vector<std::string>{"a\rb", "a\nb", std::string("a\0b", 3), "a\x7f"}) {
    const auto e = malformed_headers(with_headers({{"X-Test", bad}}));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->status, 400);
    EXPECT_EQ(e->message, "Invalid character in header X-Test");
  }
}

TEST(MalformedHeaders, NamesMustBeTokens) {
  for (const std::string bad : {"", "X Test", "X/Test", "X:Test", "X\xc3\xa9"}) {
    const auto e = malformed_headers(with_headers({{bad, "v"}}));
    ASSERT_TRUE(e) << bad;
    EXPECT_EQ(e->message, "Invalid header name");
  }
}

TEST(MalformedHeaders, ContentLengthMustBeOneDecimalNumber) {
  for (const std::string bad : {"abc", "-1", "+1", "1 2", "", "0x10", "9999999999999999999999"}) {
    const auto e = malformed_headers(with_headers({{"Content-Length", bad}}));
    ASSERT_TRUE(e) << bad;
    EXPECT_EQ(e->message, "Invalid Content-Length header");
  }
  EXPECT_EQ(malformed_headers(with_headers({{"Content-Length", "1"}, {"content-length", "1"}}))->message,
            "Header Content-Length sent more than once");
  EXPECT_EQ(malformed_headers(with_headers({{"Content-Length", "1"}, {"Transfer-Encoding", "chunked"}}))->message,
            "Content-Length and Transfer-Encoding sent together");
}

TEST(MalformedHeaders, MoreThanTheMaximumCountIs431) {
  std::vector<Header> many(kMaxHeaderCount, Header{"X-A", "v"});
  EXPECT_FALSE(malformed_headers(with_headers(many)));
  many.push_back({"X-B", "v"});
  const auto e = malformed_headers(with_headers(many));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->status, 431);
  EXPECT_EQ(e->to_json().at("class"), "Client::RequestHeaderFieldsTooLarge");
}

TEST(DuplicatedAuthHeaders, AreRefusedBeforeTheSignatureIsChecked) {
  const auto server = make_server(test::server_config());
  State& state = server->state();
  state.clock.freeze(1767607012);
  Pipeline& pipeline = server->pipeline();
  for (const char* name : {"Host", "X-Ovh-Application", "X-Ovh-Consumer", "X-Ovh-Timestamp", "X-Ovh-Signature"}) {
    Request r = test::signed_request(test::default_keys(), "GET", "/1.0/auth/currentCredential", "", 1767607012);
    ASSERT_EQ(pipeline.handle(r).status, 200);
    // The same value again, in another case: still two of them.
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.push_back({lower, std::string(*r.header(name))});
    const auto res = pipeline.handle(r);
    EXPECT_EQ(res.status, 400) << name;
    EXPECT_NE(res.body.find(std::string("Header ") + name + " sent more than once"), std::string::npos) << res.body;
  }
}

}  // namespace
}  // namespace ovhmock
