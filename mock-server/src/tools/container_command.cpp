#include "tools/container_command.hpp"

#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace ovhmock {
namespace {

constexpr const char* kUsage =
    R"(ovhmock container [options]: the entrypoint of the container image (docs/container.md).
Runs the server below with, before the given options (the last of a repeated option wins):
  --host 0.0.0.0 --port 8080      reachable from outside the container
  --admin-token $OVHMOCK_ADMIN_TOKEN
                                  when that variable is set and not empty; without it the
                                  control plane answers loopback peers only (the
                                  HEALTHCHECK), not the test job
  $OVHMOCK_OPTIONS                more options, split on whitespace (no quoting), for CI
                                  services that take no command line (GitHub Actions)

)";

// Storage for the rewritten argument list: it lives as long as the process.
std::vector<std::string>& arguments() {
  static std::vector<std::string> args;
  return args;
}
std::vector<char*>& pointers() {
  static std::vector<char*> ptrs;
  return ptrs;
}

}  // namespace

void use_container_defaults(int& argc, char**& argv) {
  auto& args = arguments();
  args = {argv[0], "--host", "0.0.0.0", "--port", "8080"};
  if (const char* token = std::getenv("OVHMOCK_ADMIN_TOKEN"); token && *token) {
    args.push_back("--admin-token");
    args.push_back(token);
  }
  if (const char* options = std::getenv("OVHMOCK_OPTIONS")) {
    const std::string text = options;
    if (text.find_first_of("'\"\\") != std::string::npos) {
      std::cerr << "ovhmock container: OVHMOCK_OPTIONS is split on whitespace only; quotes and "
                   "backslashes are not interpreted\n";
      std::exit(2);
    }
    std::istringstream words(text);
    for (std::string word; words >> word;) args.push_back(word);
  }
  bool help = false;
  for (int i = 2; i < argc; ++i) {
    args.push_back(argv[i]);
    help = help || args.back() == "--help" || args.back() == "-h";
  }
  if (help) std::cout << kUsage;
  auto& ptrs = pointers();
  ptrs.clear();
  for (auto& a : args) ptrs.push_back(a.data());
  ptrs.push_back(nullptr);
  argc = static_cast<int>(args.size());
  argv = ptrs.data();
}

}  // namespace ovhmock
