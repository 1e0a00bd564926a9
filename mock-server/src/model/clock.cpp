#include "ovhmock/model/clock.hpp"

#include <chrono>

namespace ovhmock {

std::int64_t Clock::real_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::int64_t Clock::now() const {
  std::lock_guard lock(mu_);
  if (frozen_at_) return *frozen_at_;
  return real_now() + offset_;
}

void Clock::set_offset(std::int64_t seconds) {
  std::lock_guard lock(mu_);
  offset_ = seconds;
  if (frozen_at_) frozen_at_ = real_now() + offset_;
}

std::int64_t Clock::offset() const {
  std::lock_guard lock(mu_);
  return frozen_at_ ? *frozen_at_ - real_now() : offset_;
}

void Clock::freeze(std::optional<std::int64_t> at) {
  std::lock_guard lock(mu_);
  frozen_at_ = at ? *at : (frozen_at_ ? *frozen_at_ : real_now() + offset_);
}

void Clock::unfreeze() {
  std::lock_guard lock(mu_);
  if (frozen_at_) offset_ = *frozen_at_ - real_now();
  frozen_at_.reset();
}

bool Clock::frozen() const {
  std::lock_guard lock(mu_);
  return frozen_at_.has_value();
}

void Clock::step(std::int64_t seconds) {
  std::lock_guard lock(mu_);
  if (frozen_at_)
    *frozen_at_ += seconds;
  else
    offset_ += seconds;
}

void Clock::reset() {
  std::lock_guard lock(mu_);
  offset_ = 0;
  frozen_at_.reset();
}

}  // namespace ovhmock
