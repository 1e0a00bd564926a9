#include "ovhmock/model/random.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace ovhmock {

std::string random_token(std::size_t length, std::string_view alphabet) {
  static constexpr std::string_view kDefault = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  if (alphabet.empty()) alphabet = kDefault;
  std::string out;
  out.reserve(length);
  unsigned char buf[64];
  const unsigned limit = 256 - 256 % alphabet.size();  // rejection sampling: no modulo bias
  while (out.size() < length) {
    if (RAND_bytes(buf, sizeof buf) != 1) throw std::runtime_error("RAND_bytes failed");
    for (unsigned char b : buf) {
      if (b >= limit) continue;
      out.push_back(alphabet[b % alphabet.size()]);
      if (out.size() == length) break;
    }
  }
  return out;
}

}  // namespace ovhmock
