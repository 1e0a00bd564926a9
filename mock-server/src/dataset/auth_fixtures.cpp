#include "dataset/auth_fixtures.hpp"

#include <cctype>
#include <set>

#include "ovhmock/dataset/object_reader.hpp"

namespace ovhmock::fixtures {
namespace {

const nlohmann::json& array_of_objects(const nlohmann::json& doc, const std::string& file) {
  if (!doc.is_array()) throw FixtureError(file, "", "", "must be a JSON array of objects");
  return doc;
}

std::string lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool unreserved(const std::string& s) {
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '~' && c != '-') return false;
  return true;
}

}  // namespace

std::vector<Login> load_logins(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) return {};
  const std::string file = path.string();
  const auto doc = read_json_file(path);
  std::vector<Login> out;
  std::set<std::string> names;
  std::size_t index = 0;
  for (const auto& item : array_of_objects(doc, file)) {
    ObjectReader r(item, file, "login #" + std::to_string(index++));
    r.only({"nichandle", "email", "password"});
    Login l{r.string("nichandle"), r.string("email"), r.string("password")};
    if (l.nichandle.empty()) r.fail("nichandle", "must not be empty");
    if (l.email.find('@') == std::string::npos) r.fail("email", "must be an email address");
    if (l.password.empty()) r.fail("password", "must not be empty");
    if (!names.insert(lower(l.nichandle)).second) r.fail("nichandle", "is used by another login");
    if (!names.insert(lower(l.email)).second) r.fail("email", "is used by another login");
    out.push_back(std::move(l));
  }
  return out;
}

std::vector<OAuth2Client> load_oauth2_clients(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) return {};
  const std::string file = path.string();
  const auto doc = read_json_file(path);
  std::vector<OAuth2Client> out;
  std::set<std::string> ids;
  std::size_t index = 0;
  for (const auto& item : array_of_objects(doc, file)) {
    ObjectReader first(item, file, "OAuth2 client #" + std::to_string(index++));
    const std::string id = first.string("clientId");
    ObjectReader r(item, file, "OAuth2 client " + id);
    r.only({"clientId", "clientSecret", "name", "description", "identity"});
    OAuth2Client c{id, r.string("clientSecret"), r.string("name"), r.string("description"),
                   r.nullable_string("identity")};
    if (c.client_id.empty()) r.fail("clientId", "must not be empty");
    if (c.client_secret.empty()) r.fail("clientSecret", "must not be empty");
    // Clients differ on form-encoding the id and secret inside HTTP Basic (go and node do,
    // requests does not): with only unreserved characters both ways read the same.
    if (!unreserved(c.client_id)) r.fail("clientId", "may only hold letters, digits and . _ ~ -");
    if (!unreserved(c.client_secret)) r.fail("clientSecret", "may only hold letters, digits and . _ ~ -");
    if (!ids.insert(c.client_id).second) r.fail("clientId", "is used by another client");
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace ovhmock::fixtures
