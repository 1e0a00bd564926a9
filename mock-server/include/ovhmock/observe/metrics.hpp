#pragma once
// Counters for Prometheus (GET /__admin/metrics): requests by route, method and
// status; authentication rejections by reason (the errorCode, or the error class
// when there is none); injected faults by kind; a latency histogram.
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace ovhmock {

struct Exchange;

class Metrics {
 public:
  Metrics();
  void observe(const Exchange& exchange);
  // The Prometheus text exposition format (version 0.0.4).
  std::string render(std::size_t journal_entries) const;
  std::int64_t uptime_seconds() const;

  static constexpr std::array<double, 12> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                      0.01,   0.025,   0.05,   0.1,   0.5,    1.0};

 private:
  mutable std::mutex mu_;
  std::chrono::steady_clock::time_point started_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;  // route, method, status
  std::map<std::string, std::uint64_t> rejections_;
  std::map<std::string, std::uint64_t> faults_;
  std::array<std::uint64_t, kBuckets.size()> bucket_counts_{};
  std::uint64_t count_ = 0;
  double sum_seconds_ = 0;
};

}  // namespace ovhmock
