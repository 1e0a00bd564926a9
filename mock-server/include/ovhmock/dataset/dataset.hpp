#pragma once
// Loading a fixtures directory into a Dataset. Every object is validated; the first
// problem stops the load with an error naming the file, the object and the field.
#include <filesystem>
#include <stdexcept>
#include <string>

#include <memory>
#include <vector>

#include "ovhmock/api/area.hpp"
#include "ovhmock/store/credential_store.hpp"
#include "ovhmock/store/login_store.hpp"
#include "ovhmock/store/oauth2.hpp"

namespace ovhmock {

// Everything a data set holds; the server's stores are filled from it and reset to it.
struct Dataset {
  CredentialData credentials;
  // Credential flows (docs/credentials.md): optional logins.json and oauth2_clients.json.
  std::vector<Login> logins;
  std::vector<OAuth2Client> oauth2_clients;
  // Each API area's slice, in the order of areas() (null for an area without data).
  std::vector<std::shared_ptr<const AreaData>> areas;

  // The slice of the area whose data is a `Data` (nullptr when none).
  template <class Data>
  const Data* area() const {
    return area_data<Data>(areas);
  }
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

// The identity files (applications, credentials, logins, OAuth2 clients), then each
// area's files (Area::read_fixtures, in the order of areas()).
Dataset load_fixtures(const std::filesystem::path& dir);

}  // namespace ovhmock
