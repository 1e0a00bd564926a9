// What follows a '*' in an access rule matches text after what precedes it, never text the
// part before the star already matched: a path shorter than the rule's fixed parts is
// refused (docs/authentication.md, access rules).
#include <gtest/gtest.h>

#include "ovhmock/auth/access_rules.hpp"

namespace ovhmock {
namespace {

TEST(GlobOverlap, TheTextAfterAStarNeverReusesTheTextBeforeIt) {
  EXPECT_FALSE(glob_match("ab*bc", "abc"));
  EXPECT_FALSE(glob_match("/a/b*b/c", "/a/b/c"));
  EXPECT_FALSE(glob_match("/me/*/me", "/me/"));
  EXPECT_TRUE(glob_match("ab*bc", "abbc"));
  EXPECT_TRUE(glob_match("ab*bc", "abxbc"));
  EXPECT_TRUE(glob_match("/a/b*b/c", "/a/bb/c"));
}

TEST(GlobOverlap, ARuleDoesNotGrantAShorterPath) {
  const std::vector<AccessRule> rules = {{"GET", "/domain/zone/*zone/record"}};
  EXPECT_FALSE(rules_allow(rules, "GET", "/domain/zone/record"));
  EXPECT_TRUE(rules_allow(rules, "GET", "/domain/zone/example.zone/record"));
}

}  // namespace
}  // namespace ovhmock
