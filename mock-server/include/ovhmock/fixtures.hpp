#pragma once
// Loading a fixtures directory into a Dataset. Every object is validated; the first
// problem stops the load with an error naming the file, the object and the field.
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "ovhmock/credential_store.hpp"
#include "ovhmock/domain_store.hpp"
#include "ovhmock/login_store.hpp"
#include "ovhmock/oauth2.hpp"
#include "ovhmock/zone_store.hpp"

namespace ovhmock {
namespace sms {
struct Data;
}  // namespace sms

// Everything a data set holds; the server's stores are filled from it and reset to it.
struct Dataset {
  CredentialData credentials;
  // Credential flows (docs/credentials.md): optional logins.json and oauth2_clients.json.
  std::vector<Login> logins;
  std::vector<OAuth2Client> oauth2_clients;
  // /me and /domain (account.json, domains/, zones/; each optional).
  std::optional<nlohmann::json> account;  // nichandle.Nichandle
  std::vector<DomainService> domains;
  std::vector<Zone> zones;
  std::shared_ptr<const sms::Data> sms;  // sms/ (src/api/sms)
};

class FixtureError : public std::runtime_error {
 public:
  FixtureError(std::string file, std::string object, std::string field, std::string problem);
  const std::string& file() const { return file_; }
  const std::string& object() const { return object_; }
  const std::string& field() const { return field_; }

 private:
  std::string file_, object_, field_;
};

Dataset load_fixtures(const std::filesystem::path& dir);

// account.json, domains/*.json and zones/*.json of a fixtures directory (api_data_loader.cpp).
void load_api_data(const std::filesystem::path& dir, Dataset& data);

}  // namespace ovhmock
