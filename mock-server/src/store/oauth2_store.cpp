#include <mutex>

#include "ovhmock/model/random.hpp"
#include "ovhmock/store/oauth2.hpp"

namespace ovhmock {

void OAuth2Store::load(std::vector<OAuth2Client> clients) {
  std::unique_lock lock(mu_);
  clients_ = std::move(clients);
  tokens_.clear();
}

std::optional<OAuth2Client> OAuth2Store::client(std::string_view client_id) const {
  std::shared_lock lock(mu_);
  for (const auto& c : clients_)
    if (c.client_id == client_id) return c;
  return std::nullopt;
}

std::vector<OAuth2Client> OAuth2Store::clients() const {
  std::shared_lock lock(mu_);
  return clients_;
}

AccessToken OAuth2Store::issue(const std::string& client_id, std::int64_t now) {
  AccessToken t{random_token(64), client_id, now, now + kAccessTokenLifetime};
  std::unique_lock lock(mu_);
  std::erase_if(tokens_, [now](const auto& entry) { return entry.second.expires_at <= now; });
  tokens_[t.token] = t;
  return t;
}

std::optional<AccessToken> OAuth2Store::token(std::string_view token) const {
  std::shared_lock lock(mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::nullopt;
  return it->second;
}

bool OAuth2Store::revoke(std::string_view token) {
  std::unique_lock lock(mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return false;
  tokens_.erase(it);
  return true;
}

std::size_t OAuth2Store::token_count() const {
  std::shared_lock lock(mu_);
  return tokens_.size();
}

}  // namespace ovhmock
