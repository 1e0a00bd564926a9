#include "support/test_support.hpp"

#include <fstream>
#include <sstream>

#include "ovhmock/auth/signature.hpp"

namespace ovhmock::test {

std::filesystem::path fixtures_dir() { return OVHMOCK_FIXTURES_DIR; }
std::filesystem::path default_fixtures_dir() { return fixtures_dir() / "default"; }

Config server_config() {
  Config config;
  config.server.fixtures_dir = default_fixtures_dir().string();
  return config;
}

Keys default_keys() {
  return {"7kbG7Bk7S9Nt7ZSV", "Hq3vX8nP2mL6tR9wK4zB7cD1fG5jN0sA", "a3f9c1e07b2d4e5f8a9b0c1d2e3f4a5b"};
}

Request make_request(std::string method, std::string target, std::string body, std::vector<Header> headers) {
  Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.body = std::move(body);
  r.peer_address = "127.0.0.1";
  r.headers = {{"Host", "127.0.0.1:8080"}};
  for (auto& h : headers) r.headers.push_back(std::move(h));
  return r;
}

Request signed_request(const Keys& keys, std::string method, std::string target, std::string body,
                       std::int64_t timestamp, std::string host, std::string scheme) {
  Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.scheme = std::move(scheme);
  r.body = std::move(body);
  r.peer_address = "127.0.0.1";
  const std::string ts = std::to_string(timestamp);
  const std::string url = r.scheme + "://" + host + r.target;
  r.headers = {{"Host", host},
               {"X-Ovh-Application", keys.ak},
               {"X-Ovh-Consumer", keys.ck},
               {"X-Ovh-Timestamp", ts},
               {"X-Ovh-Signature", compute_signature({keys.as, keys.ck, r.method, url, r.body, ts})}};
  return r;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace ovhmock::test
