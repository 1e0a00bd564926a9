#pragma once
// Applications (AK/AS) and consumer keys (CK), in memory, thread-safe. Knows no HTTP.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "ovhmock/auth/credentials.hpp"
#include "ovhmock/model/random.hpp"

namespace ovhmock {

class CredentialStore final : public KeyLookup {
 public:
  void load(CredentialData data);
  CredentialData snapshot() const;

  // Lookups by key see revoked entries too (authentication must tell them apart);
  // lookups by id and listings do not.
  std::optional<Application> application_by_key(std::string_view key) const;
  std::optional<Application> application(std::int64_t id) const;
  std::vector<Application> applications() const;
  std::optional<Credential> credential_by_key(std::string_view consumer_key) const;
  // Calls `visit` with the application of `application_key` and the credential of
  // `consumer_key` (nullptr when unknown; revoked ones included) under the store's shared
  // lock: authentication copies the few fields it needs instead of the whole records.
  void visit_keys(std::string_view application_key, std::string_view consumer_key,
                  const std::function<void(const Application*, const Credential*)>& visit) const override;
  std::optional<Credential> credential(std::int64_t id) const;
  std::optional<Credential> credential_by_token(std::string_view token) const;
  std::vector<Credential> credentials() const;

  // Adds an application; a zero id or an empty key/secret is generated.
  Application add_application(Application app);
  // Adds a credential; a zero id or an empty consumer key/token is generated.
  Credential add_credential(Credential cred);
  // Applies `change` to the credential under the store's lock; false if unknown.
  bool update_credential(std::int64_t id, const std::function<void(Credential&)>& change);
  // Revokes the credential (see remove_application).
  bool remove_credential(std::int64_t id);
  // Revokes the application and every credential of it: they disappear from listings and
  // lookups by id, and their keys answer INVALID_CREDENTIAL.
  bool remove_application(std::int64_t id);
  void touch(std::int64_t credential_id, std::int64_t now);

  std::size_t application_count() const;
  std::size_t credential_count() const;

 private:
  std::int64_t next_id_locked(bool credential);
  mutable std::shared_mutex mu_;
  std::map<std::int64_t, Application> apps_;
  std::map<std::int64_t, Credential> creds_;
  std::map<std::string, std::int64_t, std::less<>> app_by_key_;
  std::map<std::string, std::int64_t, std::less<>> cred_by_key_;
};

}  // namespace ovhmock
