// The zone, domain and account stores without HTTP: ids, filters, concurrency, reset.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "ovhmock/api/domain/domain_area.hpp"
#include "ovhmock/api/me/me_area.hpp"
#include "ovhmock/state/state.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

class Stores : public ::testing::Test {
 protected:
  void SetUp() override { state.load(load_fixtures(test::default_fixtures_dir())); }
  State state;
};

TEST_F(Stores, ConcurrentWritersGetUniqueTenDigitIdsAndLoseNothing) {
  constexpr int kThreads = 8, kPerThread = 250;
  std::vector<std::vector<std::int64_t>> ids(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      const std::string zone = t % 2 ? "example.com" : "example.net";
      for (int i = 0; i < kPerThread; ++i) {
        ZoneRecord r{0, "TXT", "t" + std::to_string(t), quote_txt_target(std::to_string(i)), 60};
        auto created = state.store<DomainAreaStore>().zones.add_record(zone, r, 1767607012);
        ASSERT_TRUE(created);
        ids[t].push_back(created->id);
        // Readers run alongside the writers.
        ASSERT_TRUE(state.store<DomainAreaStore>().zones.record(zone, created->id));
      }
    });
  for (auto& th : threads) th.join();
  std::set<std::int64_t> unique;
  for (const auto& v : ids)
    for (auto id : v) {
      EXPECT_EQ(std::to_string(id).size(), 10u);
      unique.insert(id);
    }
  EXPECT_EQ(unique.size(), static_cast<std::size_t>(kThreads * kPerThread));
  const auto com = state.store<DomainAreaStore>().zones.record_ids("example.com", {});
  const auto net = state.store<DomainAreaStore>().zones.record_ids("example.net", {});
  EXPECT_EQ(com->size() + net->size(), 20u + kThreads * kPerThread);
  for (int t = 0; t < kThreads; ++t) {
    RecordFilter f{"TXT", "T" + std::to_string(t)};  // subDomain case-insensitive
    EXPECT_EQ(state.store<DomainAreaStore>().zones.record_ids(t % 2 ? "example.com" : "example.net", f)->size(),
              static_cast<std::size_t>(kPerThread));
  }
}

TEST_F(Stores, IdsAreNeverReusedAfterDeleteOrReset) {
  auto a = state.store<DomainAreaStore>().zones.add_record("example.com", {0, "A", "x", "203.0.113.1", 0}, 0);
  ASSERT_TRUE(a);
  EXPECT_EQ(state.store<DomainAreaStore>().zones.remove_record("example.com", a->id, 0), ZoneOutcome::done);
  auto b = state.store<DomainAreaStore>().zones.add_record("example.com", {0, "A", "x", "203.0.113.1", 0}, 0);
  EXPECT_GT(b->id, a->id);
  state.reset();
  EXPECT_FALSE(state.store<DomainAreaStore>().zones.record("example.com", b->id));
  auto c = state.store<DomainAreaStore>().zones.add_record("example.com", {0, "A", "x", "203.0.113.1", 0}, 0);
  EXPECT_GT(c->id, b->id);
}

TEST_F(Stores, OutcomesNameTheMissingThing) {
  EXPECT_EQ(state.store<DomainAreaStore>().zones.update_record("nope.example", 5386578361, {}, 0), ZoneOutcome::no_zone);
  EXPECT_EQ(state.store<DomainAreaStore>().zones.update_record("example.com", 1, {}, 0), ZoneOutcome::no_record);
  EXPECT_EQ(state.store<DomainAreaStore>().zones.remove_record("example.net", 5386578361, 0), ZoneOutcome::no_record);
  EXPECT_FALSE(state.store<DomainAreaStore>().zones.add_record("nope.example", {}, 0));
  EXPECT_FALSE(state.store<DomainAreaStore>().zones.record_ids("nope.example", {}));
  EXPECT_FALSE(state.store<DomainAreaStore>().zones.refresh("nope.example", 0));
}

TEST_F(Stores, TxtTargetsAreQuotedOnce) {
  EXPECT_EQ(quote_txt_target("abc"), "\"abc\"");
  EXPECT_EQ(quote_txt_target("\"abc\""), "\"abc\"");
  EXPECT_EQ(quote_txt_target(""), "\"\"");
  EXPECT_EQ(quote_txt_target("\""), "\"\"\"");
}

TEST_F(Stores, AccountAndDomainsComeFromTheFixtures) {
  ASSERT_TRUE(state.store<MeStore>().account.get());
  EXPECT_EQ(state.store<MeStore>().account.get()->at("customerCode"), "1234-5678-90");
  EXPECT_TRUE(state.store<MeStore>().account.update({{"city", "Lille"}}));
  EXPECT_EQ(state.store<MeStore>().account.get()->at("city"), "Lille");
  state.reset();
  EXPECT_EQ(state.store<MeStore>().account.get()->at("city"), "Roubaix");
  EXPECT_EQ(state.store<DomainAreaStore>().domains.names(), (std::vector<std::string>{"example.com", "example.net"}));
  EXPECT_FALSE(state.store<DomainAreaStore>().domains.get("example.org"));
  AccountStore empty;
  EXPECT_FALSE(empty.update({{"city", "x"}}));
}

}  // namespace
}  // namespace ovhmock
