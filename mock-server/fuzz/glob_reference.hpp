#pragma once
// The reference for the access-rule glob (glob_match): a plain dynamic-programming matcher,
// quadratic but obviously right. '*' matches any sequence ('/' included), every other byte
// itself. Used by the glob fuzz target and by the unit test that replays its corpus.
#include <string_view>
#include <vector>

namespace ovhmock::fuzz {

inline bool reference_glob_match(std::string_view pattern, std::string_view path) {
  std::vector<char> row(path.size() + 1, 0), next(path.size() + 1, 0);
  row[0] = 1;
  for (char p : pattern) {
    next.assign(path.size() + 1, 0);
    for (std::size_t j = 0; j <= path.size(); ++j) {
      if (p == '*')
        next[j] = row[j] || (j > 0 && next[j - 1]);
      else
        next[j] = j > 0 && row[j - 1] && path[j - 1] == p;
    }
    row.swap(next);
  }
  return row[path.size()];
}

}  // namespace ovhmock::fuzz
