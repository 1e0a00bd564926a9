#pragma once
// Concrete requests for the routes of the table: each {parameter} replaced by an object
// that exists in the default fixtures, so handlers go past "not found".
#include <map>
#include <string>
#include <vector>

namespace ovhmock::fuzz {

struct Target {
  std::string method;
  std::string target;   // with the branch prefix, e.g. /1.0/domain/zone/example.com/record
  std::string pattern;  // the route's pattern, e.g. /domain/zone/{zoneName}/record
  bool authenticated = true;
};

// Objects of the default fixtures, by path parameter name ("zoneName" -> "example.com").
const std::map<std::string, std::string>& parameter_values();

// Every route of api_routes(), parameters filled in.
std::vector<Target> all_targets();
// The routes that take a body: POST, PUT, PATCH, DELETE.
std::vector<Target> writable_targets();
// A body the route accepts (empty when it takes none).
std::string sample_body(const Target& target);

}  // namespace ovhmock::fuzz
