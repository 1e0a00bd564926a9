#include <set>

#include "dataset/auth_fixtures.hpp"
#include "ovhmock/auth/credential_checks.hpp"
#include "ovhmock/auth/decision.hpp"
#include "ovhmock/dataset/dataset.hpp"
#include "ovhmock/dataset/object_reader.hpp"

namespace ovhmock {

namespace {
std::string describe(std::string file, std::string object, std::string field, const std::string& problem) {
  std::string where = file;
  if (!object.empty()) where += ": " + object;
  if (!field.empty()) where += ": field \"" + field + "\"";
  return where + ": " + problem;
}
}  // namespace

FixtureError::FixtureError(std::string file, std::string object, std::string field, std::string problem)
    : std::runtime_error(describe(file, object, field, problem)),
      file_(std::move(file)),
      object_(std::move(object)),
      field_(std::move(field)) {}

namespace fixtures {
namespace {

const std::vector<std::string> kApplicationStatus = {"active", "blocked", "inactive", "trusted"};
const std::vector<std::string> kCredentialState = {"expired", "pendingValidation", "refused", "validated"};

const nlohmann::json& array_in(const nlohmann::json& doc, const std::string& file) {
  if (!doc.is_array()) throw FixtureError(file, "", "", "must be a JSON array of objects");
  return doc;
}

std::vector<Application> load_applications(const std::filesystem::path& path) {
  const std::string file = path.string();
  const auto doc = read_json_file(path);
  std::vector<Application> out;
  std::set<std::int64_t> ids;
  std::set<std::string> keys;
  std::size_t index = 0;
  for (const auto& item : array_in(doc, file)) {
    ObjectReader r(item, file, "application #" + std::to_string(index++));
    r.only({"applicationId", "applicationKey", "applicationSecret", "name", "description", "status"});
    Application a;
    a.id = r.integer("applicationId");
    ObjectReader named(item, file, "application " + std::to_string(a.id));
    a.key = named.string("applicationKey");
    a.secret = named.string("applicationSecret");
    a.name = named.string("name");
    a.description = named.string("description");
    a.status = *parse_application_status(named.enumeration("status", kApplicationStatus));
    if (a.id <= 0) named.fail("applicationId", "must be positive");
    if (a.key.empty()) named.fail("applicationKey", "must not be empty");
    if (a.secret.empty()) named.fail("applicationSecret", "must not be empty");
    if (!ids.insert(a.id).second) named.fail("applicationId", "is used by another application");
    if (!keys.insert(a.key).second) named.fail("applicationKey", "is used by another application");
    out.push_back(std::move(a));
  }
  return out;
}

// The access rules of `field`, checked by check_access_rules (the one validator): its
// first bad entry becomes the fixture error, named by its field path ("rules[2].method").
std::vector<AccessRule> read_rules(const ObjectReader& r, const char* field) {
  const auto& v = r.raw(field);
  if (auto bad = check_access_rules(v)) {
    const std::string entry = std::string(field) + "[" + std::to_string(bad->index) + "]";
    switch (bad->problem) {
      case BadEntry::Problem::not_a_list:
        r.fail(field, "must be an array of {method, path}");
      case BadEntry::Problem::unknown_field:
        r.fail(entry + "." + bad->detail, "is not a known field (a rule has a method and a path)");
      case BadEntry::Problem::unknown_method: {
        std::string methods;
        for (const auto& m : rule_methods()) methods += (methods.empty() ? "" : ", ") + m;
        r.fail(entry + ".method", "\"" + bad->detail + "\" is not one of: " + methods);
      }
      default:  // not_a_rule
        r.fail(entry, "must be an object with a string method and a string path, not " + bad->detail);
    }
  }
  std::vector<AccessRule> rules;
  for (const auto& rule : v)
    rules.push_back({rule.at("method").get<std::string>(), rule.at("path").get<std::string>()});
  return rules;
}

std::vector<Credential> load_credentials(const std::filesystem::path& path, const std::vector<Application>& apps) {
  const std::string file = path.string();
  const auto doc = read_json_file(path);
  std::set<std::int64_t> app_ids;
  for (const auto& a : apps) app_ids.insert(a.id);
  std::vector<Credential> out;
  std::set<std::int64_t> ids;
  std::set<std::string> keys;
  std::size_t index = 0;
  for (const auto& item : array_in(doc, file)) {
    ObjectReader first(item, file, "credential #" + std::to_string(index++));
    Credential c;
    c.id = first.integer("credentialId");
    ObjectReader r(item, file, "credential " + std::to_string(c.id));
    r.only({"credentialId", "consumerKey", "applicationId", "status", "rules", "creation", "expiration", "lastUse",
            "allowedIPs", "ovhSupport", "redirection"});
    c.consumer_key = r.string("consumerKey");
    c.application_id = r.integer("applicationId");
    c.state = *parse_credential_state(r.enumeration("status", kCredentialState));
    c.rules = read_rules(r, "rules");
    c.creation = r.datetime("creation");
    c.expiration = r.nullable_datetime("expiration");
    c.last_use = r.nullable_datetime("lastUse");
    c.allowed_ips = r.nullable_string_array("allowedIPs");
    c.ovh_support = r.has("ovhSupport") ? r.boolean("ovhSupport") : false;
    c.redirection = r.nullable_string("redirection").value_or("");
    if (c.id <= 0) r.fail("credentialId", "must be positive");
    if (c.consumer_key.empty()) r.fail("consumerKey", "must not be empty");
    if (!app_ids.count(c.application_id)) r.fail("applicationId", "names no application in applications.json");
    if (c.allowed_ips)
      if (auto wrong = check_allowed_ips(nlohmann::json(*c.allowed_ips)))
        r.fail("allowedIPs", wrong->detail + " is not an IP address or block");
    if (!ids.insert(c.id).second) r.fail("credentialId", "is used by another credential");
    if (!keys.insert(c.consumer_key).second) r.fail("consumerKey", "is used by another credential");
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace
}  // namespace fixtures

Dataset load_fixtures(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) throw FixtureError(dir.string(), "", "", "is not a directory");
  Dataset data;
  data.credentials.applications = fixtures::load_applications(dir / "applications.json");
  data.credentials.credentials = fixtures::load_credentials(dir / "credentials.json", data.credentials.applications);
  // Credential flows (docs/credentials.md).
  data.logins = fixtures::load_logins(dir / "logins.json");
  data.oauth2_clients = fixtures::load_oauth2_clients(dir / "oauth2_clients.json");
  for (const auto& area : areas())
    data.areas.push_back(area.read_fixtures ? std::shared_ptr<const AreaData>(area.read_fixtures(dir)) : nullptr);
  return data;
}

}  // namespace ovhmock
