#pragma once
// IPv4 and IPv6 addresses and blocks, as allowedIPs and the ipBlock type write them.
#include <string>
#include <string_view>
#include <vector>

namespace ovhmock {

// Whether `address` lies in one of the blocks ("198.51.100.0/24", "2001:db8::/32", "203.0.113.7").
bool address_in_blocks(std::string_view address, const std::vector<std::string>& blocks);
bool is_valid_ip_block(std::string_view block);

}  // namespace ovhmock
