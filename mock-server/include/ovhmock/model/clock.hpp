#pragma once
// The server's clock: real time plus an offset, optionally frozen. Every time the
// server reads (/auth/time, the timestamp window, expirations, query ids) comes from here.
#include <cstdint>
#include <mutex>
#include <optional>

namespace ovhmock {

class Clock {
 public:
  // Unix seconds as the server sees them.
  std::int64_t now() const;
  // Unix seconds of the host, without offset or freeze.
  static std::int64_t real_now();

  void set_offset(std::int64_t seconds);
  std::int64_t offset() const;
  // Freezes at the current virtual time (or the given one); unfreeze resumes from it.
  void freeze(std::optional<std::int64_t> at = std::nullopt);
  void unfreeze();
  bool frozen() const;
  // Moves the virtual time by the given seconds (frozen or not).
  void step(std::int64_t seconds);
  void reset();

 private:
  mutable std::mutex mu_;
  std::int64_t offset_ = 0;
  std::optional<std::int64_t> frozen_at_;
};

}  // namespace ovhmock
