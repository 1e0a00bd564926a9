// The journal's ring of the last entries: storage, eviction, listing and counting.
#include <algorithm>
#include <mutex>
#include <optional>
#include <variant>
#include <vector>

#include "ovhmock/observe/journal.hpp"

namespace ovhmock {

void Journal::set_capacity(std::size_t capacity) {
  std::vector<Slot> dropped;  // destroyed after the lock is released
  std::lock_guard lock(mu_);
  capacity_ = capacity;
  const std::size_t keep = std::min(size_, capacity_);
  std::vector<Slot> ring;
  ring.reserve(keep);
  for (std::size_t i = 0; i < size_; ++i) {
    Slot& slot = ring_[(head_ + i) % ring_.size()];
    if (i < size_ - keep)
      dropped.push_back(std::move(slot));
    else
      ring.push_back(std::move(slot));
  }
  ring_ = std::move(ring);
  head_ = 0;
  size_ = keep;
}

std::size_t Journal::capacity() const {
  std::lock_guard lock(mu_);
  return capacity_;
}

template <class T>
void Journal::store(T item) {
  std::optional<Slot> evicted;  // destroyed after the lock is released
  std::lock_guard lock(mu_);
  if (capacity_ == 0) return;
  item.id = next_id_++;
  ++recorded_;
  if (size_ < capacity_ && ring_.size() == size_) {
    // Still growing: no slot was evicted yet, so the ring starts at 0.
    ring_.emplace_back(std::move(item));
    ++size_;
  } else if (size_ < capacity_) {
    ring_[(head_ + size_) % ring_.size()] = std::move(item);
    ++size_;
  } else {
    evicted.emplace(std::move(ring_[head_]));
    ring_[head_] = std::move(item);
    head_ = (head_ + 1) % ring_.size();
  }
}

void Journal::record(JournalEntry entry) { store(std::move(entry)); }

void Journal::record(JournalRecord record) { store(std::move(record)); }

const JournalEntry& Journal::entry_locked(std::size_t newest_first) const {
  Slot& slot = ring_[(head_ + size_ - 1 - newest_first) % ring_.size()];
  if (const auto* record = std::get_if<JournalRecord>(&slot)) slot = record->to_entry();
  return std::get<JournalEntry>(slot);
}

std::vector<JournalEntry> Journal::list(const JournalFilter& filter, std::size_t limit) const {
  std::lock_guard lock(mu_);
  std::vector<JournalEntry> out;
  for (std::size_t i = 0; i < size_ && out.size() < limit; ++i)
    if (const JournalEntry& e = entry_locked(i); filter.matches(e)) out.push_back(e);
  return out;
}

std::size_t Journal::count(const JournalFilter& filter) const {
  std::lock_guard lock(mu_);
  std::size_t n = 0;
  for (std::size_t i = 0; i < size_; ++i)
    if (filter.matches(entry_locked(i))) ++n;
  return n;
}

std::size_t Journal::size() const {
  std::lock_guard lock(mu_);
  return size_;
}

std::uint64_t Journal::total_recorded() const {
  std::lock_guard lock(mu_);
  return recorded_;
}

void Journal::clear() {
  std::vector<Slot> dropped;  // destroyed after the lock is released
  std::lock_guard lock(mu_);
  dropped.swap(ring_);
  head_ = 0;
  size_ = 0;
  recorded_ = 0;
}

}  // namespace ovhmock
