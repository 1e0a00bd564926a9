#pragma once
// The one validator of what a credential carries: access rules ({method, path}), the
// methods rules may name, and allowedIPs. Each returns the first bad entry; each caller
// (the data-set loader, POST /auth/credential, the control plane, the key-creation page)
// only formats it in its own words.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ovhmock {

// The methods access rules may name: DELETE, GET, PATCH, POST, PUT.
const std::vector<std::string>& rule_methods();
bool is_rule_method(std::string_view method);

struct BadEntry {
  enum class Problem {
    not_a_list,      // the value is not an array
    not_a_rule,      // not an object with a string method and a string path
    unknown_field,   // a field other than method and path (detail: its name)
    unknown_method,  // a method outside rule_methods() (detail: the method)
    not_an_ip_block  // not a string naming an IP address or block (detail: the entry as JSON)
  };
  Problem problem = Problem::not_a_list;
  std::size_t index = 0;  // the entry's position
  std::string detail;
};

// An array of {method, path} objects; `extra_fields`: whether other fields are ignored.
std::optional<BadEntry> check_access_rules(const nlohmann::json& rules, bool extra_fields = false);
// An array of IP addresses or blocks ("203.0.113.7", "198.51.100.0/24", "2001:db8::/32").
std::optional<BadEntry> check_allowed_ips(const nlohmann::json& blocks);
// Methods as a form sends them.
std::optional<BadEntry> check_rule_methods(const std::vector<std::string>& methods);

}  // namespace ovhmock
