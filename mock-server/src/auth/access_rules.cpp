#include "ovhmock/auth/access_rules.hpp"

namespace ovhmock {

bool glob_match(std::string_view pattern, std::string_view path) {
  // Iterative wildcard match with backtracking to the last '*': linear in practice,
  // never exponential whatever the number of stars.
  std::size_t p = 0, s = 0;
  std::size_t star = std::string_view::npos, mark = 0;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool rules_allow(const std::vector<AccessRule>& rules, std::string_view method, std::string_view path) {
  for (const auto& rule : rules)
    if (rule.method == method && glob_match(rule.path, path)) return true;
  return false;
}

}  // namespace ovhmock
