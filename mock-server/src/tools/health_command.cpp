#include "tools/health_command.hpp"

#include <httplib.h>

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace ovhmock {
namespace {

constexpr const char* kUsage = R"(usage: ovhmock health [URL] [--admin-token TOKEN] [--timeout SECONDS]
                      [--ca-file FILE | --insecure]

GETs URL/__admin/health and exits 0 when the server answers 200 with "status":"healthy",
1 otherwise (not reachable, refused, not healthy), 2 on a usage error. URL is the server's
base, scheme://host[:port] (default http://127.0.0.1:8080); a path after it is kept as a
prefix (a server behind a reverse proxy).

  --admin-token TOKEN   sent as Authorization: Bearer TOKEN, needed when the server is not
                        reached over loopback (default: the OVHMOCK_ADMIN_TOKEN environment
                        variable, when set and not empty)
  --timeout SECONDS     for connecting and for the answer, each (default 5)
  --ca-file FILE        CA certificates (PEM) to verify an https URL with (default: the
                        system's)
  --insecure            do not verify the https certificate

Used by the container image's HEALTHCHECK, where there is no curl.
)";

struct Target {
  std::string origin;  // scheme://host[:port]
  std::string prefix;  // path before /__admin/health, without a trailing slash
};

Target split_url(std::string url) {
  const auto sep = url.find("://");
  if (sep == std::string::npos || (url.compare(0, sep, "http") != 0 && url.compare(0, sep, "https") != 0))
    throw std::invalid_argument("URL must start with http:// or https:// (got \"" + url + "\")");
  if (url.find_first_of("?#") != std::string::npos)
    throw std::invalid_argument("URL must have no query or fragment (got \"" + url + "\")");
  const auto path = url.find('/', sep + 3);
  Target t{url.substr(0, path), path == std::string::npos ? "" : url.substr(path)};
  if (t.origin.size() == sep + 3) throw std::invalid_argument("URL has no host (got \"" + url + "\")");
  while (!t.prefix.empty() && t.prefix.back() == '/') t.prefix.pop_back();
  return t;
}

int parse_seconds(const std::string& text) {
  int value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || value < 1 || value > 3600)
    throw std::invalid_argument("--timeout needs a number of seconds between 1 and 3600 (got \"" + text + "\")");
  return value;
}

// The command line's options.
struct HealthArgs {
  std::string url = "http://127.0.0.1:8080", token, ca_file;
  bool have_url = false, insecure = false;
  int timeout = 5;
  bool help = false;  // --help: print the usage, nothing else
};

// Reads the arguments in order up to the end or --help; throws on a usage error.
HealthArgs parse_args(int argc, char** argv) {
  HealthArgs a;
  if (const char* env = std::getenv("OVHMOCK_ADMIN_TOKEN")) a.token = env;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--admin-token") {
      a.token = value();
      if (a.token.empty()) throw std::invalid_argument("--admin-token must not be empty");
    } else if (arg == "--timeout") {
      a.timeout = parse_seconds(value());
    } else if (arg == "--ca-file") {
      a.ca_file = value();
    } else if (arg == "--insecure") {
      a.insecure = true;
    } else if (arg == "--help" || arg == "-h") {
      a.help = true;
      return a;
    } else if (arg.rfind("-", 0) == 0 || a.have_url) {
      throw std::invalid_argument("unknown argument " + arg + " (see ovhmock health --help)");
    } else {
      a.url = arg;
      a.have_url = true;
    }
  }
  if (a.insecure && !a.ca_file.empty()) throw std::invalid_argument("--insecure and --ca-file exclude each other");
  return a;
}

// Timeouts and certificate checks of the options on a client of the server's origin.
void configure(httplib::Client& client, const HealthArgs& a) {
  if (!client.is_valid()) throw std::invalid_argument("cannot use URL \"" + a.url + "\"");
  client.set_connection_timeout(a.timeout, 0);
  client.set_read_timeout(a.timeout, 0);
  client.set_write_timeout(a.timeout, 0);
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
  if (a.insecure) client.enable_server_certificate_verification(false);
  if (!a.ca_file.empty()) client.set_ca_cert_path(a.ca_file);
#endif
}

// Prints what the health answer says (healthy to stdout, anything else to stderr) and
// returns the exit status: 0 healthy, 1 otherwise.
int report(const httplib::Result& res, const std::string& where) {
  if (!res) {
    std::cerr << "ovhmock health: " << where << ": no answer (" << httplib::to_string(res.error()) << ")\n";
    return 1;
  }
  const auto body = nlohmann::json::parse(res->body, nullptr, false);
  const bool is_object = body.is_object();
  const auto message = is_object && body.contains("message") && body["message"].is_string()
                           ? ": " + body["message"].get<std::string>()
                           : std::string();
  if (res->status != 200) {
    std::cerr << "ovhmock health: " << where << ": HTTP " << res->status << message << "\n";
    return 1;
  }
  if (!is_object || !body.contains("status") || body["status"] != "healthy") {
    std::cerr << "ovhmock health: " << where << ": not healthy: " << res->body.substr(0, 200) << "\n";
    return 1;
  }
  std::cout << "healthy: " << where;
  if (body.contains("version") && body["version"].is_string())
    std::cout << " (ovhmock " << body["version"].get<std::string>() << ")";
  std::cout << "\n";
  return 0;
}

}  // namespace

int health_command(int argc, char** argv) {
  const HealthArgs a = parse_args(argc, argv);
  if (a.help) {
    std::cout << kUsage;
    return 0;
  }
  const Target target = split_url(a.url);
  httplib::Client client(target.origin);
  configure(client, a);
  httplib::Headers headers;
  if (!a.token.empty()) headers.emplace("Authorization", "Bearer " + a.token);
  return report(client.Get(target.prefix + "/__admin/health", headers),
                target.origin + target.prefix + "/__admin/health");
}

}  // namespace ovhmock
