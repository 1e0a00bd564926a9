// X-Ovh-Queryid values: the real format, and no two alike across threads.
#include "ovhmock/model/query_id.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace ovhmock {
namespace {

TEST(QueryId, HasTheRealFormat) {
  const std::string id = make_query_id(0x6954b1e4);
  const std::string head = "EU.ext-1.6954b1e4." + std::to_string(getpid()) + ".";
  ASSERT_EQ(id.rfind(head, 0), 0u) << id;
  const std::string tail = id.substr(head.size());
  EXPECT_EQ(tail.size(), 32u) << id;
  EXPECT_EQ(tail.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
}

TEST(QueryId, IsUniqueAcrossThreads) {
  constexpr int kThreads = 4, kEach = 5000;
  std::mutex mu;
  std::set<std::string> seen;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      std::vector<std::string> mine;
      for (int i = 0; i < kEach; ++i) mine.push_back(make_query_id(1767607012));
      std::lock_guard lock(mu);
      seen.insert(mine.begin(), mine.end());
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kThreads * kEach));
}

}  // namespace
}  // namespace ovhmock
