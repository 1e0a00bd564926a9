#include "fuzz_routes.hpp"

#include <map>

#include "ovhmock/routes.hpp"

namespace ovhmock::fuzz {

const std::map<std::string, std::string>& parameter_values() {
  static const std::map<std::string, std::string> values = {
      {"credentialId", "512039847"},
  };
  return values;
}

namespace {

std::string fill(const std::string& pattern) {
  std::string out;
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    const auto open = pattern.find('{', pos);
    if (open == std::string::npos) break;
    const auto close = pattern.find('}', open);
    if (close == std::string::npos) break;
    out += pattern.substr(pos, open - pos);
    const auto name = pattern.substr(open + 1, close - open - 1);
    const auto it = parameter_values().find(name);
    out += it == parameter_values().end() ? "unknown" : it->second;
    pos = close + 1;
  }
  return out + pattern.substr(pos);
}

// Bodies the routes accept, by method and pattern.
const std::map<std::string, std::string>& sample_bodies() {
  static const std::map<std::string, std::string> bodies = {};
  return bodies;
}

}  // namespace

std::string sample_body(const Target& target) {
  const auto it = sample_bodies().find(target.method + " " + target.pattern);
  return it == sample_bodies().end() ? "" : it->second;
}

std::vector<Target> all_targets() {
  std::vector<Target> out;
  for (const auto& route : api_routes())
    out.push_back({route.method, std::string(branch_prefix(route.branch)) + fill(route.pattern), route.pattern,
                   route.auth != Auth::none});
  return out;
}

std::vector<Target> writable_targets() {
  std::vector<Target> out;
  for (auto& t : all_targets())
    if (t.method == "POST" || t.method == "PUT" || t.method == "PATCH" || t.method == "DELETE") out.push_back(t);
  return out;
}

}  // namespace ovhmock::fuzz
