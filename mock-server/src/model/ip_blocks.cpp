#include "ovhmock/model/ip_blocks.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cstring>
#include <optional>

namespace ovhmock {
namespace {

struct ParsedAddress {
  int family = 0;
  std::array<unsigned char, 16> bytes{};
};

std::optional<ParsedAddress> parse_address(std::string_view text) {
  std::string s(text);
  // IPv4-mapped IPv6 peers ("::ffff:1.2.3.4") compare as IPv4.
  if (s.rfind("::ffff:", 0) == 0 && s.find('.') != std::string::npos) s = s.substr(7);
  ParsedAddress a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
    a.family = AF_INET;
    return a;
  }
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
    a.family = AF_INET6;
    return a;
  }
  return std::nullopt;
}

struct Block {
  ParsedAddress base;
  int prefix = 0;
};

std::optional<Block> parse_block(std::string_view text) {
  const auto slash = text.find('/');
  auto base = parse_address(text.substr(0, slash));
  if (!base) return std::nullopt;
  const int max = base->family == AF_INET ? 32 : 128;
  int prefix = max;
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(slash + 1);
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
    if (p.empty() || ec != std::errc() || ptr != p.data() + p.size() || prefix < 0 || prefix > max) return std::nullopt;
  }
  return Block{*base, prefix};
}

bool in_block(const ParsedAddress& a, const Block& b) {
  if (a.family != b.base.family) return false;
  int bits = b.prefix;
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    const unsigned char mask = bits >= 8 ? 0xff : static_cast<unsigned char>(0xff << (8 - bits));
    if ((a.bytes[i] & mask) != (b.base.bytes[i] & mask)) return false;
  }
  return true;
}

// What authentication needs of the application and credential records: copied out of the
// store under its shared lock (a few fields, not the records), then checked without it, so
// that hashing never holds the lock the request path's writers (last-use updates) take.

}  // namespace

bool is_valid_ip_block(std::string_view block) { return parse_block(block).has_value(); }

bool address_in_blocks(std::string_view address, const std::vector<std::string>& blocks) {
  auto a = parse_address(address);
  if (!a) return false;
  for (const auto& text : blocks) {
    auto b = parse_block(text);
    if (b && in_block(*a, *b)) return true;
  }
  return false;
}

}  // namespace ovhmock
