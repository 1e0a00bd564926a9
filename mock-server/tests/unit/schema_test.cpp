// Checks against OVH's own schema files (never copied into the repository): the project's
// model definitions agree with OVH's, every shipped fixture object fits OVH's model, and
// every response the server produces fits the responseType OVH declares for the operation.
// The files are read from $OVHMOCK_SCHEMAS_DIR, by default ../shared/ovh-api-schemas beside
// the repository; the tests are skipped when they are absent.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "ovhmock/api/domain/domain_area.hpp"
#include "ovhmock/auth/decision.hpp"
#include "ovhmock/model/api_models.hpp"
#include "ovhmock/model/time_format.hpp"
#include "support/api_test.hpp"

namespace ovhmock {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path schemas_dir() {
  if (const char* env = std::getenv("OVHMOCK_SCHEMAS_DIR"); env && *env) return env;
  return test::fixtures_dir().parent_path().parent_path() / "shared" / "ovh-api-schemas";
}

// OVH's schema files, native format: {apis: [{path, operations: [...]}], models: {...}}.
struct Schemas {
  std::map<std::string, json> files;  // "me", "auth", "domain", "v2"
  bool loaded = false;

  Schemas() {
    const auto dir = schemas_dir();
    const std::map<std::string, fs::path> paths = {{"me", dir / "me.json"},
                                                   {"auth", dir / "auth.json"},
                                                   {"domain", dir / "domain.json"},
                                                   {"v2", dir / "v2" / "domain.json"},
                                                   {"sms", dir / "sms.json"}};
    for (const auto& [key, path] : paths) {
      if (!fs::exists(path)) return;
      files[key] = json::parse(test::read_file(path));
    }
    loaded = true;
  }

  const json* model(const std::string& id) const {
    for (const char* key : {"me", "auth", "domain", "v2", "sms"}) {
      const auto& models = files.at(key).at("models");
      if (models.contains(id)) return &models.at(id);
    }
    return nullptr;
  }

  // The responseType OVH declares for an operation, or "" when the operation is not in the file.
  std::string response_type(const std::string& file, const std::string& path, const std::string& method) const {
    for (const auto& api : files.at(file).at("apis"))
      if (api.at("path") == path)
        for (const auto& op : api.at("operations"))
          if (op.at("httpMethod") == method) return op.at("responseType").get<std::string>();
    return "";
  }
};

const Schemas& schemas() {
  static const Schemas s;
  return s;
}

#define REQUIRE_SCHEMAS()                                                                                       \
  if (!schemas().loaded)                                                                                        \
  GTEST_SKIP() << "OVH's schema files are not in " << schemas_dir()                                             \
               << " (me.json, auth.json, domain.json, v2/domain.json, sms.json): OVH publishes them at "        \
                  "https://eu.api.ovh.com/1.0/<area>.json and https://eu.api.ovh.com/v2/domain.json; download " \
                  "them and set OVHMOCK_SCHEMAS_DIR (README.md, \"OVH's schema files\")"

std::string type_of(const json& property) {
  if (property.contains("fullType") && property.at("fullType").is_string()) return property.at("fullType");
  return property.at("type");
}

bool address(const std::string& s, int family) {
  unsigned char buf[16];
  return inet_pton(family, s.c_str(), buf) == 1;
}

// Checks a value against an OVH type, using only OVH's schema. Returns "" or the problem.
std::string fits(const json& v, const std::string& type, const std::string& path) {
  const auto bad = [&](const std::string& why) {
    return path + ": " + why + " (type " + type + ", got " + v.dump() + ")";
  };
  if (type.size() > 2 && type.ends_with("[]")) {
    if (!v.is_array()) return bad("not an array");
    for (std::size_t i = 0; i < v.size(); ++i)
      if (auto p = fits(v[i], type.substr(0, type.size() - 2), path + "[" + std::to_string(i) + "]"); !p.empty())
        return p;
    return "";
  }
  if (type == "string" || type == "password" || type == "text") return v.is_string() ? "" : bad("not a string");
  if (type == "long" || type == "int") return v.is_number_integer() ? "" : bad("not an integer");
  if (type == "boolean") return v.is_boolean() ? "" : bad("not a boolean");
  if (type == "double") return v.is_number() ? "" : bad("not a number");
  if (type == "map[string]string") return v.is_object() ? "" : bad("not an object");
  if (type == "datetime") return v.is_string() && parse_datetime(v.get<std::string>()) ? "" : bad("not a datetime");
  if (type == "date") return v.is_string() && is_valid_date(v.get<std::string>()) ? "" : bad("not a date");
  if (type == "uuid") return v.is_string() && v.get<std::string>().size() == 36 ? "" : bad("not a uuid");
  if (type == "ipv4") return v.is_string() && address(v.get<std::string>(), AF_INET) ? "" : bad("not an ipv4");
  if (type == "ipv6") return v.is_string() && address(v.get<std::string>(), AF_INET6) ? "" : bad("not an ipv6");
  if (type == "ip")
    return v.is_string() && (address(v.get<std::string>(), AF_INET) || address(v.get<std::string>(), AF_INET6))
               ? ""
               : bad("not an ip");
  if (type == "ipBlock") return v.is_string() && is_valid_ip_block(v.get<std::string>()) ? "" : bad("not an ipBlock");
  const json* m = schemas().model(type);
  if (!m) return bad("type unknown to the schema files");
  if (m->contains("enum")) {
    if (!v.is_string()) return bad("not a string");
    for (const auto& e : m->at("enum"))
      if (e == v) return "";
    return bad("not in the enumeration");
  }
  if (!v.is_object()) return bad("not an object");
  const auto& props = m->at("properties");
  for (const auto& [key, item] : v.items())
    if (!props.contains(key)) return path + "." + key + ": not a property of " + type;
  for (const auto& [name, prop] : props.items()) {
    if (!v.contains(name)) return path + "." + name + ": missing (" + type + ")";
    const auto& item = v.at(name);
    if (item.is_null()) {
      if (!prop.value("canBeNull", false)) return path + "." + name + ": null but canBeNull is false";
      continue;
    }
    if (auto p = fits(item, type_of(prop), path + "." + name); !p.empty()) return p;
  }
  return "";
}

TEST(Schema, OurModelDefinitionsAgreeWithOvhs) {
  REQUIRE_SCHEMAS();
  for (const auto& mine : object_models()) {
    const json* theirs = schemas().model(mine.id);
    ASSERT_TRUE(theirs) << mine.id << " is not in OVH's schema files";
    const auto& props = theirs->at("properties");
    std::set<std::string> their_names, our_names;
    for (const auto& [name, p] : props.items()) their_names.insert(name);
    for (const auto& f : mine.fields) our_names.insert(f.name);
    EXPECT_EQ(our_names, their_names) << mine.id;
    for (const auto& f : mine.fields) {
      if (!props.contains(f.name)) continue;
      const auto& p = props.at(f.name);
      EXPECT_EQ(f.type, type_of(p)) << mine.id << "." << f.name;
      EXPECT_EQ(f.nullable, p.value("canBeNull", false)) << mine.id << "." << f.name << " canBeNull";
      EXPECT_EQ(f.read_only, p.value("readOnly", false)) << mine.id << "." << f.name << " readOnly";
      EXPECT_EQ(f.required, p.value("required", false)) << mine.id << "." << f.name << " required";
    }
  }
  for (const auto& mine : enum_models()) {
    const json* theirs = schemas().model(mine.id);
    ASSERT_TRUE(theirs && theirs->contains("enum")) << mine.id << " is not an enum of OVH's schema files";
    EXPECT_EQ(json(mine.values), theirs->at("enum")) << mine.id;
  }
}

TEST(Schema, EveryShippedFixtureObjectFitsOvhsModels) {
  REQUIRE_SCHEMAS();
  const auto dir = test::default_fixtures_dir();
  auto file = [&](const fs::path& p) { return json::parse(test::read_file(p)); };
  EXPECT_EQ(fits(file(dir / "account.json"), "nichandle.Nichandle", "account.json"), "");
  std::size_t domains = 0, zones = 0, records = 0;
  for (const auto& entry : fs::directory_iterator(dir / "domains")) {
    const auto d = file(entry.path());
    const auto name = entry.path().filename().string();
    EXPECT_EQ(fits(d.at("service"), "domain.DomainServiceWithIAM", name + " service"), "");
    EXPECT_EQ(fits(d.at("v2"), "domain.DomainWithIAM", name + " v2"), "");
    ++domains;
  }
  for (const auto& entry : fs::directory_iterator(dir / "zones")) {
    const auto z = file(entry.path());
    const auto name = entry.path().filename().string();
    EXPECT_EQ(fits(z.at("zone"), "domain.ZoneWithIAM", name + " zone"), "");
    EXPECT_EQ(fits(z.at("soa"), "domain.zone.Soa", name + " soa"), "");
    EXPECT_EQ(fits(z.at("status"), "domain.zone.Status", name + " status"), "");
    EXPECT_EQ(fits(z.at("serviceInfos"), "services.Service", name + " serviceInfos"), "");
    for (const auto& r : z.at("records")) {
      EXPECT_EQ(fits(r, "domain.zone.Record", name + " record " + r.at("id").dump()), "");
      ++records;
    }
    ++zones;
  }
  std::size_t sms_accounts = 0;
  for (const auto& entry : fs::directory_iterator(dir / "sms")) {
    const auto a = file(entry.path());
    const auto name = entry.path().filename().string();
    EXPECT_EQ(fits(a.at("account"), "sms.Account", name + " account"), "");
    for (const auto& sender : a.at("senders")) EXPECT_EQ(fits(sender, "sms.Sender", name + " sender"), "");
    ++sms_accounts;
  }
  EXPECT_GE(sms_accounts, 1u);
  EXPECT_GE(domains, 2u);
  EXPECT_GE(zones, 2u);
  EXPECT_GE(records, 12u);
  // applications.json and credentials.json add the secrets the API never shows; the rest are
  // fields of auth.ApiApplication and auth.ApiCredential with OVH's types.
  const std::map<std::string, std::pair<std::string, std::set<std::string>>> partial = {
      {"applications.json", {"auth.ApiApplication", {"applicationSecret"}}},
      {"credentials.json", {"auth.ApiCredential", {"consumerKey", "redirection"}}}};
  for (const auto& [name, spec] : partial) {
    const auto& props = schemas().model(spec.first)->at("properties");
    for (const auto& item : file(dir / name))
      for (const auto& [key, value] : item.items()) {
        if (spec.second.count(key)) continue;
        ASSERT_TRUE(props.contains(key)) << name << ": " << key << " is not a field of " << spec.first;
        if (value.is_null()) {
          EXPECT_TRUE(props.at(key).value("canBeNull", false)) << name << ": " << key;
          continue;
        }
        EXPECT_EQ(fits(value, type_of(props.at(key)), name + " " + key), "");
      }
  }
}

class SchemaResponses : public test::ApiTest {
 protected:
  // Calls the route and checks the answer against the responseType OVH declares for it.
  void check(const std::string& file, const std::string& path, const std::string& method, const std::string& target,
             const std::string& body = "") {
    const auto type = schemas().response_type(file, path, method);
    ASSERT_FALSE(type.empty()) << method << " " << path << " is not in " << file << ".json";
    const auto r = call(method, target, body);
    if (type == "void") {
      EXPECT_EQ(r.status, 204) << method << " " << target << ": " << r.body;
      return;
    }
    ASSERT_EQ(r.status, 200) << method << " " << target << ": " << r.body;
    EXPECT_EQ(fits(json::parse(r.body), type, method + " " + target), "");
    ++checked;
  }
  int checked = 0;
};

TEST_F(SchemaResponses, MeRoutesAnswerWithOvhsResponseTypes) {
  REQUIRE_SCHEMAS();
  check("me", "/me", "GET", "/1.0/me");
  check("me", "/me/api/application", "GET", "/1.0/me/api/application");
  for (const auto& a : state.credentials.applications())
    check("me", "/me/api/application/{applicationId}", "GET", "/1.0/me/api/application/" + std::to_string(a.id));
  check("me", "/me/api/credential", "GET", "/1.0/me/api/credential");
  for (const auto& c : state.credentials.credentials()) {
    check("me", "/me/api/credential/{credentialId}", "GET", "/1.0/me/api/credential/" + std::to_string(c.id));
    check("me", "/me/api/credential/{credentialId}/application", "GET",
          "/1.0/me/api/credential/" + std::to_string(c.id) + "/application");
  }
  check("me", "/me", "PUT", "/1.0/me", R"({"city":"Lille"})");
  check("me", "/me/api/credential/{credentialId}", "PUT", "/1.0/me/api/credential/512040377", R"({"allowedIPs":null})");
  check("me", "/me/api/credential/{credentialId}", "DELETE", "/1.0/me/api/credential/512040377");
  check("me", "/me/api/application/{applicationId}", "DELETE", "/1.0/me/api/application/301877");
  EXPECT_GE(checked, 20);
}

TEST_F(SchemaResponses, DomainRoutesAnswerWithOvhsResponseTypes) {
  REQUIRE_SCHEMAS();
  check("domain", "/domain", "GET", "/1.0/domain");
  for (const auto& name : state.store<DomainAreaStore>().domains.names())
    check("domain", "/domain/{serviceName}", "GET", "/1.0/domain/" + name);
  check("domain", "/domain/zone", "GET", "/1.0/domain/zone");
  for (const auto& name : state.store<DomainAreaStore>().zones.names()) {
    const std::string z = "/1.0/domain/zone/" + name;
    check("domain", "/domain/zone/{zoneName}", "GET", z);
    check("domain", "/domain/zone/{zoneName}/record", "GET", z + "/record");
    const auto ids = state.store<DomainAreaStore>().zones.record_ids(name, {}).value();
    for (auto id : ids)
      check("domain", "/domain/zone/{zoneName}/record/{id}", "GET", z + "/record/" + std::to_string(id));
    check("domain", "/domain/zone/{zoneName}/status", "GET", z + "/status");
    check("domain", "/domain/zone/{zoneName}/soa", "GET", z + "/soa");
    check("domain", "/domain/zone/{zoneName}/serviceInfos", "GET", z + "/serviceInfos");
    check("domain", "/domain/zone/{zoneName}/export", "GET", z + "/export");
    check("domain", "/domain/zone/{zoneName}/record", "POST", z + "/record",
          R"({"fieldType":"TXT","subDomain":"_acme-challenge","target":"token","ttl":60})");
    const auto first = std::to_string(ids.front());
    check("domain", "/domain/zone/{zoneName}/record/{id}", "PUT", z + "/record/" + first, R"({"ttl":300})");
    check("domain", "/domain/zone/{zoneName}/record/{id}", "DELETE", z + "/record/" + first);
    check("domain", "/domain/zone/{zoneName}/refresh", "POST", z + "/refresh");
  }
  EXPECT_GE(checked, 35);
}

TEST_F(SchemaResponses, V2DomainRoutesAnswerWithOvhsResponseTypes) {
  REQUIRE_SCHEMAS();
  check("v2", "/domain/name", "GET", "/v2/domain/name");
  for (const auto& name : state.store<DomainAreaStore>().domains.names())
    check("v2", "/domain/name/{domainName}", "GET", "/v2/domain/name/" + name);
  EXPECT_EQ(checked, 3);
}

TEST_F(SchemaResponses, SmsRoutesAnswerWithOvhsResponseTypes) {
  REQUIRE_SCHEMAS();
  const std::string s = "/1.0/sms/sms-ab12345-1";
  check("sms", "/sms", "GET", "/1.0/sms");
  check("sms", "/sms/{serviceName}", "GET", s);
  check("sms", "/sms/{serviceName}", "PUT", s, R"({"description":"renamed"})");
  check("sms", "/sms/{serviceName}/senders", "GET", s + "/senders");
  check("sms", "/sms/{serviceName}/senders/{sender}", "GET", s + "/senders/EXAMPLE");
  check("sms", "/sms/{serviceName}/senders", "POST", s + "/senders", R"({"sender":"SHOP","reason":"our shop"})");
  check("sms", "/sms/{serviceName}/senders/{sender}", "PUT", s + "/senders/SHOP", R"({"description":"x"})");
  check("sms", "/sms/{serviceName}/senders/{sender}", "DELETE", s + "/senders/SHOP");
  check("sms", "/sms/{serviceName}/jobs", "POST", s + "/jobs",
        R"({"message":"later","receivers":["+33601020304"],"sender":"EXAMPLE","differedPeriod":5})");
  check("sms", "/sms/{serviceName}/jobs", "GET", s + "/jobs");
  const auto job = json::parse(call("GET", s + "/jobs").body).at(0).dump();
  check("sms", "/sms/{serviceName}/jobs/{id}", "GET", s + "/jobs/" + job);
  check("sms", "/sms/{serviceName}/jobs/{id}", "DELETE", s + "/jobs/" + job);
  check("sms", "/sms/{serviceName}/jobs", "POST", s + "/jobs",
        R"({"message":"now","receivers":["+33601020304"],"sender":"EXAMPLE"})");
  check("sms", "/sms/{serviceName}/outgoing", "GET", s + "/outgoing");
  const auto sent = json::parse(call("GET", s + "/outgoing").body).at(0).dump();
  check("sms", "/sms/{serviceName}/outgoing/{id}", "GET", s + "/outgoing/" + sent);
  check("sms", "/sms/{serviceName}/outgoing/{id}", "DELETE", s + "/outgoing/" + sent);
  EXPECT_EQ(checked, 11);  // the void answers (PUT, DELETE) are checked but not counted
}

TEST(Schema, EverySmsRouteOfTheTableIsAnOvhOperation) {
  REQUIRE_SCHEMAS();
  int routes = 0;
  for (const auto& r : api_routes()) {
    if (r.branch != Branch::v1 || !r.pattern.starts_with("/sms")) continue;
    EXPECT_FALSE(schemas().response_type("sms", r.pattern, r.method).empty())
        << r.method << " " << r.pattern << " is not an operation of sms.json";
    ++routes;
  }
  EXPECT_EQ(routes, 15);
}

TEST(Schema, EveryMeAndDomainRouteOfTheTableIsAnOvhOperation) {
  REQUIRE_SCHEMAS();
  int routes = 0;
  for (const auto& r : api_routes()) {
    const bool v1 = r.branch == Branch::v1, v2 = r.branch == Branch::v2;
    if (!(v1 || v2) || !(r.pattern.starts_with("/me") || r.pattern.starts_with("/domain"))) continue;
    const std::string file = v2 ? "v2" : (r.pattern.starts_with("/me") ? "me" : "domain");
    EXPECT_FALSE(schemas().response_type(file, r.pattern, r.method).empty())
        << r.method << " " << r.pattern << " is not an operation of " << file << ".json";
    ++routes;
  }
  EXPECT_GE(routes, 26);
}

}  // namespace
}  // namespace ovhmock
