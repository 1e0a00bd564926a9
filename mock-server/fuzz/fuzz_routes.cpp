#include "fuzz_routes.hpp"

#include <map>

#include "ovhmock/api/route.hpp"

namespace ovhmock::fuzz {

const std::map<std::string, std::string>& parameter_values() {
  static const std::map<std::string, std::string> values = {
      {"zoneName", "example.com"},   {"serviceName", "example.com"},
      {"domainName", "example.com"}, {"id", "5386578361"},  // www A record of example.com
      {"applicationId", "301122"},                          // billing-export, not the default key's application
      {"credentialId", "512040113"},                        // a pending key, not the default one
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
  static const std::map<std::string, std::string> bodies = {
      {"POST /domain/zone/{zoneName}/record",
       R"({"fieldType":"A","subDomain":"fuzz","target":"192.0.2.1","ttl":3600})"},
      {"PUT /domain/zone/{zoneName}/record/{id}", R"({"target":"192.0.2.2","ttl":60})"},
      {"PUT /me", R"({"city":"Paris","firstname":"Ada"})"},
      {"PUT /me/api/credential/{credentialId}", R"({"allowedIPs":["192.0.2.0/24"]})"},
      {"POST /auth/credential", R"({"accessRules":[{"method":"GET","path":"/*"}]})"},
  };
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
