#pragma once
// The credential-flow fixture files; each is optional (an absent file loads as empty).
//   logins.json         [{nichandle, email, password}]: who may sign in on /createToken/
//   oauth2_clients.json [{clientId, clientSecret, name, description, identity?}]
#include <filesystem>
#include <vector>

#include "ovhmock/store/login_store.hpp"
#include "ovhmock/store/oauth2.hpp"

namespace ovhmock::fixtures {

std::vector<Login> load_logins(const std::filesystem::path& path);
std::vector<OAuth2Client> load_oauth2_clients(const std::filesystem::path& path);

}  // namespace ovhmock::fixtures
