// One Pipeline shared by many threads, as the listener's worker pool shares it: under
// the thread sanitizer build, any data race in the pipeline, the stores or the clock
// is reported here.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

TEST(PipelineConcurrency, SharedPipelineServesManyThreads) {
  const auto server = make_server(test::server_config());
  State& state = server->state();
  Pipeline& pipeline = server->pipeline();
  std::atomic<int> exchanges{0};
  pipeline.add_observer([&](const Exchange&) { exchanges++; });
  constexpr int kThreads = 8;
  constexpr int kCalls = 300;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) {
        const auto now = state.clock.now();
        Request r = i % 4 == 0
                        ? test::signed_request(test::default_keys(), "GET", "/1.0/auth/time", "", now)
                        : test::signed_request(test::default_keys(), "GET", "/1.0/auth/currentCredential", "", now);
        if (t == 0 && i % 50 == 0) state.clock.step(0);  // the control plane touches the clock meanwhile
        if (pipeline.handle(r).status != 200) wrong++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(exchanges.load(), kThreads * kCalls);
}

TEST(PipelineConcurrency, RecordWritesFromManyThreadsAreAllKept) {
  const auto server = make_server(test::server_config());
  State& state = server->state();
  Pipeline& pipeline = server->pipeline();
  const std::string records = "/1.0/domain/zone/example.com/record";
  auto call = [&](const std::string& method, const std::string& target, const std::string& body = "") {
    return pipeline.handle(test::signed_request(test::default_keys(), method, target, body, state.clock.now()));
  };
  const auto before = nlohmann::json::parse(call("GET", records).body).size();
  constexpr int kThreads = 8;
  constexpr int kRecords = 30;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRecords; ++i) {
        const auto created = call("POST", records,
                                  R"({"fieldType":"A","subDomain":"t)" + std::to_string(t) + R"(","target":"192.0.2.)" +
                                      std::to_string(i + 1) + R"("})");
        if (created.status != 200) {
          wrong++;
          continue;
        }
        const auto id = std::to_string(nlohmann::json::parse(created.body).at("id").get<std::int64_t>());
        if (call("PUT", records + "/" + id, R"({"ttl":120})").status != 204) wrong++;
        if (i % 3 == 0 && call("DELETE", records + "/" + id).status != 204) wrong++;
        if (call("GET", records + "?subDomain=t" + std::to_string(t)).status != 200) wrong++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  const auto after = nlohmann::json::parse(call("GET", records).body).size();
  EXPECT_EQ(after, before + kThreads * (kRecords - (kRecords + 2) / 3));
}

}  // namespace
}  // namespace ovhmock
