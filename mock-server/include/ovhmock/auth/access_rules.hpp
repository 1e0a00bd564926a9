#pragma once
// Consumer-key access rules: an exact method and a path glob where '*' matches any
// sequence, '/' included, matched against the path below the branch prefix.
#include <string>
#include <string_view>
#include <vector>

namespace ovhmock {

struct AccessRule {
  std::string method;
  std::string path;
  bool operator==(const AccessRule&) const = default;
};

bool glob_match(std::string_view pattern, std::string_view path);
bool rules_allow(const std::vector<AccessRule>& rules, std::string_view method, std::string_view path);

}  // namespace ovhmock
