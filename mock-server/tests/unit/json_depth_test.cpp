// Regression: a JSON body nested 500 000 levels deep (within the 1 MiB default body limit)
// crashed the server with a stack overflow while the error message printed the value.
// Bodies and fixture files nesting deeper than kMaxJsonDepth are now refused up front.
#include <gtest/gtest.h>

#include <fstream>

#include "ovhmock/auth/explain.hpp"
#include "ovhmock/dataset/dataset.hpp"
#include "ovhmock/model/json_util.hpp"
#include "ovhmock/observe/journal.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

std::string nested(std::size_t depth, const std::string& inner = "1") {
  return std::string(depth, '[') + inner + std::string(depth, ']');
}

TEST(JsonDepth, CountsNestingOutsideStringsOnly) {
  EXPECT_FALSE(json_nests_deeper_than(nested(512), 512));
  EXPECT_TRUE(json_nests_deeper_than(nested(513), 512));
  EXPECT_FALSE(json_nests_deeper_than("[\"" + std::string(1000, '[') + "\"]", 512));
  EXPECT_FALSE(json_nests_deeper_than(R"(["\"[[[[", {"a": "]]]]\\"}])", 2));
  EXPECT_TRUE(json_nests_deeper_than(R"({"a":{"b":{"c":[]}}})", 3));
}

TEST(JsonDepth, ADeeplyNestedBodyIsInvalidJsonNotACrash) {
  const auto server = make_server(test::server_config());
  State& state = server->state();
  state.clock.freeze(1767607012);
  Pipeline& pipeline = server->pipeline();
  const std::string body = R"({"fieldType":"A","target":"192.0.2.1","subDomain":)" + nested(500000) + "}";  // ~1 MB
  const auto res = pipeline.handle(
      test::signed_request(test::default_keys(), "POST", "/1.0/domain/zone/example.com/record", body, 1767607012));
  EXPECT_EQ(res.status, 400);
  EXPECT_NE(res.body.find("Invalid JSON received"), std::string::npos) << res.body.substr(0, 200);
  // 512 levels are still parsed (and refused by the record's type check, not as JSON).
  const auto ok = pipeline.handle(
      test::signed_request(test::default_keys(), "POST", "/1.0/domain/zone/example.com/record",
                           R"({"fieldType":"A","target":"192.0.2.1","subDomain":)" + nested(511) + "}", 1767607012));
  EXPECT_EQ(ok.status, 400);
  EXPECT_EQ(ok.body.find("Invalid JSON received"), std::string::npos);
}

TEST(JsonDepth, TheJournalAndTheExplainerDoNotWalkADeepBody) {
  // Regression: the journal's masking and the signature explainer parsed the body too, and
  // copied or re-serialised it recursively (a stack overflow under ASan at 30 000 levels).
  const std::string deep = R"({"token":)" + nested(30000) + "}";  // within the explainer's 64 KiB
  EXPECT_EQ(mask_body(R"({"token":)" + nested(500000) + "}", "application/json"),
            "(JSON nested deeper than 512 levels, not recorded)");
  EXPECT_EQ(mask_body(R"({"token":"abcdefgh"})", "application/json").find("abcdefgh"), std::string::npos);
  ExplainInput in;
  in.method = "POST";
  in.url_forms = {{"strict", "http://127.0.0.1:8080/1.0/me"}};
  in.body = deep;
  in.application_key = "7kbG7Bk7S9Nt7ZSV";
  in.application_secret = "Hq3vX8nP2mL6tR9wK4zB7cD1fG5jN0sA";
  in.consumer_key = "a3f9c1e07b2d4e5f8a9b0c1d2e3f4a5b";
  in.timestamp = "1767607012";
  in.signature = "$1$0000000000000000000000000000000000000000";
  (void)explain_signature_mismatch(in);  // returns, no crash
}

TEST(JsonDepth, ADeeplyNestedFixtureFileIsAFixtureError) {
  const auto dir = std::filesystem::temp_directory_path() / "ovhmock-json-depth-test";
  std::filesystem::remove_all(dir);
  std::filesystem::copy(test::default_fixtures_dir(), dir, std::filesystem::copy_options::recursive);
  std::ofstream(dir / "applications.json") << nested(100000);
  try {
    load_fixtures(dir);
    ADD_FAILURE() << "loaded";
  } catch (const FixtureError& e) {
    EXPECT_NE(std::string(e.what()).find("deeper than 512 levels"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ovhmock
