#include "ovhmock/auth/credential_checks.hpp"

#include <algorithm>

#include "ovhmock/model/ip_blocks.hpp"

namespace ovhmock {

const std::vector<std::string>& rule_methods() {
  static const std::vector<std::string> methods = {"DELETE", "GET", "PATCH", "POST", "PUT"};
  return methods;
}

bool is_rule_method(std::string_view method) {
  const auto& all = rule_methods();
  return std::find(all.begin(), all.end(), method) != all.end();
}

std::optional<BadEntry> check_access_rules(const nlohmann::json& rules, bool extra_fields) {
  using P = BadEntry::Problem;
  if (!rules.is_array()) return BadEntry{P::not_a_list, 0, ""};
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& rule = rules[i];
    if (!rule.is_object()) return BadEntry{P::not_a_rule, i, rule.dump()};
    const auto method = rule.find("method");
    const auto path = rule.find("path");
    if (method == rule.end() || path == rule.end() || !method->is_string() || !path->is_string())
      return BadEntry{P::not_a_rule, i, rule.dump()};
    if (!extra_fields)
      for (const auto& [name, value] : rule.items())
        if (name != "method" && name != "path") return BadEntry{P::unknown_field, i, name};
    if (!is_rule_method(method->get<std::string>())) return BadEntry{P::unknown_method, i, method->get<std::string>()};
  }
  return std::nullopt;
}

std::optional<BadEntry> check_allowed_ips(const nlohmann::json& blocks) {
  if (!blocks.is_array()) return BadEntry{BadEntry::Problem::not_a_list, 0, ""};
  for (std::size_t i = 0; i < blocks.size(); ++i)
    if (!blocks[i].is_string() || !is_valid_ip_block(blocks[i].get<std::string>()))
      return BadEntry{BadEntry::Problem::not_an_ip_block, i, blocks[i].dump()};
  return std::nullopt;
}

std::optional<BadEntry> check_rule_methods(const std::vector<std::string>& methods) {
  for (std::size_t i = 0; i < methods.size(); ++i)
    if (!is_rule_method(methods[i])) return BadEntry{BadEntry::Problem::unknown_method, i, methods[i]};
  return std::nullopt;
}

}  // namespace ovhmock
