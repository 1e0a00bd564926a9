#pragma once
// Percent-decoding and query-string parsing, for routing only: signatures are
// always computed over the raw bytes.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ovhmock {

// Decodes %XX escapes; with plus_as_space, '+' becomes ' '. Malformed escapes are kept as they are.
std::string percent_decode(std::string_view text, bool plus_as_space = false);

class QueryParams {
 public:
  QueryParams() = default;
  explicit QueryParams(std::string_view raw_query);
  std::optional<std::string> get(std::string_view name) const;  // first value
  std::vector<std::string> all(std::string_view name) const;
  bool has(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// Splits a raw path on '/', dropping the empty leading segment; each segment stays raw.
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace ovhmock
