// The strictness proof on the route-table corpus: a signed call on every authenticated
// route, and every single-field mutant of it refused.
#include "strictness.hpp"

#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace ovhmock {
namespace {

TEST(StrictnessProof, EveryMutantOfEverySignedCallIsRefused) {
  const auto report = strictness::prove(test::server_config(), strictness::route_table_corpus(1767607012));
  EXPECT_GT(report.accepted, 0);
  EXPECT_GT(report.mutants, 50 * report.accepted);
  EXPECT_EQ(report.rejected, report.mutants);
  for (const auto& f : report.failures) ADD_FAILURE() << f;
}

TEST(StrictnessProof, MutantsDifferInTheirFieldAndUnsignedCallsAreNotProved) {
  const auto signed_call =
      test::signed_request(test::default_keys(), "GET", "/1.0/auth/currentCredential", "", 1767607012);
  auto mutants = strictness::mutants(signed_call, test::default_keys().as, 1767607012, 300);
  ASSERT_FALSE(mutants.empty());
  // Each mutant differs from the original in exactly the field it names.
  for (const auto& m : mutants) {
    const bool differs =
        m.request.method != signed_call.method || m.request.target != signed_call.target ||
        m.request.body != signed_call.body || m.request.scheme != signed_call.scheme ||
        m.request.headers.size() != signed_call.headers.size() ||
        !std::equal(m.request.headers.begin(), m.request.headers.end(), signed_call.headers.begin(),
                    [](const Header& a, const Header& b) { return a.name == b.name && a.value == b.value; });
    EXPECT_TRUE(differs) << m.field;
  }
  // And a captured list containing an unsigned call is skipped, not proved.
  Request unsigned_call;
  unsigned_call.method = "GET";
  unsigned_call.target = "/1.0/auth/time";
  const auto report = strictness::prove(test::server_config(), {{unsigned_call, 1767607012}});
  EXPECT_EQ(report.accepted, 0);
  EXPECT_EQ(report.skipped.size(), 1u);
}

TEST(Strictness, OnlyA4xxIsARefusal) {
  for (int status : {400, 401, 403, 404, 409, 429, 499}) EXPECT_TRUE(strictness::is_refusal(status)) << status;
  // A server error on a mutant is a failure of the proof, not a refusal.
  for (int status : {0, 200, 204, 302, 500, 502, 503}) EXPECT_FALSE(strictness::is_refusal(status)) << status;
}

}  // namespace
}  // namespace ovhmock
