#pragma once
// Shared by the tests: the default fixtures, the default keys, signed requests.
#include <filesystem>
#include <string>

#include "ovhmock/model/request.hpp"
#include "ovhmock/server/server.hpp"

namespace ovhmock::test {

std::filesystem::path fixtures_dir();          // fixtures/ in the source tree
std::filesystem::path default_fixtures_dir();  // fixtures/default

// The configuration of a server as the binary builds it by default, on the default fixtures:
// make_server(server_config()) or Server{server_config()}.
Config server_config();

// The ready-to-use key of the default fixtures (unrestricted, validated).
struct Keys {
  std::string ak;
  std::string as;
  std::string ck;
};
Keys default_keys();

// An unsigned request from 127.0.0.1 with Host 127.0.0.1:8080 and the given extra headers.
Request make_request(std::string method, std::string target, std::string body = "", std::vector<Header> headers = {});

// A request signed over `scheme://host + target` with the given timestamp.
Request signed_request(const Keys& keys, std::string method, std::string target, std::string body,
                       std::int64_t timestamp, std::string host = "127.0.0.1:8080", std::string scheme = "http");

// Reads a whole file.
std::string read_file(const std::filesystem::path& path);

}  // namespace ovhmock::test
