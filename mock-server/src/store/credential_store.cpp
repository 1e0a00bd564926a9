#include "ovhmock/store/credential_store.hpp"

#include "ovhmock/model/random.hpp"


#include <mutex>
#include <stdexcept>

namespace ovhmock {
void CredentialStore::load(CredentialData data) {
  std::unique_lock lock(mu_);
  apps_.clear();
  creds_.clear();
  app_by_key_.clear();
  cred_by_key_.clear();
  for (auto& a : data.applications) {
    app_by_key_[a.key] = a.id;
    apps_[a.id] = std::move(a);
  }
  for (auto& c : data.credentials) {
    // A pending key from the fixtures gets a validation page too.
    if (c.state == CredentialState::pendingValidation && c.validation_token.empty())
      c.validation_token = random_token(64);
    cred_by_key_[c.consumer_key] = c.id;
    creds_[c.id] = std::move(c);
  }
}

CredentialData CredentialStore::snapshot() const {
  std::shared_lock lock(mu_);
  CredentialData out;
  for (const auto& [id, a] : apps_) out.applications.push_back(a);
  for (const auto& [id, c] : creds_) out.credentials.push_back(c);
  return out;
}

std::optional<Application> CredentialStore::application_by_key(std::string_view key) const {
  std::shared_lock lock(mu_);
  auto it = app_by_key_.find(key);
  if (it == app_by_key_.end()) return std::nullopt;
  return apps_.at(it->second);
}

std::optional<Application> CredentialStore::application(std::int64_t id) const {
  std::shared_lock lock(mu_);
  auto it = apps_.find(id);
  if (it == apps_.end() || it->second.revoked) return std::nullopt;
  return it->second;
}

std::vector<Application> CredentialStore::applications() const {
  std::shared_lock lock(mu_);
  std::vector<Application> out;
  for (const auto& [id, a] : apps_)
    if (!a.revoked) out.push_back(a);
  return out;
}

std::optional<Credential> CredentialStore::credential_by_key(std::string_view consumer_key) const {
  std::shared_lock lock(mu_);
  auto it = cred_by_key_.find(consumer_key);
  if (it == cred_by_key_.end()) return std::nullopt;
  return creds_.at(it->second);
}

void CredentialStore::visit_keys(std::string_view application_key, std::string_view consumer_key,
                                 const std::function<void(const Application*, const Credential*)>& visit) const {
  std::shared_lock lock(mu_);
  const Application* app = nullptr;
  if (auto it = app_by_key_.find(application_key); it != app_by_key_.end()) app = &apps_.at(it->second);
  const Credential* cred = nullptr;
  if (auto it = cred_by_key_.find(consumer_key); it != cred_by_key_.end()) cred = &creds_.at(it->second);
  visit(app, cred);
}

std::optional<Credential> CredentialStore::credential(std::int64_t id) const {
  std::shared_lock lock(mu_);
  auto it = creds_.find(id);
  if (it == creds_.end() || it->second.revoked) return std::nullopt;
  return it->second;
}

std::optional<Credential> CredentialStore::credential_by_token(std::string_view token) const {
  if (token.empty()) return std::nullopt;
  std::shared_lock lock(mu_);
  for (const auto& [id, c] : creds_)
    if (!c.revoked && c.validation_token == token) return c;
  return std::nullopt;
}

std::vector<Credential> CredentialStore::credentials() const {
  std::shared_lock lock(mu_);
  std::vector<Credential> out;
  for (const auto& [id, c] : creds_)
    if (!c.revoked) out.push_back(c);
  return out;
}

std::int64_t CredentialStore::next_id_locked(bool credential) {
  // Ids in the ranges the real API uses (applications ~6 digits, credentials ~9 digits).
  if (credential) {
    std::int64_t id = creds_.empty() ? 500000000 : creds_.rbegin()->first + 1;
    return id < 500000000 ? 500000000 : id;
  }
  std::int64_t id = apps_.empty() ? 200000 : apps_.rbegin()->first + 1;
  return id < 200000 ? 200000 : id;
}

Application CredentialStore::add_application(Application app) {
  std::unique_lock lock(mu_);
  if (app.id == 0 || apps_.count(app.id)) app.id = next_id_locked(false);
  if (app.key.empty() || app_by_key_.count(app.key)) app.key = random_token(16);
  if (app.secret.empty()) app.secret = random_token(32);
  app_by_key_[app.key] = app.id;
  apps_[app.id] = app;
  return app;
}

Credential CredentialStore::add_credential(Credential cred) {
  std::unique_lock lock(mu_);
  if (cred.id == 0 || creds_.count(cred.id)) cred.id = next_id_locked(true);
  if (cred.consumer_key.empty() || cred_by_key_.count(cred.consumer_key)) cred.consumer_key = random_token(32);
  if (cred.validation_token.empty()) cred.validation_token = random_token(64);
  cred_by_key_[cred.consumer_key] = cred.id;
  creds_[cred.id] = cred;
  return cred;
}

bool CredentialStore::update_credential(std::int64_t id, const std::function<void(Credential&)>& change) {
  std::unique_lock lock(mu_);
  auto it = creds_.find(id);
  if (it == creds_.end()) return false;
  const std::string key = it->second.consumer_key;
  const std::int64_t cid = it->second.id;
  change(it->second);
  it->second.consumer_key = key;  // identity fields never change
  it->second.id = cid;
  return true;
}

bool CredentialStore::remove_credential(std::int64_t id) {
  std::unique_lock lock(mu_);
  auto it = creds_.find(id);
  if (it == creds_.end() || it->second.revoked) return false;
  it->second.revoked = true;
  return true;
}

bool CredentialStore::remove_application(std::int64_t id) {
  std::unique_lock lock(mu_);
  auto it = apps_.find(id);
  if (it == apps_.end() || it->second.revoked) return false;
  it->second.revoked = true;
  for (auto& [cid, c] : creds_)
    if (c.application_id == id) c.revoked = true;
  return true;
}

void CredentialStore::touch(std::int64_t credential_id, std::int64_t now) {
  std::unique_lock lock(mu_);
  auto it = creds_.find(credential_id);
  if (it != creds_.end()) it->second.last_use = now;
}

std::size_t CredentialStore::application_count() const { return applications().size(); }

std::size_t CredentialStore::credential_count() const { return credentials().size(); }

}  // namespace ovhmock
