#pragma once
// Concrete requests for the routes of the table: each {parameter} replaced by an object
// that exists in the default fixtures, so handlers go past "not found".
#include <string>
#include <vector>

namespace ovhmock::fuzz {

struct Target {
  std::string method;
  std::string target;  // with the branch prefix, e.g. /1.0/domain/zone/example.com/record
};

// Every route of api_routes(), parameters filled in.
std::vector<Target> all_targets();
// The routes that take a body: POST, PUT, PATCH, DELETE.
std::vector<Target> writable_targets();

}  // namespace ovhmock::fuzz
