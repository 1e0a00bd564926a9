#include "ovhmock/model/query_id.hpp"

#include <openssl/rand.h>
#include <unistd.h>

#include <array>
#include <stdexcept>

namespace ovhmock {
namespace {

// xoshiro256** (Blackman and Vigna): 256 bits of state, one per thread, seeded once from
// the OS's generator. A query id is 128 bits of its output, so two ids collide with the
// odds of two random 128-bit values; the ids are not secrets (the server prints them in
// every response), only unique.
class Generator {
 public:
  Generator() {
    do {
      if (RAND_bytes(reinterpret_cast<unsigned char*>(s_.data()), sizeof s_) != 1)
        throw std::runtime_error("RAND_bytes failed");
    } while ((s_[0] | s_[1] | s_[2] | s_[3]) == 0);  // the all-zero state is a fixed point
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

constexpr char kHex[] = "0123456789abcdef";

// Lower-case hex of `v` without leading zeros ("0" for 0).
void append_hex(std::string& out, std::uint64_t v) {
  char buf[16];
  int n = 0;
  do {
    buf[n++] = kHex[v & 0xf];
    v >>= 4;
  } while (v != 0);
  while (n > 0) out.push_back(buf[--n]);
}

// Exactly 16 lower-case hex digits.
void append_hex16(std::string& out, std::uint64_t v) {
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(v >> shift) & 0xf]);
}

}  // namespace

std::string make_query_id(std::int64_t unix_seconds) {
  thread_local Generator generator;
  static const int pid = static_cast<int>(getpid());
  std::string id;
  id.reserve(72);
  id.append("EU.ext-1.");
  append_hex(id, static_cast<std::uint64_t>(unix_seconds));
  id.push_back('.');
  id.append(std::to_string(pid));
  id.push_back('.');
  append_hex16(id, generator.next());
  append_hex16(id, generator.next());
  return id;
}

}  // namespace ovhmock
